import { createHash, randomUUID } from 'node:crypto';
import { addMonths, format, parseISO, subMonths } from 'date-fns';
import { formatDate, formatDateTime, londonDate, londonInstant } from '../../format';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { fail, ok, type ChangeBy, type RecordRepositories, type Repository, type Result } from '../../store/repository';
import type { AgendaItem, Committee, Meeting, Membership, Minutes, ModernGovRef, Person, SyncRun } from '../../store/schema';
import type { MeetingChange, MeetingChangeKind, Paper } from '../alerts/changes';
import {
  ModernGovError,
  type ModernGovClient,
  type ModernGovCommittee,
  type ModernGovCouncillor,
  type ModernGovMeeting,
  type ModernGovMeetingSummary,
} from './client';
import { attendanceOf, nameKey, roleOf, splitTitle } from './values';

/**
 * One sync of the chosen committees from modern.gov. What modern.gov holds (committees, their
 * meetings in the window, agendas, papers, membership, attendance and minutes) is fetched for
 * all committees a few requests at a time, then written one committee at a time, each in one
 * transaction: a committee whose fetch or write fails writes nothing and keeps its last good
 * data, and the others go on. Records equal to the stored ones are left untouched, so a sync
 * with nothing changed upstream changes nothing. Apologies, declarations, actions, reminders and
 * links are the bot's own: a sync never writes them, and a meeting that moves or disappears
 * upstream keeps them (a disappeared meeting is marked, never deleted).
 */

export interface SyncSettings {
  /** MODERNGOV_URL, without a trailing slash. */
  site: string;
  /** modern.gov committee ids, or every current committee. */
  committees: 'all' | readonly string[];
  monthsBack: number;
  monthsAhead: number;
}

export interface SyncDeps {
  records: Repository;
  client: ModernGovClient;
  settings: SyncSettings;
  /** The bot's clock (BOT_NOW when set): the window and the run's times are counted from it. */
  clock: Clock;
  logger: Logger;
}

export type CommitteeSync = SyncRun['committees'][number];

export interface SyncReport {
  run: SyncRun;
  /** One per meeting that really changed (not on a meeting's first import). */
  meetingChanges: MeetingChange[];
}

const SYNC_ACTOR: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'modern.gov sync' } };

/** Fetched for one committee, before anything is written. */
interface Fetched {
  committee: ModernGovCommittee;
  meetings: ModernGovMeeting[];
}

