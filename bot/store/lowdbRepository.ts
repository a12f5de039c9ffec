import { randomUUID } from 'node:crypto';
import { current, isDraft, produce, type Draft } from 'immer';
import type { Clock } from '../clock';
import { copyData } from './copy';
import { hasStarted, isUpcoming } from './meetingTime';
import {
  fail,
  ok,
  reportsChange,
  type ChangeBy,
  type IndicatorImportOutcome,
  type IndicatorValue,
  type NewAlertSend,
  type NewChaseSend,
  type NewReminderSend,
  type RecordType,
  type RecordRepositories,
  type Repository,
  type RepositoryError,
  type Result,
  type SendsRepository,
  type SyncOutcome,
  type Versioned,
} from './repository';
import {
  isOpenAction,
  MAX_SYNC_RUNS,
  recordVersion,
  type Action,
  type Actor,
  type ActionHistoryEntry,
  type Conversation,
  type Indicator,
  type IndicatorPoint,
  type Meeting,
  type StoreData,
  type SyncRun,
} from './schema';
import type { AuditInput, Store } from './store';

/**
 * One change to the document: checks, then changes `data` and audits, or changes nothing and
 * returns the error. Runs twice in a transaction (on the transaction's view, then at commit on
 * the newest document), so it must decide from `data` alone.
 */
type Op<T> = (data: StoreData, audit: (entry: AuditInput) => void) => Result<T>;
type Exec = <T>(op: Op<T>) => Promise<Result<T>>;

interface Rec {
  id: string;
  version?: number;
}

/** Thrown inside Store.transact to drop the whole draft when one write no longer applies. */
class Rollback extends Error {
  constructor(readonly error: RepositoryError) {
    super(`rolled back: ${error.kind}`);
  }
}

/**
 * A list as it stands, to scan without drafting it: reading records through a draft makes a
 * draft of each one (immer), and finishing the change then walks them all, which on a
 * council's store made every change cost tens of milliseconds. Scans read this; only the
 * record found is then taken from the draft to change.
 */
function asIs<T>(list: readonly T[]): readonly T[] {
  return isDraft(list) ? (current(list as unknown as object) as readonly T[]) : list;
}

/**
 * The record that matches (callers match on a unique key), from the draft when `list` is one
 * (so that it can be changed). Searched from the end: lists grow by appending, and the records
 * a change looks for (apologies for the coming meeting, a send just started) are mostly recent.
 */
function findIn<T>(list: readonly T[], match: (record: T) => boolean): T | undefined {
  const records = asIs(list);
  for (let i = records.length - 1; i >= 0; i -= 1) if (match(records[i]!)) return list[i];
  return undefined;
}

/** A plain copy of a record, whether it is a draft of the change being made or stored data. */
const snapshot = <T extends object>(record: T): T => (isDraft(record) ? current<T>(record as Draft<T>) : copyData(record));
const versioned = <T extends { version?: number }>(record: T): Versioned<T> => ({ ...record, version: recordVersion(record) });
const noAudit = (): void => undefined;

/**
 * Lists derived from a stored list (with versions, sorted, filtered), built once per stored list
 * and shared by every read until the list changes: a change gives a list a new identity
 * (changes are made on drafts), so a derived list is never older than the list it comes from.
 * Readers get them read-only. Kept because "open actions" and every meeting question read the
 * whole list on each turn (bench/README.md), and the recogniser's name tables are memoised on
 * the identity of these lists.
 */
const derivedLists = new WeakMap<readonly object[], Map<string, readonly unknown[]>>();
function derived<T extends object, U>(list: readonly T[], key: string, build: (list: readonly T[]) => readonly U[]): readonly U[] {
  let byKey = derivedLists.get(list);
  if (!byKey) {
    byKey = new Map();
    derivedLists.set(list, byKey);
  }
  let out = byKey.get(key) as readonly U[] | undefined;
  if (!out) {
    out = build(list);
    byKey.set(key, out);
  }
  return out;
}

/** A whole list with versions. */
const versionedAll = <T extends { version?: number }>(list: readonly T[]): readonly Versioned<T>[] =>
  derived(list, 'versioned', (l) => l.map(versioned));

/** Every meeting with its version, in order of date and time. */
const meetingsByTime = (list: readonly Meeting[]): readonly Versioned<Meeting>[] =>
  derived(list, 'byTime', (l) => [...versionedAll(l)].sort(byMeetingTime));

/** A committee's meetings with their versions, in order of date and time. */
const committeeMeetings = (list: readonly Meeting[], committeeId: string): readonly Versioned<Meeting>[] =>
  derived(list, `byTime:${committeeId}`, (l) => meetingsByTime(l).filter((m) => m.committeeId === committeeId));

/** The fields that differ, before and after (absent shown as null). */
function diff(before: object, after: object): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key]) === JSON.stringify(a[key])) continue;
    out.before[key] = b[key] ?? null;
    out.after[key] = a[key] ?? null;
  }
  return out;
}

function auditOf(by: ChangeBy, kind: string, recordType: RecordType, recordId: string): Omit<AuditInput, 'before' | 'after'> {
  return { actor: by.actor, onBehalfOf: by.onBehalfOf ?? null, kind, recordType, recordId };
}

/**
 * Changes one existing record. `apply` changes the record and returns the audit kind, returns
 * an error to refuse, or null when there is nothing to change (no audit, no new version).
 * `expected` null skips the version check (writes that are right whatever the version).
 */
function updateOp<R extends Rec>(
  list: (d: StoreData) => R[],
  recordType: RecordType,
  id: string,
  expected: number | null,
  by: ChangeBy,
  apply: (record: R, data: StoreData) => string | RepositoryError | null,
): Op<Versioned<R>> {
  return (data, audit) => {
    const record = findIn(list(data), (r) => r.id === id);
    if (!record) return fail({ kind: 'not-found', recordType, id });
    const current = recordVersion(record);
    if (expected !== null && expected !== current) return fail({ kind: 'stale', recordType, id, expected, current });
    const before = { ...snapshot(record), version: current };
    const kind = apply(record, data);
    if (kind === null) return ok(versioned(snapshot(record)));
    if (typeof kind !== 'string') return fail(kind);
    const changed = diff(before, { ...record, version: current });
    // A change that leaves every field as it was is no change: not audited, no new version.
    if (Object.keys(changed.after).length === 0) return ok(versioned(snapshot(record)));
    record.version = current + 1;
    changed.before.version = current;
    changed.after.version = current + 1;
    audit({ ...auditOf(by, kind, recordType, id), before: changed.before, after: { ...changed.after, ...by.note } });
    return ok(versioned(snapshot(record)));
  };
}

/** Adds a record at version 1; `refuse` names a conflict with what is stored. */
function createOp<R extends Rec>(
  list: (d: StoreData) => R[],
  recordType: RecordType,
  record: R,
  by: ChangeBy,
  kind: string,
  refuse?: (data: StoreData) => string | null,
): Op<Versioned<R>> {
  return (data, audit) => {
    const reason = refuse?.(data) ?? (asIs(list(data)).some((r) => r.id === record.id) ? 'a record with that id exists' : null);
    if (reason) return fail({ kind: 'conflict', recordType, id: record.id, reason });
    const stored = { ...copyData(record), version: 1 };
    list(data).push(stored);
    audit({ ...auditOf(by, kind, recordType, record.id), after: { ...stored, ...by.note } });
    return ok(versioned(snapshot(stored)));
  };
}

/** JSON with object keys sorted and undefined fields left out: equal for equal records whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Creates or replaces a whole record by id (the sync's writes). A record equal to the stored one
 * (version aside) is left exactly as stored: no audit, no new version.
 */
function putOp<R extends Rec>(
  list: (d: StoreData) => R[],
  recordType: RecordType,
  record: R,
  by: ChangeBy,
  versionedType: boolean,
): Op<SyncOutcome> {
  return (data, audit) => {
    const records = list(data);
    const index = records.findIndex((r) => r.id === record.id);
    const incoming = copyData(record);
    delete incoming.version;
    if (index < 0) {
      const stored = versionedType ? { ...incoming, version: 1 } : incoming;
      records.push(stored);
      audit({ ...auditOf(by, `${recordType}.imported`, recordType, record.id), after: { ...stored, ...by.note } });
      return ok('created');
    }
    const existing = snapshot(records[index]!);
    const { version: _version, ...existingFields } = existing;
    if (canonical(existingFields) === canonical(incoming)) return ok('unchanged');
    const changed = diff(existingFields, incoming);
    const replacement = versionedType ? { ...incoming, version: recordVersion(existing) + 1 } : incoming;
    if (versionedType) {
      changed.before.version = recordVersion(existing);
      changed.after.version = recordVersion(existing) + 1;
    }
    records[index] = replacement;
    audit({
      ...auditOf(by, `${recordType}.synced`, recordType, record.id),
      before: changed.before,
      after: { ...changed.after, ...by.note },
    });
    return ok('updated');
  };
}

const conflict = (recordType: RecordType, id: string, reason: string): RepositoryError => ({ kind: 'conflict', recordType, id, reason });
const byMeetingTime = (a: Meeting, b: Meeting) => (a.date + (a.startTime ?? '')).localeCompare(b.date + (b.startTime ?? ''));
const byItemNumber = (a: { number: string }, b: { number: string }) =>
  Number.parseInt(a.number, 10) - Number.parseInt(b.number, 10) || a.number.localeCompare(b.number);

/** The same meeting's minutes, or the same named plan. */
const sameActionList = (a: Action['origin'], b: Action['origin']): boolean =>
  a.meetingId || b.meetingId ? a.meetingId === b.meetingId : a.kind === b.kind && a.title === b.title;

const referenceKey = (reference: string) => reference.trim().replace(/\s+/g, ' ').toLowerCase();
const sameReference = (a: string, b: string) => referenceKey(a) === referenceKey(b);

/** One more than the highest "ACTION n" of a list (1 for a list with none). */
function nextActionNumber(actions: readonly Action[]): number {
  let highest = 0;
  for (const a of actions) {
    const n = /^action\s+(\d+)$/i.exec(a.reference.trim());
    if (n) highest = Math.max(highest, Number(n[1]));
  }
  return highest + 1;
}

/**
 * A number for each list the store has held, for search's stamp: the store gives a changed list
 * a new identity and keeps the others, so the numbers of the lists search indexes change exactly
 * when one of them does. Numbers are never reused, so stamps of two stores never coincide.
 */
const listNumbers = new WeakMap<object, number>();
let lastListNumber = 0;
function listNumber(list: object): number {
  let n = listNumbers.get(list);
  if (n === undefined) {
    lastListNumber += 1;
    n = lastListNumber;
    listNumbers.set(list, n);
  }
  return n;
}

/** Whether a stored figure says exactly what `value` says (who recorded it aside). */
function sameFigure(point: IndicatorPoint, value: IndicatorValue): boolean {
  const core = (p: IndicatorValue) =>
    JSON.stringify([p.period, p.periodEnd, p.value, p.count ?? null, p.asAt, p.source, p.comparators ?? null]);
  return core(point) === core(value);
}

/** The figure as stored: only the fields a figure has, stamped with who recorded it and when. */
function stampedPoint(value: IndicatorValue, by: ChangeBy, at: string): IndicatorPoint {
  const { period, periodEnd, value: figure, count, asAt, source, comparators } = copyData(value);
  return {
    period,
    periodEnd,
    value: figure,
    ...(count ? { count } : {}),
    asAt,
    source,
    ...(comparators ? { comparators } : {}),
    recordedBy: by.actor,
    recordedAt: at,
  };
}

/** An indicator's figures stay in period order, so the latest is last. */
const byPeriodEnd = (a: IndicatorPoint, b: IndicatorPoint) => a.periodEnd.localeCompare(b.periodEnd);

/** Finds the indicator and checks the version (`expected` null: any version). */
function indicatorAt(data: StoreData, id: string, expected: number | null): Result<StoreData['indicators'][number]> {
  const indicator = findIn(data.indicators, (i) => i.id === id);
  if (!indicator) return fail({ kind: 'not-found', recordType: 'indicator', id });
  const current = recordVersion(indicator);
  if (expected !== null && expected !== current) return fail({ kind: 'stale', recordType: 'indicator', id, expected, current });
  return ok(indicator);
}