export async function runSync(deps: SyncDeps): Promise<SyncReport> {
  const { client, settings, logger, clock } = deps;
  const now = clock.now();
  const startedAt = now.toISOString();
  const problems: string[] = [];
  const finish = async (committees: CommitteeSync[], meetingChanges: MeetingChange[]): Promise<SyncReport> => {
    const run: SyncRun = {
      id: randomUUID(),
      startedAt,
      finishedAt: clock.now().toISOString(),
      site: settings.site,
      ok: problems.length === 0 && committees.every((c) => c.outcome === 'synced'),
      committees,
      problems,
    };
    await deps.records.sync.recordRun(run);
    return { run, meetingChanges };
  };

  if (settings.committees !== 'all' && settings.committees.length === 0) {
    problems.push('No committees are chosen: set MODERNGOV_COMMITTEES to modern.gov committee ids (comma-separated) or "all".');
    return finish([], []);
  }

  let upstream: ModernGovCommittee[];
  try {
    upstream = await client.getCommittees();
  } catch (err) {
    problems.push(messageOf(err));
    return finish([], []);
  }
  const current = upstream.filter((c) => !c.deleted && !c.expired);
  let chosen: ModernGovCommittee[];
  if (settings.committees === 'all') {
    chosen = current;
  } else {
    chosen = [];
    for (const id of settings.committees) {
      const found = upstream.find((c) => c.id === id);
      if (!found) problems.push(`Committee ${id} is not on ${settings.site} (GetCommittees does not list it).`);
      else if (found.deleted || found.expired) {
        problems.push(`Committee ${id} (${found.title}) is ${found.deleted ? 'deleted' : 'expired'} in modern.gov, so it is not synced.`);
      } else chosen.push(found);
    }
  }

  const today = londonDate(now);
  const from = format(subMonths(parseISO(today), settings.monthsBack), 'yyyy-MM-dd');
  const to = format(addMonths(parseISO(today), settings.monthsAhead), 'yyyy-MM-dd');

  const councillors = client.getCouncillorsByWard().catch((err: unknown) => {
    problems.push(`${messageOf(err)} (councillors' work email addresses were not updated)`);
    return [] as ModernGovCouncillor[];
  });
  // Every committee's requests are queued at once (the client paces them); writes follow in order.
  const fetches = chosen.map((committee) => fetchCommittee(client, committee, from, to));

  const results: CommitteeSync[] = [];
  const meetingChanges: MeetingChange[] = [];
  for (const [index, committee] of chosen.entries()) {
    const fetched = await fetches[index]!;
    const base = { moderngovId: committee.id, name: committee.title, created: 0, updated: 0, cancelled: 0, unchanged: 0, notes: [] };
    if (!fetched.ok) {
      const stored = await findCommittee(deps.records, settings.site, committee);
      results.push({ ...base, committeeId: stored?.id ?? null, outcome: 'failed', error: fetched.error });
      logger.warn('modern.gov sync of a committee failed', { committee: committee.id, error: fetched.error });
      continue;
    }
    try {
      // Fetched before the transaction: transactions decide one at a time.
      const councillorList = await councillors;
      const applied = await deps.records.transaction((tx) =>
        applyCommittee(tx, fetched.value, { site: settings.site, client, today, from, to, councillors: councillorList }),
      );
      if (!applied.ok) {
        const stored = await findCommittee(deps.records, settings.site, committee);
        const error = `The records could not be written (${applied.error.kind}: ${'reason' in applied.error ? applied.error.reason : applied.error.id}); nothing was changed for this committee.`;
        results.push({ ...base, committeeId: stored?.id ?? null, outcome: 'failed', error });
        continue;
      }
      results.push({ ...base, ...applied.value.summary, outcome: 'synced' });
      meetingChanges.push(...applied.value.changes);
      for (const note of applied.value.summary.notes) logger.info('modern.gov sync', { committee: committee.id, note });
    } catch (err) {
      const stored = await findCommittee(deps.records, settings.site, committee);
      results.push({ ...base, committeeId: stored?.id ?? null, outcome: 'failed', error: messageOf(err) });
      logger.error('modern.gov sync of a committee failed', { committee: committee.id, error: (err as Error).message });
    }
  }
  return finish(results, meetingChanges);
}

function messageOf(err: unknown): string {
  if (err instanceof ModernGovError) return err.message;
  return `The sync failed: ${(err as Error).message}`;
}

async function fetchCommittee(
  client: ModernGovClient,
  committee: ModernGovCommittee,
  from: string,
  to: string,
): Promise<{ ok: true; value: Fetched } | { ok: false; error: string }> {
  try {
    const summaries: ModernGovMeetingSummary[] = await client.getMeetings(committee.id, from, to);
    const meetings = await Promise.all(summaries.map((s) => client.getMeeting(s.id)));
    return { ok: true, value: { committee, meetings } };
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}

/** The stored committee for a modern.gov one: by its modern.gov id, else by name among those not yet synced. */
async function findCommittee(records: RecordRepositories, site: string, committee: ModernGovCommittee): Promise<Committee | undefined> {
  const all = await records.committees.all();
  const name = committee.title.toLowerCase();
  return (
    all.find((c) => c.moderngov?.site === site && c.moderngov.id === committee.id) ??
    all.find((c) => !c.moderngov && [c.name, ...c.aliases].some((n) => n.toLowerCase() === name))
  );
}

interface ApplyContext {
  site: string;
  client: ModernGovClient;
  today: string;
  from: string;
  to: string;
  councillors: readonly ModernGovCouncillor[];
}

interface Applied {
  summary: Omit<CommitteeSync, 'moderngovId' | 'name' | 'outcome' | 'error'>;
  changes: MeetingChange[];
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'record'
  );
}

/** `base`, or `base-2`, `base-3` ... the first not taken. */
function freeId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n += 1) if (!taken(`${base}-${String(n)}`)) return `${base}-${String(n)}`;
}

function sameRef(ref: ModernGovRef | undefined, site: string, id: string): boolean {
  return ref?.site === site && ref.id === id;
}