function recordIndicatorValueOp(
  id: string,
  expected: number | null,
  value: IndicatorValue,
  by: ChangeBy,
  at: string,
): Op<Versioned<Indicator>> {
  return (data, audit) => {
    const found = indicatorAt(data, id, expected);
    if (!found.ok) return fail(found.error);
    const indicator = found.value;
    if (indicator.series.some((p) => p.period === value.period)) {
      return fail(conflict('indicator', id, `a figure for ${value.period} is already recorded`));
    }
    const latest = [...indicator.series].sort(byPeriodEnd).at(-1);
    if (latest && latest.periodEnd >= value.periodEnd) {
      return fail(conflict('indicator', id, `${value.period} is not after the latest figure (${latest.period})`));
    }
    const version = recordVersion(indicator);
    const point = stampedPoint(value, by, at);
    indicator.series.push(point);
    indicator.series.sort(byPeriodEnd);
    indicator.version = version + 1;
    audit({
      ...auditOf(by, 'indicator.valueRecorded', 'indicator', id),
      before: { version, latest: latest ? snapshot(latest) : null },
      after: { version: version + 1, point: copyData(point), ...by.note },
    });
    return ok(versioned(snapshot(indicator)));
  };
}

function correctIndicatorValueOp(
  id: string,
  expected: number | null,
  value: IndicatorValue,
  by: ChangeBy,
  at: string,
): Op<Versioned<Indicator>> {
  return (data, audit) => {
    const found = indicatorAt(data, id, expected);
    if (!found.ok) return fail(found.error);
    const indicator = found.value;
    const index = indicator.series.findIndex((p) => p.period === value.period);
    if (index < 0) return fail({ kind: 'not-found', recordType: 'indicator', id: `${id}#${value.period}` });
    const old = snapshot(indicator.series[index]!);
    if (sameFigure(old, value)) return ok(versioned(snapshot(indicator)));
    const { corrections = [], ...was } = old;
    const point: IndicatorPoint = {
      ...stampedPoint(value, by, at),
      corrections: [...corrections, { ...was, correctedAt: at, correctedBy: by.actor }],
    };
    const version = recordVersion(indicator);
    indicator.series[index] = point;
    indicator.series.sort(byPeriodEnd);
    indicator.version = version + 1;
    audit({
      ...auditOf(by, 'indicator.valueCorrected', 'indicator', id),
      before: { version, point: was },
      after: { version: version + 1, point: stampedPoint(value, by, at), ...by.note },
    });
    return ok(versioned(snapshot(indicator)));
  };
}

/** Withdraws an apology or a declaration: kept, marked withdrawn by whoever did it (`<type>.withdrawn`). */
function withdrawOp<R extends Rec & { status: string; recordedBy: Actor; onBehalf: boolean; updatedAt: string }>(
  list: (d: StoreData) => R[],
  recordType: 'apology' | 'declaration',
  id: string,
  expected: number,
  by: ChangeBy,
  at: string,
): Op<Versioned<R>> {
  return updateOp(list, recordType, id, expected, by, (r) => {
    if (r.status === 'withdrawn') return conflict(recordType, id, 'already withdrawn');
    Object.assign(r, { status: 'withdrawn', recordedBy: by.actor, onBehalf: Boolean(by.onBehalfOf), updatedAt: at });
    return `${recordType}.withdrawn`;
  });
}

/** The repository functions over a document view, with writes handed to `exec`. */
interface SendRecord<D extends { outcome: string }> extends Rec {
  state: string;
  finishedAt: string | null;
  deliveries: D[];
}

/**
 * The record a `start` adds, its audit kind, and what refuses it besides an existing id. How a
 * delivery's change is audited: `'delivery'` records only that delivery (a reminder to a
 * committee has one per member, each changed as it goes), `'record'` the whole send's changed
 * fields.
 */
interface SendsRules<S, N> {
  started: (send: N) => { record: S; kind: string; refuse?: (data: StoreData) => string | null };
  deliveryAudit: 'delivery' | 'record';
}

/** One implementation of a send-with-deliveries sub-repository, audited as `<prefix>.*`. */
function sendsRepository<D extends { outcome: string }, S extends SendRecord<D>, N>(
  list: (d: StoreData) => S[],
  recordType: RecordType,
  prefix: string,
  read: <T>(fn: (d: Readonly<StoreData>) => T) => Promise<T>,
  exec: Exec,
  rules: SendsRules<S, N>,
): SendsRepository<S, D, N> {
  const oneDelivery =
    (id: string, index: number, patch: Partial<D>, by: ChangeBy): Op<Versioned<S>> =>
    (data, audit) => {
      const send = findIn(list(data), (s) => s.id === id);
      const delivery = send?.deliveries[index];
      if (!send || !delivery) return fail({ kind: 'not-found', recordType, id: `${id}#${index}` });
      const before = snapshot(delivery);
      Object.assign(delivery, copyData(patch));
      const changed = diff(before, delivery);
      if (Object.keys(changed.after).length === 0) return ok(versioned(snapshot(send)));
      const current = recordVersion(send);
      send.version = current + 1;
      audit({
        ...auditOf(by, `${prefix}.${delivery.outcome}`, recordType, id),
        before: { delivery: index, ...changed.before, version: current },
        after: { delivery: index, ...changed.after, version: current + 1, ...by.note },
      });
      return ok(versioned(snapshot(send)));
    };
  const wholeRecord =
    (id: string, index: number, patch: Partial<D>, by: ChangeBy): Op<Versioned<S>> =>
    (data, audit) => {
      if (!findIn(list(data), (s) => s.id === id)?.deliveries[index]) {
        return fail({ kind: 'not-found', recordType, id: `${id}#${index}` });
      }
      return updateOp(list, recordType, id, null, by, (s) => {
        const delivery = s.deliveries[index]!;
        Object.assign(delivery, copyData(patch));
        return `${prefix}.${delivery.outcome}`;
      })(data, audit);
    };
  const setDelivery = rules.deliveryAudit === 'delivery' ? oneDelivery : wholeRecord;

  return {
    get: (id) => read((d) => list(d).find((s) => s.id === id)).then((s) => s && versioned(s)),
    list: () => read((d) => list(d).map(versioned)),
    unfinished: () =>
      read((d) =>
        list(d)
          .filter((s) => s.state === 'sending')
          .map(versioned),
      ),
    start: (send, by) => {
      const { record, kind, refuse } = rules.started(send);
      return exec(createOp(list, recordType, record, by, kind, refuse));
    },
    setDelivery: (id, index, patch, by) => exec(setDelivery(id, index, patch, by)),
    finish: (id, at, by) =>
      exec(
        updateOp(list, recordType, id, null, by, (s) => {
          if (s.state !== 'sending') return conflict(recordType, id, `already ${s.state}`);
          s.state = 'sent';
          s.finishedAt = at;
          return `${prefix}.finished`;
        }),
      ),
  };
}