/** The municipal year (May to April, as councils count it) of a date: "2025/26". */
function municipalYear(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const start = month >= 5 ? year : year - 1;
  return `${String(start)}/${String((start + 1) % 100).padStart(2, '0')}`;
}

const ROLE_ORDER: Record<Membership['role'], number> = { chair: 0, 'vice-chair': 1, member: 2, 'co-opted': 3 };

/** Writes one committee's fetched state through the transaction `tx`. */
async function applyCommittee(tx: RecordRepositories, fetched: Fetched, ctx: ApplyContext): Promise<Result<Applied>> {
  const { site, client, today } = ctx;
  const upstream = fetched.committee;
  const notes: string[] = [];
  const counts = { created: 0, updated: 0, cancelled: 0, unchanged: 0 };
  const changes: MeetingChange[] = [];
  const count = (outcome: 'created' | 'updated' | 'unchanged') => (counts[outcome] += 1);

  // People: every attendee of every fetched meeting, matched or added once.
  const { councillors } = ctx;
  const people = [...(await tx.people.all())];
  const personIdFor = new Map<string, string>();
  const attendeeKey = (a: { memberId: string | null; name: string }) => (a.memberId ? `id:${a.memberId}` : `name:${nameKey(a.name)}`);
  for (const meeting of fetched.meetings) {
    for (const attendee of meeting.attendees) {
      const key = attendeeKey(attendee);
      if (personIdFor.has(key)) continue;
      const byId = attendee.memberId ? people.find((p) => sameRef(p.moderngov, site, attendee.memberId!)) : undefined;
      const byName = byId ?? people.find((p) => nameKey(p.name) === nameKey(attendee.name) && (!p.moderngov || !attendee.memberId));
      const { title, name } = splitTitle(attendee.name);
      const councillor =
        (attendee.memberId ? councillors.find((c) => c.id === attendee.memberId) : undefined) ??
        councillors.find((c) => nameKey(c.name) === nameKey(attendee.name));
      const role = roleOf(attendee.role).role;
      const ref: ModernGovRef | undefined = attendee.memberId
        ? { site, id: attendee.memberId, url: attendee.url ?? client.memberUrl(attendee.memberId) }
        : byName?.moderngov;
      const base: Person = byName
        ? { ...byName }
        : {
            id: freeId(slug(name), (id) => people.some((p) => p.id === id)),
            name,
            kind: role === 'officer' ? 'officer' : 'member',
          };
      const person: Person = {
        ...base,
        ...(base.title || !title ? {} : { title }),
        ...(base.email || !councillor?.workEmail ? {} : { email: councillor.workEmail }),
        ...(ref ? { moderngov: ref } : {}),
      };
      const put = await tx.sync.putPerson(person, SYNC_ACTOR);
      if (!put.ok) return fail(put.error);
      if (put.value === 'created') notes.push(`Added ${title ? `${title} ` : ''}${name} from modern.gov.`);
      const index = people.findIndex((p) => p.id === person.id);
      if (index >= 0) people[index] = { ...person, version: people[index]!.version };
      else people.push({ ...person, version: 1 });
      personIdFor.set(key, person.id);
    }
  }
  const personOf = (a: { memberId: string | null; name: string }) => personIdFor.get(attendeeKey(a))!;

  // The committee, with its membership from the meeting nearest ahead (else the latest held).
  const stored = await findCommittee(tx, site, upstream);
  const committees = await tx.committees.all();
  const live = fetched.meetings.filter((m) => !/cancel/i.test(m.status ?? '')).sort((a, b) => a.date.localeCompare(b.date));
  const reference = live.find((m) => m.date >= today && m.attendees.length > 0) ?? [...live].reverse().find((m) => m.attendees.length > 0);
  let membership = stored?.membership ?? [];
  let substitutes = stored?.substitutes ?? [];
  if (reference) {
    const roles = reference.attendees.map((a) => {
      const read = roleOf(a.role);
      if (!read.known) notes.push(`Unknown role "${a.role ?? ''}" for ${a.name}: taken as a member.`);
      return { personId: personOf(a), role: read.role };
    });
    const previous = new Map((stored?.membership ?? []).map((m) => [m.personId, m]));
    membership = roles
      .filter((r): r is { personId: string; role: Membership['role'] } => r.role !== 'substitute' && r.role !== 'officer')
      .filter((r, i, all) => all.findIndex((o) => o.personId === r.personId) === i)
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
      .map((r) => {
        const before = previous.get(r.personId);
        return {
          personId: r.personId,
          role: r.role,
          ...(before?.representing ? { representing: before.representing } : {}),
          ...(before?.votingRights !== undefined ? { votingRights: before.votingRights } : {}),
        };
      });
    substitutes = [...new Set(roles.filter((r) => r.role === 'substitute').map((r) => r.personId))];
  }
  const committeeUrl = client.committeeUrl(upstream.id);
  const committee: Committee = {
    ...(stored ?? {
      id: freeId(slug(upstream.title), (id) => committees.some((c) => c.id === id)),
      aliases: [],
      council: await tx.council.name(),
      municipalYear: municipalYear(today),
      clerkIds: [],
      quorum: 3,
      substituteNoticeMinutes: 120,
      source: { document: committeeUrl, section: `modern.gov committee ${upstream.id}` },
    }),
    name: stored?.moderngov ? upstream.title : (stored?.name ?? upstream.title),
    membership,
    substitutes,
    moderngov: { site, id: upstream.id, url: committeeUrl },
  };
  const putCommittee = await tx.sync.putCommittee(committee, SYNC_ACTOR);
  if (!putCommittee.ok) return fail(putCommittee.error);
  if (putCommittee.value === 'created') notes.push(`Added the ${committee.name} from modern.gov.`);

  // Meetings.
  const allMeetings = await tx.meetings.list();
  const taken = new Set(allMeetings.map((m) => m.id));
  const seen = new Set<string>();
  for (const upstreamMeeting of fetched.meetings) {
    const existing =
      allMeetings.find((m) => sameRef(m.moderngov, site, upstreamMeeting.id)) ??
      allMeetings.find((m) => m.committeeId === committee.id && !m.moderngov && m.date === upstreamMeeting.date && !seen.has(m.id));
    const id = existing?.id ?? freeId(`${committee.id}-${upstreamMeeting.date}`, (x) => taken.has(x));
    taken.add(id);
    seen.add(id);
    const meeting = meetingFrom(upstreamMeeting, existing, {
      id,
      committeeId: committee.id,
      site,
      client,
      committeeRef: upstream.id,
      today,
    });
    const put = await tx.sync.putMeeting(meeting, SYNC_ACTOR);
    if (!put.ok) return fail(put.error);
    const becameCancelled = meeting.status === 'cancelled' && existing?.status !== 'cancelled' && put.value === 'updated';
    if (becameCancelled) counts.cancelled += 1;
    else count(put.value);
    if (existing?.moderngov && put.value === 'updated') {
      const kinds = changesBetween(existing, meeting);
      if (kinds.length > 0) {
        const { version: _v, ...state } = meeting;
        const digest = createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16);
        changes.push({ meetingId: id, committeeId: committee.id, source: 'modern.gov', changes: kinds, key: `${id}:${digest}` });
      }
      if (kinds.some((k) => k.kind === 'moved')) {
        notes.push(`${await keptLine(tx, existing, `moved to ${when(meeting)}`)}`);
      }
    }
    const minutes = await minutesFrom(tx, upstreamMeeting, meeting, personOf, site, today);
    if (minutes) {
      const putMinutes = await tx.sync.putMinutes(minutes, SYNC_ACTOR);
      if (!putMinutes.ok) return fail(putMinutes.error);
    }
  }

  // Meetings in the window that modern.gov no longer lists: marked, never deleted.
  for (const gone of allMeetings) {
    if (gone.committeeId !== committee.id || seen.has(gone.id) || gone.moderngov?.site !== site) continue;
    if (gone.date < ctx.from || gone.date > ctx.to) continue;
    if (!gone.missingUpstreamSince) {
      const put = await tx.sync.putMeeting({ ...gone, missingUpstreamSince: today }, SYNC_ACTOR);
      if (!put.ok) return fail(put.error);
      count(put.value);
      notes.push(await keptLine(tx, gone, 'is no longer listed in modern.gov; it is kept here until you settle it'));
    } else {
      count('unchanged');
    }
  }

  return ok({ summary: { committeeId: committee.id, ...counts, notes }, changes });
}

function when(meeting: Pick<Meeting, 'date' | 'startTime'>): string {
  return meeting.startTime
    ? formatDateTime(londonInstant(meeting.date, meeting.startTime))
    : `${formatDate(meeting.date)}, time to be confirmed`;
}

/** A line for the clerk about a moved or vanished meeting, saying what the bot keeps for it. */
async function keptLine(tx: RecordRepositories, meeting: Meeting, what: string): Promise<string> {
  const apologies = (await tx.apologies.forMeeting(meeting.id)).filter((a) => a.status === 'sent').length;
  const declarations = (await tx.declarations.forMeeting(meeting.id)).filter((d) => d.status === 'declared').length;
  const kept =
    apologies + declarations > 0
      ? ` Its ${String(apologies)} apolog${apologies === 1 ? 'y' : 'ies'} and ${String(declarations)} declaration${declarations === 1 ? '' : 's'} are kept: please check them with the members.`
      : '';
  return `The meeting of ${when(meeting)} ${what}.${kept}`;
}

interface MeetingIds {
  id: string;
  committeeId: string;
  site: string;
  client: ModernGovClient;
  committeeRef: string;
  today: string;
}

/** An item number as people see it: "9." → "9", "5.10" kept. */
function itemNumber(display: string | null, order: number | null, index: number): string {
  const trimmed = display?.replace(/\.$/, '').trim();
  return trimmed || (order !== null ? String(order) : String(index + 1));
}