function repositories(
  view: () => Readonly<StoreData>,
  exec: Exec,
  clock: Clock,
  keep: ((mutate: (data: Pick<StoreData, 'syncRuns'>) => void) => Promise<void>) | null,
): RecordRepositories {
  const read = <T>(fn: (d: Readonly<StoreData>) => T): Promise<T> => Promise.resolve(fn(view()));
  const now = () => clock.now().toISOString();
  const people = (d: StoreData) => d.people;
  const committees = (d: StoreData) => d.committees;
  const meetings = (d: StoreData) => d.meetings;
  const apologies = (d: StoreData) => d.apologies;
  const declarations = (d: StoreData) => d.declarations;
  const linkRequests = (d: StoreData) => d.linkRequests;
  const conversations = (d: StoreData) => d.conversations;
  const schedules = (d: StoreData) => d.reminderSchedules;
  const sends = (d: StoreData) => d.reminderSends;
  const alertSends = (d: StoreData) => d.alertSends;
  const subscriptions = (d: StoreData) => d.alertSubscriptions;
  const pendingAlerts = (d: StoreData) => d.pendingAlerts;
  const actionList = (d: StoreData) => d.actions;
  const chaseSchedules = (d: StoreData) => d.chaseSchedules;
  const chaseSends = (d: StoreData) => d.chaseSends;

  return {
    council: { name: () => read((d) => d.council.name) },

    people: {
      all: () => read((d) => versionedAll(d.people)),
      get: (id) => read((d) => d.people.find((p) => p.id === id)).then((p) => p && versioned(p)),
      withObjectId: (aad) => read((d) => d.people.find((p) => p.aadObjectId === aad)).then((p) => p && versioned(p)),
      link: (id, expected, account, by) =>
        exec(
          updateOp(people, 'person', id, expected, by, (p, d) => {
            if (account.aadObjectId) {
              if (p.aadObjectId && p.aadObjectId !== account.aadObjectId) return conflict('person', id, 'linked to another account');
              if (d.people.some((o) => o.id !== id && o.aadObjectId === account.aadObjectId))
                return conflict('person', id, 'the account is linked to another person');
              p.aadObjectId = account.aadObjectId;
            }
            if (account.teamsUserId) p.teamsUserId = account.teamsUserId;
            if (account.email) p.email = account.email;
            return 'person.linked';
          }),
        ),
      unlink: (id, expected, by) =>
        exec(
          updateOp(people, 'person', id, expected, by, (p) => {
            if (!p.aadObjectId) return conflict('person', id, 'not linked');
            delete p.aadObjectId;
            delete p.teamsUserId;
            return 'person.unlinked';
          }),
        ),
    },

    committees: {
      all: () => read((d) => d.committees),
      get: (id) => read((d) => d.committees.find((c) => c.id === id)),
      configure: (id, expected, settings, by) =>
        exec((data, audit) => {
          const committee = findIn(data.committees, (c) => c.id === id);
          if (!committee) return fail({ kind: 'not-found', recordType: 'committee', id });
          const current = recordVersion(committee);
          if (expected !== current) return fail({ kind: 'stale', recordType: 'committee', id, expected, current });
          const { quorum, substituteNoticeMinutes: notice } = settings;
          if (!Number.isInteger(quorum) || quorum < 1)
            return fail(conflict('committee', id, 'the quorum must be a whole number, at least 1'));
          if (!Number.isInteger(notice) || notice < 0)
            return fail(conflict('committee', id, 'the notice must be a whole number of minutes'));
          let clerkId: string;
          if ('add' in settings.clerk) {
            const { add } = settings.clerk;
            const added = createOp(
              people,
              'person',
              {
                ...add,
                kind: 'officer' as const,
                source: { document: 'committees:configure', section: `Clerk of the ${committee.name}` },
              },
              by,
              'person.added',
            )(data, audit);
            if (!added.ok) return added;
            clerkId = add.id;
          } else {
            clerkId = settings.clerk.personId;
            if (!asIs(data.people).some((p) => p.id === clerkId))
              return fail(conflict('committee', id, `no person has the id "${clerkId}"`));
          }
          return updateOp(committees, 'committee', id, expected, by, (c) => {
            Object.assign(c, { clerkIds: [clerkId], quorum, substituteNoticeMinutes: notice });
            return 'committee.configured';
          })(data, audit);
        }),
    },

    meetings: {
      list: (committeeId) => read((d) => (committeeId ? committeeMeetings(d.meetings, committeeId) : meetingsByTime(d.meetings))),
      get: (id) => read((d) => d.meetings.find((m) => m.id === id)).then((m) => m && versioned(m)),
      next: (committeeId, at) => read((d) => committeeMeetings(d.meetings, committeeId).find((m) => isUpcoming(m, at))),
      notStarted: (committeeId, at) => read((d) => committeeMeetings(d.meetings, committeeId).filter((m) => !hasStarted(m, at))),
      between: (committeeId, from, to) =>
        read((d) => committeeMeetings(d.meetings, committeeId).filter((m) => m.date >= from && m.date <= to)),
      last: (committeeId, at) =>
        read((d) =>
          committeeMeetings(d.meetings, committeeId)
            .filter((m) => m.status !== 'cancelled' && hasStarted(m, at))
            .at(-1),
        ),
      add: (input, by) => {
        const meeting: Meeting = { ...input, id: '', status: 'scheduled', agendaPublished: null, agendaItems: [] };
        return exec((data, audit) => {
          let id = `${input.committeeId}-${input.date}`;
          for (let n = 2; asIs(data.meetings).some((m) => m.id === id); n += 1) id = `${input.committeeId}-${input.date}-${n}`;
          const clash = (d: StoreData) =>
            d.meetings.some((m) => m.committeeId === input.committeeId && m.date === input.date && m.status !== 'cancelled')
              ? 'the committee already meets that day'
              : null;
          return createOp(meetings, 'meeting', { ...meeting, id }, by, 'meeting.added', clash)(data, audit);
        });
      },
      move: (id, expected, to, by) =>
        exec(
          updateOp(meetings, 'meeting', id, expected, by, (m) => {
            if (m.status === 'cancelled') return conflict('meeting', id, 'cancelled');
            Object.assign(m, { date: to.date, startTime: to.startTime, venue: to.venue });
            return 'meeting.moved';
          }),
        ),
      cancel: (id, expected, reason, by) =>
        exec(
          updateOp(meetings, 'meeting', id, expected, by, (m) => {
            if (m.status === 'cancelled') return conflict('meeting', id, 'already cancelled');
            m.status = 'cancelled';
            m.cancelledReason = reason;
            return 'meeting.cancelled';
          }),
        ),
      publishAgenda: (id, expected, on, by) =>
        exec(
          updateOp(meetings, 'meeting', id, expected, by, (m) => {
            if (m.agendaPublished) return conflict('meeting', id, 'agenda already published');
            m.agendaPublished = on;
            return 'meeting.agendaPublished';
          }),
        ),
    },

    agendaItems: {
      list: (meetingId) => read((d) => d.meetings.find((m) => m.id === meetingId)?.agendaItems ?? []),
      add: (meetingId, expected, item, by) =>
        exec(
          updateOp(meetings, 'meeting', meetingId, expected, by, (m) => {
            if (m.agendaItems.some((i) => i.number.toLowerCase() === item.number.toLowerCase())) {
              return conflict('meeting', meetingId, `item ${item.number} is already on the agenda`);
            }
            m.agendaItems.push(copyData(item));
            m.agendaItems.sort(byItemNumber);
            return 'meeting.itemAdded';
          }),
        ),
      setUrgencyReason: (meetingId, number, reason, by) =>
        exec((data, audit) => {
          if (!findIn(data.meetings, (m) => m.id === meetingId)?.agendaItems.some((i) => i.number === number)) {
            return fail({ kind: 'not-found', recordType: 'meeting', id: `${meetingId}#${number}` });
          }
          return updateOp(meetings, 'meeting', meetingId, null, by, (m) => {
            const item = m.agendaItems.find((i) => i.number === number)!;
            if (item.urgencyReason === reason) return null;
            item.urgencyReason = reason;
            return 'meeting.urgencyReason';
          })(data, audit);
        }),
    },

    minutes: { ofMeeting: (meetingId) => read((d) => d.minutes.find((m) => m.meetingId === meetingId)) },

    actions: {
      list: () => read((d) => versionedAll(d.actions)),
      open: () => read((d) => derived(d.actions, 'open', (l) => versionedAll(l).filter(isOpenAction))),
      get: (id) => read((d) => d.actions.find((a) => a.id === id)).then((a) => a && versioned(a)),
      forMeeting: (meetingId) => read((d) => d.actions.filter((a) => a.origin.meetingId === meetingId).map(versioned)),
      add: (input, by) => {
        const at = now();
        const id = randomUUID();
        return exec((data, audit) => {
          const sameList = asIs(data.actions).filter((a) => sameActionList(a.origin, input.origin));
          const reference = input.reference ?? `ACTION ${nextActionNumber(sameList)}`;
          const taken = (d: StoreData) =>
            asIs(d.actions).some((a) => sameActionList(a.origin, input.origin) && sameReference(a.reference, reference))
              ? `${reference} is already used in ${input.origin.title}`
              : null;
          const action: Action = {
            ...copyData(input),
            id,
            reference,
            status: 'open',
            rag: null,
            history: [
              {
                at,
                by: by.actor,
                onBehalfOf: by.onBehalfOf ?? null,
                kind: 'added',
                status: 'open',
                owner: input.owner,
                due: input.due,
              },
            ],
          };
          return createOp(actionList, 'action', action, by, 'action.added', taken)(data, audit);
        });
      },
      update: (id, expected, change, by) => {
        const at = now();
        return exec(
          updateOp(actionList, 'action', id, expected, by, (a) => {
            const entry: ActionHistoryEntry = { at, by: by.actor, onBehalfOf: by.onBehalfOf ?? null, kind: 'updated' };
            const { note, dueReason, ...fields } = copyData(change);
            const progress = note ?? fields.update;
            delete fields.update;
            let changed = false;
            if (fields.status !== undefined && fields.status !== a.status) {
              a.status = fields.status;
              entry.status = fields.status;
              changed = true;
            }
            if (fields.rag !== undefined && fields.rag !== a.rag) {
              a.rag = fields.rag;
              entry.rag = fields.rag;
              changed = true;
            }
            if (fields.owner !== undefined && JSON.stringify(fields.owner) !== JSON.stringify(a.owner)) {
              a.owner = fields.owner;
              entry.owner = fields.owner;
              changed = true;
            }
            if (fields.due !== undefined && fields.due !== a.due) {
              a.due = fields.due;
              a.dueText = fields.dueText !== undefined ? fields.dueText : null;
              entry.due = fields.due;
              if (dueReason) entry.dueReason = dueReason;
              changed = true;
            } else if (fields.dueText !== undefined && fields.dueText !== a.dueText) {
              a.dueText = fields.dueText;
              changed = true;
            }
            if (progress !== undefined && (changed || progress !== a.update)) {
              a.update = progress;
              entry.note = progress;
              changed = true;
            }
            if (!changed) return null;
            a.history = [...(a.history ?? []), entry];
            return 'action.updated';
          }),
        );
      },
    },

    apologies: {
      get: (id) => read((d) => d.apologies.find((a) => a.id === id)).then((a) => a && versioned(a)),
      forMeeting: (meetingId) => read((d) => d.apologies.filter((a) => a.meetingId === meetingId).map(versioned)),
      of: (meetingId, personId) =>
        read((d) => d.apologies.find((a) => a.meetingId === meetingId && a.personId === personId)).then((a) => a && versioned(a)),
      record: (input, expected, by) => {
        const at = now();
        const onBehalf = Boolean(by.onBehalfOf);
        const id = randomUUID();
        // One substitute stands in for one member at a meeting: a newly named substitute who is
        // already named on another sent apology for the meeting is a clash.
        const substituteTaken = (data: StoreData, ownId: string | null) =>
          input.substituteId !== null &&
          input.substituteId !== findIn(data.apologies, (a) => a.id === ownId)?.substituteId &&
          asIs(data.apologies).some(
            (a) => a.meetingId === input.meetingId && a.id !== ownId && a.status === 'sent' && a.substituteId === input.substituteId,
          );
        return exec((data, audit) => {
          const existing = findIn(data.apologies, (a) => a.meetingId === input.meetingId && a.personId === input.personId);
          if (!existing) {
            if (expected !== null) return fail({ kind: 'not-found', recordType: 'apology', id: `${input.meetingId}/${input.personId}` });
            if (substituteTaken(data, null)) return fail(conflict('apology', id, 'the substitute is already booked'));
            const apology = { ...input, id, status: 'sent' as const, recordedBy: by.actor, onBehalf, createdAt: at, updatedAt: at };
            return createOp(apologies, 'apology', apology, by, 'apology.sent')(data, audit);
          }
          if (expected === null) return fail(conflict('apology', existing.id, 'apologies are already recorded for this person'));
          if (substituteTaken(data, existing.id)) return fail(conflict('apology', existing.id, 'the substitute is already booked'));
          return updateOp(apologies, 'apology', existing.id, expected, by, (a) => {
            if (a.status === 'sent' && a.reason === input.reason && a.substituteId === input.substituteId) return null;
            const kind = a.status === 'withdrawn' ? 'apology.resent' : 'apology.updated';
            Object.assign(a, {
              reason: input.reason,
              substituteId: input.substituteId,
              status: 'sent',
              recordedBy: by.actor,
              onBehalf,
              updatedAt: at,
            });
            return kind;
          })(data, audit);
        });
      },
      withdraw: (id, expected, by) => {
        const at = now();
        return exec(withdrawOp(apologies, 'apology', id, expected, by, at));
      },
    },

    declarations: {
      get: (id) => read((d) => d.declarations.find((x) => x.id === id)).then((x) => x && versioned(x)),
      forMeeting: (meetingId) => read((d) => d.declarations.filter((x) => x.meetingId === meetingId).map(versioned)),
      declare: (input, by) => {
        const at = now();
        const declaration = {
          ...input,
          id: randomUUID(),
          status: 'declared' as const,
          recordedBy: by.actor,
          onBehalf: Boolean(by.onBehalfOf),
          createdAt: at,
          updatedAt: at,
        };
        const standing = (d: StoreData) =>
          d.declarations.some(
            (x) =>
              x.meetingId === input.meetingId &&
              x.agendaItemNumber === input.agendaItemNumber &&
              x.personId === input.personId &&
              x.status === 'declared',
          )
            ? 'an interest is already declared on this item'
            : null;
        return exec(createOp(declarations, 'declaration', declaration, by, 'declaration.made', standing));
      },
      update: (id, expected, change, by) => {
        const at = now();
        return exec(
          updateOp(declarations, 'declaration', id, expected, by, (x) => {
            if (x.status === 'withdrawn') return conflict('declaration', id, 'withdrawn');
            if (x.kind === change.kind && x.nature === change.nature && x.onRegister === change.onRegister) return null;
            Object.assign(x, {
              kind: change.kind,
              nature: change.nature,
              onRegister: change.onRegister,
              recordedBy: by.actor,
              onBehalf: Boolean(by.onBehalfOf),
              updatedAt: at,
            });
            return 'declaration.updated';
          }),
        );
      },
      withdraw: (id, expected, by) => {
        const at = now();
        return exec(withdrawOp(declarations, 'declaration', id, expected, by, at));
      },
    },

    indicators: {
      list: () => read((d) => versionedAll(d.indicators)),
      get: (id) => read((d) => d.indicators.find((i) => i.id === id)).then((i) => i && versioned(i)),
      recordValue: (id, expected, value, by) => exec(recordIndicatorValueOp(id, expected, value, by, now())),
      correctValue: (id, expected, value, by) => exec(correctIndicatorValueOp(id, expected, value, by, now())),
      importValues: (values, by) => {
        const at = now();
        return exec((data, audit) => {
          const outcome: IndicatorImportOutcome = { recorded: [], unchanged: [] };
          const ordered = [...values].sort((a, b) => a.value.periodEnd.localeCompare(b.value.periodEnd));
          for (const { indicatorId, value } of ordered) {
            const label = `${indicatorId} ${value.period}`;
            const indicator = findIn(data.indicators, (i) => i.id === indicatorId);
            const same = indicator?.series.find((p) => p.period === value.period);
            if (same && sameFigure(same, value)) {
              outcome.unchanged.push(label);
              continue;
            }
            const result = recordIndicatorValueOp(indicatorId, null, value, by, at)(data, audit);
            if (!result.ok) return fail(result.error);
            outcome.recorded.push(label);
          }
          return ok(outcome);
        });
      },
    },

    workProgramme: {
      forCommittee: (committeeId) => read((d) => d.workProgramme.filter((w) => w.committeeId === committeeId)),
      get: (id) => read((d) => d.workProgramme.find((w) => w.id === id)),
    },

    budget: { lines: (year) => read((d) => (year ? d.budget.filter((b) => b.year === year) : d.budget)) },

    search: {
      stamp: () =>
        read((d) => [d.committees, d.meetings, d.minutes, d.actions, d.workProgramme, d.indicators, d.budget].map(listNumber).join('.')),
      sources: () =>
        read((d) => ({
          committees: d.committees,
          meetings: d.meetings,
          minutes: d.minutes,
          actions: d.actions,
          workProgramme: d.workProgramme,
          indicators: d.indicators,
          budget: d.budget,
        })),
    },

    linkRequests: {
      get: (id) => read((d) => d.linkRequests.find((r) => r.id === id)).then((r) => r && versioned(r)),
      pending: () => read((d) => d.linkRequests.filter((r) => r.status === 'pending').map(versioned)),
      forAccount: (aad) => read((d) => d.linkRequests.filter((r) => r.aadObjectId === aad).map(versioned)),
      create: (input, by) => {
        const request = { ...input, id: randomUUID(), status: 'pending' as const, decidedAt: null, decidedBy: null };
        const pending = (d: StoreData) =>
          d.linkRequests.some((r) => r.aadObjectId === input.aadObjectId && r.status === 'pending')
            ? 'the account already has a pending request'
            : d.people.find((p) => p.id === input.personId)?.aadObjectId
              ? 'the person is already linked to an account'
              : null;
        return exec(createOp(linkRequests, 'linkRequest', request, by, 'linkRequest.created', pending));
      },
      decide: (id, expected, decision, by) => {
        const at = now();
        return exec(
          updateOp(linkRequests, 'linkRequest', id, expected, by, (r) => {
            if (r.status !== 'pending') return conflict('linkRequest', id, `already ${r.status}`);
            Object.assign(r, { status: decision, decidedAt: at, decidedBy: by.actor });
            return `linkRequest.${decision}`;
          }),
        );
      },
    },

    conversations: {
      get: (id) => read((d) => d.conversations.find((c) => c.id === id)).then((c) => c && versioned(c)),
      list: () => read((d) => d.conversations.map(versioned)),
      channelsOf: (committeeId) =>
        read((d) => d.conversations.filter((c) => c.type !== 'personal' && c.installed && c.committeeId === committeeId).map(versioned)),
      personalChatOf: (personId) =>
        read((d) => d.conversations.find((c) => c.type === 'personal' && c.installed && c.personId === personId)).then(
          (c) => c && versioned(c),
        ),
      remember: (seen, by) => {
        const at = now();
        return exec((data, audit) => {
          if (!asIs(data.conversations).some((c) => c.id === seen.id)) {
            const added: Conversation = { ...copyData(seen), installed: seen.installed ?? true, committeeId: null, updatedAt: at };
            return createOp(conversations, 'conversation', added, by, 'conversation.added')(data, audit);
          }
          return updateOp(conversations, 'conversation', seen.id, null, by, (c) => {
            if (!reportsChange(c, seen)) return null;
            Object.assign(c, {
              type: seen.type,
              reference: copyData(seen.reference),
              tenantId: seen.tenantId ?? c.tenantId,
              teamId: seen.teamId ?? c.teamId,
              teamName: seen.teamName ?? c.teamName,
              channelName: seen.channelName ?? c.channelName,
              personId: seen.personId ?? c.personId,
              installed: seen.installed ?? c.installed,
              updatedAt: at,
            });
            return 'conversation.updated';
          })(data, audit);
        });
      },
      linkCommittee: (id, expected, committeeId, by) => {
        const at = now();
        return exec(
          updateOp(conversations, 'conversation', id, expected, by, (c) => {
            if (c.committeeId === committeeId) return null;
            if (committeeId !== null && c.type === 'personal')
              return conflict('conversation', id, 'a personal chat cannot be linked to a committee');
            Object.assign(c, { committeeId, updatedAt: at });
            return committeeId === null ? 'conversation.unlinked' : 'conversation.linked';
          }),
        );
      },
      forgetPerson: (id, expected, by) => {
        const at = now();
        return exec(
          updateOp(conversations, 'conversation', id, expected, by, (c) => {
            if (c.personId === null) return null;
            Object.assign(c, { personId: null, updatedAt: at });
            return 'conversation.updated';
          }),
        );
      },
    },

    reminderSchedules: {
      active: (committeeId) =>
        read((d) =>
          d.reminderSchedules.filter((s) => s.active && (committeeId === undefined || s.committeeId === committeeId)).map(versioned),
        ),
      get: (id) => read((d) => d.reminderSchedules.find((s) => s.id === id)).then((s) => s && versioned(s)),
      create: (input, by) =>
        exec(
          createOp(
            schedules,
            'reminderSchedule',
            { ...input, id: randomUUID(), active: true, createdBy: by.actor, createdAt: now() },
            by,
            'reminderSchedule.created',
          ),
        ),
      stop: (id, expected, why, by) =>
        exec(
          updateOp(schedules, 'reminderSchedule', id, expected, by, (s) => {
            if (!s.active) return conflict('reminderSchedule', id, 'not active');
            s.active = false;
            return `reminderSchedule.${why}`;
          }),
        ),
    },

    reminderSends: sendsRepository(sends, 'reminderSend', 'reminder', read, exec, {
      started: (send: NewReminderSend) => ({
        record: { ...send, finishedAt: send.state === 'skipped' ? send.startedAt : null },
        kind: `reminder.${send.state === 'skipped' ? 'skipped' : 'started'}`,
      }),
      deliveryAudit: 'delivery',
    }),

    alertSends: {
      ...sendsRepository(alertSends, 'alertSend', 'alert', read, exec, {
        started: (send: NewAlertSend) => ({
          record: { ...send, state: 'sending' as const, finishedAt: null },
          kind: 'alert.started',
          refuse: (d) => (d.alertSends.some((s) => s.key === send.key) ? 'this change has already been alerted' : null),
        }),
        deliveryAudit: 'record',
      }),
      withKey: (key) => read((d) => d.alertSends.find((s) => s.key === key)).then((s) => s && versioned(s)),
    },

    alertSubscriptions: {
      active: (committeeId) =>
        read((d) =>
          d.alertSubscriptions.filter((s) => s.active && (committeeId === undefined || s.committeeId === committeeId)).map(versioned),
        ),
      of: (personId, committeeId) =>
        read((d) => d.alertSubscriptions.find((s) => s.personId === personId && s.committeeId === committeeId)).then(
          (s) => s && versioned(s),
        ),
      subscribe: (personId, committeeId, by) => {
        const at = now();
        return exec((data, audit) => {
          const existing = findIn(data.alertSubscriptions, (s) => s.personId === personId && s.committeeId === committeeId);
          if (!existing) {
            const subscription = { id: randomUUID(), personId, committeeId, active: true, createdAt: at, updatedAt: at };
            return createOp(subscriptions, 'alertSubscription', subscription, by, 'alertSubscription.started')(data, audit);
          }
          return updateOp(subscriptions, 'alertSubscription', existing.id, null, by, (s) => {
            if (s.active) return conflict('alertSubscription', s.id, 'already subscribed');
            Object.assign(s, { active: true, updatedAt: at });
            return 'alertSubscription.restarted';
          })(data, audit);
        });
      },
      unsubscribe: (id, expected, by) => {
        const at = now();
        return exec(
          updateOp(subscriptions, 'alertSubscription', id, expected, by, (s) => {
            if (!s.active) return conflict('alertSubscription', id, 'not subscribed');
            Object.assign(s, { active: false, updatedAt: at });
            return 'alertSubscription.stopped';
          }),
        );
      },
    },

    pendingAlerts: {
      list: () => read((d) => d.pendingAlerts.map(versioned)),
      keep: (changes, by) => {
        const at = now();
        return exec((data, audit) => {
          const kept: Versioned<StoreData['pendingAlerts'][number]>[] = [];
          for (const change of changes) {
            if (asIs(data.pendingAlerts).some((p) => p.key === change.key) || asIs(data.alertSends).some((s) => s.key === change.key))
              continue;
            const made = createOp(
              pendingAlerts,
              'pendingAlert',
              { ...change, id: randomUUID(), keptAt: at },
              by,
              'pendingAlert.kept',
            )(data, audit);
            if (!made.ok) return made;
            kept.push(made.value);
          }
          return ok(kept);
        });
      },
      remove: (id, by) =>
        exec((data, audit) => {
          const index = asIs(data.pendingAlerts).findIndex((p) => p.id === id);
          if (index < 0) return fail({ kind: 'not-found', recordType: 'pendingAlert', id });
          const [removed] = data.pendingAlerts.splice(index, 1);
          audit({ ...auditOf(by, 'pendingAlert.removed', 'pendingAlert', id), before: copyData(removed) });
          return ok(undefined);
        }),
    },

    chaseSchedules: {
      list: () => read((d) => d.chaseSchedules.map(versioned)),
      forCommittee: (committeeId) =>
        read((d) => d.chaseSchedules.find((c) => c.committeeId === committeeId)).then((c) => c && versioned(c)),
      set: (committeeId, expected, times, by) => {
        const at = now();
        return exec((data, audit) => {
          const existing = findIn(data.chaseSchedules, (c) => c.committeeId === committeeId);
          if (expected === null) {
            const schedule = { ...times, id: `chase-${committeeId}`, committeeId, createdBy: by.actor, createdAt: at };
            const exists = (d: StoreData) =>
              d.chaseSchedules.some((c) => c.committeeId === committeeId) ? 'the committee already has a chasing schedule' : null;
            return createOp(chaseSchedules, 'chaseSchedule', schedule, by, 'chaseSchedule.set', exists)(data, audit);
          }
          if (!existing) return fail({ kind: 'not-found', recordType: 'chaseSchedule', id: `chase-${committeeId}` });
          return updateOp(chaseSchedules, 'chaseSchedule', existing.id, expected, by, (c) => {
            Object.assign(c, { weekday: times.weekday, at: times.at, active: times.active });
            return 'chaseSchedule.set';
          })(data, audit);
        });
      },
    },

    sync: {
      putCommittee: (committee, by) => exec(putOp((d) => d.committees, 'committee', committee, by, true)),
      putMeeting: (meeting, by) => exec(putOp(meetings, 'meeting', meeting, by, true)),
      putPerson: (person, by) => exec(putOp(people, 'person', person, by, true)),
      putMinutes: (minutes, by) => exec(putOp((d) => d.minutes, 'minutes', minutes, by, false)),
      runs: () => read((d) => [...d.syncRuns].reverse()),
      recordRun: (run: SyncRun) => {
        if (!keep) return Promise.reject(new Error('A sync run is recorded outside a transaction.'));
        return keep((d) => {
          d.syncRuns.push(copyData(run));
          if (d.syncRuns.length > MAX_SYNC_RUNS) d.syncRuns.splice(0, d.syncRuns.length - MAX_SYNC_RUNS);
        });
      },
    },

    chaseSends: sendsRepository(chaseSends, 'chaseSend', 'chase', read, exec, {
      started: (send: NewChaseSend) => ({
        record: { ...send, state: 'sending' as const, finishedAt: null },
        kind: 'chase.started',
        refuse: (d) => (d.chaseSends.some((s) => s.id === send.id) ? 'this round of chasing has already been started' : null),
      }),
      deliveryAudit: 'record',
    }),

    audit: {
      entries: (filter) =>
        read((d) =>
          d.audit.filter(
            (e) =>
              (filter?.recordType === undefined || e.recordType === filter.recordType) &&
              (filter?.recordId === undefined || e.recordId === filter.recordId),
          ),
        ),
    },
  };
}