function meetingFrom(m: ModernGovMeeting, existing: Meeting | undefined, ids: MeetingIds): Meeting {
  const url = ids.client.meetingUrl(ids.committeeRef, m.id);
  const cancelled = /cancel/i.test(m.status ?? '');
  const attended = m.attendees.some((a) => !['expected', 'unknown'].includes(attendanceOf(a.attendance)));
  const used = new Set<string>();
  const items = [...m.items]
    .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER))
    .map((item, index): AgendaItem => {
      let number = itemNumber(item.number, item.order, index);
      if (used.has(number.toLowerCase())) number = `${number} (${item.id})`;
      used.add(number.toLowerCase());
      const before =
        existing?.agendaItems.find((i) => sameRef(i.moderngov, ids.site, item.id)) ??
        existing?.agendaItems.find((i) => i.number === number);
      return {
        number,
        title: item.title,
        // A restricted item's description is exempt information: never stored, so never shown or searched.
        ...(item.description && !item.restricted ? { description: item.description } : {}),
        pages: before?.pages ?? null,
        leadOfficer: before?.leadOfficer ?? null,
        restricted: item.restricted,
        ...(before?.exemptParagraph ? { exemptParagraph: before.exemptParagraph } : {}),
        ...(before?.late !== undefined ? { late: before.late } : {}),
        ...(before?.urgencyReason ? { urgencyReason: before.urgencyReason } : {}),
        documents: item.documents.map((doc) => ({
          title: doc.title,
          url: doc.restricted ? null : doc.url,
          published: doc.published,
          restricted: doc.restricted,
          moderngov: { site: ids.site, id: doc.id, ...(doc.url && !doc.restricted ? { url: doc.url } : {}) },
        })),
        moderngov: { site: ids.site, id: item.id },
      };
    });
  const published = items
    .flatMap((i) => i.documents ?? [])
    .map((d) => d.published)
    .filter((d): d is string => d !== null)
    .sort()[0];
  return {
    id: ids.id,
    committeeId: ids.committeeId,
    date: m.date,
    startTime: m.time,
    venue: m.location,
    webcastUrl: m.webcast ? url : null,
    // Held once modern.gov records attendance, or publishes minutes of a day that has come.
    status: cancelled ? 'cancelled' : attended || (m.minutesPublished && m.date <= ids.today) ? 'held' : 'scheduled',
    ...(cancelled ? { cancelledReason: existing?.cancelledReason ?? 'Cancelled in modern.gov' } : {}),
    agendaPublished: m.agendaPublished ? (existing?.agendaPublished ?? published ?? ids.today) : null,
    agendaItems: items,
    source: { document: url, section: `modern.gov meeting ${m.id}` },
    minutesPublished: m.minutesPublished,
    moderngov: { site: ids.site, id: m.id, url },
    ...(existing?.version !== undefined ? { version: existing.version } : {}),
  };
}