/**
 * The repository on the lowdb Store. A write outside a transaction is one Store.transact: durable
 * before it resolves, serialised with every other change, and checked (version, conflicts)
 * against the newest document. A transaction collects its writes, applying each to a private
 * view (immer: only what a write touches is copied) so later reads and writes in it see it, and
 * at the end replays them all in one Store.transact; if one no longer applies there, the draft
 * is dropped and nothing lands.
 */
export function createLowdbRepository(store: Store, clock: Clock): Repository {
  let deciding: Promise<void> = Promise.resolve();
  const committed = (): Readonly<StoreData> => store.read((d) => d);
  const direct: Exec = async <T>(op: Op<T>) => {
    try {
      return await store.transact((data, audit) => {
        const result = op(data, audit);
        if (!result.ok) throw new Rollback(result.error);
        return result;
      });
    } catch (err) {
      // Store.transact rethrows a refusal once the writes it rests on are durable.
      if (err instanceof Rollback) return fail<T>(err.error);
      throw err;
    }
  };
  return {
    ...repositories(committed, direct, clock, (mutate) => store.keep(mutate)),
    async transaction<T>(fn: (tx: RecordRepositories) => Promise<Result<T>>): Promise<Result<T>> {
      // Transactions decide one at a time, each on the newest document, so two of them never
      // decide on the same state (a burst of changes to one record would otherwise refuse all
      // but one, round after round). The next may decide while this one's write is on its way:
      // what it reads is told only once it is on disk.
      const previous = deciding;
      let release = (): void => undefined;
      deciding = new Promise<void>((resolve) => (release = resolve));
      await previous;
      let commit: Promise<unknown> | null = null;
      let view: Readonly<StoreData>;
      let outcome: Result<T>;
      try {
        view = store.newest();
        let open = true;
        const staged: Op<unknown>[] = [];
        const stage: Exec = <U>(op: Op<U>) => {
          if (!open) return Promise.reject(new Error('The transaction has ended.'));
          let result: Result<U> = fail({ kind: 'not-found', recordType: 'meeting', id: '' });
          const next = produce(view as StoreData, (draft) => {
            result = op(draft, noAudit);
          });
          if (result.ok) {
            view = next;
            staged.push(op);
          }
          return Promise.resolve(result);
        };
        try {
          outcome = await fn(repositories(() => view, stage, clock, null));
        } finally {
          open = false;
        }
        if (outcome.ok && staged.length > 0) {
          commit = store.transact((data, audit) => {
            for (const op of staged) {
              const result = op(data, audit);
              if (!result.ok) throw new Rollback(result.error);
            }
          });
        }
      } finally {
        release();
      }
      if (!commit) {
        // Nothing to write, but the outcome may rest on changes still on their way to the disk.
        await store.settled(view);
        return outcome;
      }
      try {
        await commit;
      } catch (err) {
        if (err instanceof Rollback) return fail<T>(err.error);
        throw err;
      }
      return outcome;
    },
  };
}