function papersOf(meeting: Meeting): Map<string, Paper & { key: string }> {
  const out = new Map<string, Paper & { key: string }>();
  for (const item of meeting.agendaItems) {
    for (const doc of item.documents ?? []) {
      if (doc.restricted) continue;
      const key = doc.moderngov?.id ?? doc.url ?? doc.title;
      out.set(key, { key, title: doc.title, url: doc.url, published: doc.published });
    }
  }
  return out;
}

/** What the committee is told about a meeting that changed since the last sync. */
function changesBetween(before: Meeting, after: Meeting): MeetingChangeKind[] {
  const kinds: MeetingChangeKind[] = [];
  if (after.status === 'cancelled' && before.status !== 'cancelled')
    kinds.push({ kind: 'cancelled', reason: after.cancelledReason ?? null });
  if (before.date !== after.date || before.startTime !== after.startTime) {
    kinds.push({
      kind: 'moved',
      from: { date: before.date, startTime: before.startTime },
      to: { date: after.date, startTime: after.startTime },
    });
  }
  if (before.venue !== after.venue) kinds.push({ kind: 'venueChanged', from: before.venue, to: after.venue });
  if (!before.agendaPublished && after.agendaPublished) kinds.push({ kind: 'agendaPublished' });
  const old = papersOf(before);
  const added: Paper[] = [];
  const replaced: Paper[] = [];
  for (const [key, paper] of papersOf(after)) {
    const was = old.get(key);
    const shown = { title: paper.title, url: paper.url, published: paper.published };
    if (!was) added.push(shown);
    else if (was.title !== paper.title || was.url !== paper.url || was.published !== paper.published) replaced.push(shown);
  }
  if (added.length > 0) kinds.push({ kind: 'papersAdded', papers: added });
  if (replaced.length > 0) kinds.push({ kind: 'papersReplaced', papers: replaced });
  if (!before.minutesPublished && after.minutesPublished) kinds.push({ kind: 'minutesPublished' });
  return kinds;
}

/**
 * The attendance and minutes modern.gov records for a meeting, in the shape the attendance and
 * minutes questions read: present, apologies, others in attendance, and each item's minute once
 * published. None while attendance is only "expected" and no minutes are published. Minutes the
 * store holds from another source (the papers) are never replaced.
 */
async function minutesFrom(
  tx: RecordRepositories,
  m: ModernGovMeeting,
  meeting: Meeting,
  personOf: (a: { memberId: string | null; name: string }) => string,
  site: string,
  today: string,
): Promise<Minutes | null> {
  const existing = await tx.minutes.ofMeeting(meeting.id);
  if (existing && !existing.source.document.startsWith(site)) return null;
  const recorded = m.attendees.map((a) => ({ a, attendance: attendanceOf(a.attendance), role: roleOf(a.role).role }));
  const attended = recorded.some((r) => r.attendance !== 'expected' && r.attendance !== 'unknown');
  if (!attended && !(m.minutesPublished && m.date <= today)) return null;
  const present = recorded.filter((r) => r.attendance === 'present' && r.role !== 'officer').map((r) => personOf(r.a));
  const apologies = recorded.filter((r) => r.attendance === 'apologies').map((r) => ({ personId: personOf(r.a) }));
  const inAttendance = recorded
    .filter((r) => (r.attendance === 'present' && r.role === 'officer') || r.attendance === 'in-attendance')
    .map((r) => ({ personId: personOf(r.a), name: splitTitle(r.a.name).name, ...(r.a.role ? { role: r.a.role } : {}) }));
  const items =
    m.minutesPublished && m.date <= today
      ? m.items
          .filter((i) => i.minutes && !i.restricted)
          .map((i, index) => ({
            minuteNumber: itemNumber(i.number, i.order, index),
            title: i.title,
            summary: i.minutes!,
            resolutions: [],
          }))
      : [];
  return {
    id: existing?.id ?? `${meeting.id}-minutes`,
    meetingId: meeting.id,
    present: [...new Set(present)],
    apologies,
    inAttendance,
    items,
    source: {
      document: meeting.moderngov?.url ?? site,
      section: `modern.gov meeting ${m.id}: attendance${m.minutesPublished ? ' and minutes' : ''}`,
    },
  };
}
