import { createHash } from 'node:crypto';
import path from 'node:path';
import { StoreLoadError } from './errors';

/**
 * The store on disk as parts (ADR 0009). The document in memory is one `StoreData`; on disk it
 * is split the way the domain splits it, so that a change rewrites only the parts it touches:
 *
 * - `committee/<committeeId>/<municipal year>`: a committee's meetings of one municipal year
 *   (1 May to 30 April, "2023-24"), with everything recorded against those meetings.
 * - `audit/<YYYY-MM>/<chunk>`: the audit entries of one month, AUDIT_CHUNK to a part in list order.
 * - `council`: everything else, and the document's fields that are not lists (`council`).
 *
 * A part is a pure function of a record and the document it is in (see groupCollection), so the
 * same document always gives the same parts. STORE_PATH holds the index that names each part's
 * file; the part files live in `<store>.parts/` beside it, one file per part and generation,
 * never rewritten in place (see bot/store/storeFile.ts for the commit).
 *
 * This module holds what does not touch the disk: the part of a record, the grouping of a
 * document into parts, which parts a change touches, and the assembly of parts into a document.
 */

export const COUNCIL_PART = 'council';

/** A document as this module sees it: lists of records and a few other fields. */
export type Document = Record<string, unknown>;

/** Collections whose records belong to their meeting's part, and where each names the meeting. */
const MEETING_OF: Record<string, (record: Record<string, unknown>) => unknown> = {
  minutes: (r) => r.meetingId,
  apologies: (r) => r.meetingId,
  declarations: (r) => r.meetingId,
  reminderSends: (r) => r.meetingId,
  alertSends: (r) => r.meetingId,
  workProgramme: (r) => r.meetingId,
  actions: (r) => (r.origin as { meetingId?: unknown } | undefined)?.meetingId,
};

/** Collections whose parts depend on the meetings (the meetings themselves included). */
const KEYED_BY_MEETINGS = new Set(['meetings', ...Object.keys(MEETING_OF)]);

/** "2023-24" for a date from 1 May 2023 to 30 April 2024 (a council's municipal year). */
export function municipalYear(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = month >= 5 ? year : year - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** Each meeting's part, by meeting id. */
export type MeetingParts = Map<string, string>;

export function meetingPartsOf(meetings: unknown): MeetingParts {
  const parts: MeetingParts = new Map();
  if (!Array.isArray(meetings)) return parts;
  for (const meeting of meetings as Record<string, unknown>[]) {
    if (typeof meeting?.id === 'string') parts.set(meeting.id, meetingPart(meeting));
  }
  return parts;
}

function meetingPart(meeting: Record<string, unknown>): string {
  const { committeeId, date } = meeting;
  if (typeof committeeId !== 'string' || typeof date !== 'string') return COUNCIL_PART;
  return `committee/${committeeId}/${municipalYear(date)}`;
}

/** How many audit entries of one month share a part: a month's entries are cut into chunks of this many. */
export const AUDIT_CHUNK = 100;

/** The month (`YYYY-MM`) of an audit entry's `at`, or null when it has none. */
function auditMonth(record: unknown): string | null {
  const at = (record as { at?: unknown }).at;
  return typeof at === 'string' && /^\d{4}-\d{2}/.test(at) ? at.slice(0, 7) : null;
}

/**
 * The part of the audit entry at `position` among its month's entries (counted from 0, in list
 * order): `audit/2023-09/000001` for the first AUDIT_CHUNK entries, and so on. The chunk number
 * is zero-padded so that part keys sort in list order.
 */
function auditPart(month: string, position: number): string {
  return `audit/${month}/${String(Math.floor(position / AUDIT_CHUNK) + 1).padStart(6, '0')}`;
}

/**
 * The part of a record of `collection`, for every collection but the audit (whose part depends
 * on the entries before it: see groupAudit). A record tied to a meeting goes with the meeting
 * (to the council part when the meeting is not in the document); anything else to the council
 * part.
 */
function recordPart(collection: string, meetings: MeetingParts): (record: unknown) => string {
  if (collection === 'meetings') return (r) => meetingPart(r as Record<string, unknown>);
  const meetingOf = MEETING_OF[collection];
  if (!meetingOf) return () => COUNCIL_PART;
  return (r) => {
    const id = meetingOf(r as Record<string, unknown>);
    return (typeof id === 'string' && meetings.get(id)) || COUNCIL_PART;
  };
}

/** A collection's records by part, each list in the collection's order. */
export type Groups = Map<string, unknown[]>;

function addTo(groups: Groups, key: string, record: unknown): void {
  const list = groups.get(key);
  if (list) list.push(record);
  else groups.set(key, [record]);
}

/**
 * Adds audit entries to `groups`: each to its month's chunk, by its position among the month's
 * entries; `counts` holds how many entries of each month come before them, and is kept up to
 * date. An entry without a month goes to the council part.
 */
function groupAudit(entries: Iterable<unknown>, groups: Groups, counts: Map<string, number>, add = addTo): void {
  for (const entry of entries) {
    const month = auditMonth(entry);
    if (month === null) {
      add(groups, COUNCIL_PART, entry);
      continue;
    }
    const position = counts.get(month) ?? 0;
    counts.set(month, position + 1);
    add(groups, auditPart(month, position), entry);
  }
}

/** The records of `collection` by part. */
export function groupCollection(collection: string, records: readonly unknown[], meetings: MeetingParts): Groups {
  const groups: Groups = new Map();
  if (collection === 'audit') {
    groupAudit(records, groups, new Map());
    return groups;
  }
  const keyOf = recordPart(collection, meetings);
  for (const record of records) addTo(groups, keyOf(record), record);
  return groups;
}

/** More records replaced in place than this, and a collection is grouped afresh. */
const MOST_REPLACED = 32;

/**
 * The parts of `records`, a new version of the list `before` whose parts are `groups`, found
 * from what differs: records appended, and records replaced in place by ones of the same part.
 * That is how a change made with immer leaves a list when it adds or updates records, and then
 * only the parts of those records are touched. Returns the new groups (sharing every untouched
 * list with `groups`, which is not changed) and the parts that differ; null when the change is
 * anything else (records removed or moved, a record changing part, an audit entry replaced),
 * and the collection must be grouped afresh.
 */
function regroupChanges(
  collection: string,
  before: readonly unknown[],
  records: readonly unknown[],
  groups: Groups,
  meetings: MeetingParts,
): { groups: Groups; changed: Set<string> } | null {
  if (records.length < before.length) return null;
  const next: Groups = new Map(groups);
  const changed = new Set<string>();
  const listOf = (key: string): unknown[] => {
    if (!changed.has(key)) {
      next.set(key, [...(groups.get(key) ?? [])]);
      changed.add(key);
    }
    return next.get(key)!;
  };
  const keyOf = collection === 'audit' ? null : recordPart(collection, meetings);
  let replaced = 0;
  for (let i = 0; i < before.length; i += 1) {
    if (records[i] === before[i]) continue;
    replaced += 1;
    if (!keyOf || replaced > MOST_REPLACED) return null;
    const key = keyOf(before[i]);
    if (keyOf(records[i]) !== key) return null;
    const list = listOf(key);
    const at = list.indexOf(before[i]);
    if (at < 0 || list.lastIndexOf(before[i]) !== at) return null;
    list[at] = records[i];
  }
  const added = records.slice(before.length);
  if (keyOf) {
    for (const record of added) listOf(keyOf(record)).push(record);
  } else {
    const counts = new Map<string, number>();
    for (const [key, list] of groups) {
      if (key.startsWith('audit/')) {
        const month = key.slice('audit/'.length, 'audit/YYYY-MM'.length);
        counts.set(month, (counts.get(month) ?? 0) + list.length);
      }
    }
    groupAudit(added, next, counts, (_, key, record) => listOf(key).push(record));
  }
  return { groups: next, changed };
}

/**
 * A document as it is laid out in parts: the document, each list collection grouped by part,
 * and the meetings' parts. Records in the groups are the document's own objects, so the next
 * layout can tell an unchanged record by identity.
 */
export interface Layout {
  doc: Document;
  groups: Map<string, Groups>;
  meetings: MeetingParts;
}

const isList = (value: unknown): value is unknown[] => Array.isArray(value);

/**
 * Lays `doc` out in parts and says which parts differ from `previous` (every part when there is
 * no previous layout). Relies on changes being made on copies (immer): a collection whose list
 * is the same array as before is unchanged, and so is a record that is the same object. Only
 * changed collections are grouped again, and all of those keyed through the meetings when the
 * meetings changed (a moved meeting takes its records to another part). A collection to which
 * records were only added or replaced in place is grouped from those records alone (see
 * regroupChanges), so a change costs the size of the change, not of the collection.
 */
export function layOut(doc: Document, previous: Layout | null): { layout: Layout; changed: Set<string> } {
  const changed = new Set<string>();
  const meetingsChanged = !previous || doc.meetings !== previous.doc.meetings;
  const meetings = meetingsChanged ? meetingPartsOf(doc.meetings) : previous.meetings;
  const groups = new Map(previous?.groups ?? []);
  const names = new Set([...Object.keys(doc), ...Object.keys(previous?.doc ?? {})]);
  for (const name of names) {
    if (name === 'schemaVersion') continue; // kept in the index
    const value = doc[name];
    const throughMeetings = meetingsChanged && KEYED_BY_MEETINGS.has(name);
    if (previous && value === previous.doc[name] && !throughMeetings) continue;
    if (!isList(value)) {
      groups.delete(name);
      changed.add(COUNCIL_PART);
      continue;
    }
    const before = previous?.doc[name];
    const beforeGroups = previous?.groups.get(name);
    const found = isList(before) && beforeGroups && !throughMeetings ? regroupChanges(name, before, value, beforeGroups, meetings) : null;
    if (found) {
      for (const key of found.changed) changed.add(key);
      groups.set(name, found.groups);
      continue;
    }
    const next = groupCollection(name, value, meetings);
    for (const key of differingParts(next, beforeGroups)) changed.add(key);
    groups.set(name, next);
  }
  // The council part lists every collection, empty or not: it always exists.
  if (!previous) changed.add(COUNCIL_PART);
  return { layout: { doc, groups, meetings }, changed };
}

/** The parts whose records differ between two groupings of a collection. */
function differingParts(a: Groups | undefined, b: Groups | undefined): string[] {
  const keys = new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])]);
  return [...keys].filter((key) => !sameList(a?.get(key), b?.get(key)));
}

function sameList(a: unknown[] | undefined, b: unknown[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What the file of part `key` holds: collection name to its records in that part (only the
 * collections with records there), and for the council part also the fields that are not
 * lists and every collection, empty or not (so the document's collections are all named
 * somewhere). Null when the part holds nothing: it is then left out of the index.
 */
export function partContent(layout: Layout, key: string): Document | null {
  const content: Document = {};
  let records = 0;
  for (const name of Object.keys(layout.doc)) {
    if (name === 'schemaVersion') continue;
    const value = layout.doc[name];
    if (!isList(value)) {
      if (key === COUNCIL_PART && value !== undefined) content[name] = value;
      continue;
    }
    const list = layout.groups.get(name)?.get(key);
    if (list) {
      content[name] = list;
      records += list.length;
    } else if (key === COUNCIL_PART) content[name] = [];
  }
  if (key === COUNCIL_PART) return content;
  return records > 0 ? content : null;
}

/**
 * The layout of a document loaded from parts, and the parts whose files do not hold what that
 * layout puts in them (files from an older way of cutting the store into parts): those are
 * written at the next write. `counts` says how many records of each collection came from each
 * part, in assembly order. Null when the document does not match them (then every part is
 * written at the next write).
 */
export function layoutFromFiles(doc: Document, counts: Map<string, [string, number][]>): { layout: Layout; stale: Set<string> } | null {
  const { layout } = layOut(doc, null);
  const stale = new Set<string>();
  for (const [name, value] of Object.entries(doc)) {
    if (!isList(value)) continue;
    const ranges = counts.get(name) ?? [];
    const total = ranges.reduce((sum, [, n]) => sum + n, 0);
    if (total !== value.length) return null;
    const files: Groups = new Map();
    let at = 0;
    for (const [key, n] of ranges) {
      if (n > 0) files.set(key, value.slice(at, at + n));
      at += n;
    }
    for (const key of differingParts(files, layout.groups.get(name))) stale.add(key);
  }
  return { layout, stale };
}

/** STORE_PATH when the store is in parts. */
export interface PartsIndex {
  schemaVersion: unknown;
  store: 'parts';
  /** The generation of the write that made this index; every part file it names is of it or older. */
  generation: number;
  /** Part key to its file, relative to the index's folder (always inside the parts folder). */
  parts: Record<string, string>;
}

/** `store.parts` for `store.json`: the folder of the part files, beside the index. */
export function partsFolderName(storeFile: string): string {
  return `${path.parse(storeFile).name}.parts`;
}

/**
 * A part's file name: its key made safe for any file system, and the generation that wrote it.
 * A key that is not already plain (lower-case letters, digits, `-`, `.`, `_`, and `/` written as
 * `~`) also gets a hash of itself, so two keys never share a name.
 */
export function partFileName(key: string, generation: number): string {
  const safe = key.replaceAll('/', '~');
  const plain = /^[a-z0-9][a-z0-9~._-]{0,119}$/.test(safe);
  const base = plain
    ? safe
    : `${safe.replace(/[^a-z0-9~._-]/g, '_').slice(0, 80)}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  return `${base}.${String(generation)}.json`;
}

/** Whether a file in the parts folder is a part file (what orphan removal may delete). */
export function isPartFileName(name: string): boolean {
  return /^[a-z0-9][a-z0-9~._-]*\.\d+\.json$/.test(name);
}

/** Whether a stored document (STORE_PATH's JSON object) is an index rather than a whole store. */
export function isPartsIndex(raw: Document): boolean {
  return raw.store === 'parts';
}

/** Checks an index read from `file`; throws StoreLoadError naming the file when it is malformed. */
export function checkIndex(file: string, raw: Document): PartsIndex {
  const folder = partsFolderName(file);
  const { generation, parts } = raw;
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 0) {
    throw new StoreLoadError(file, 'it is a store index whose generation is not a whole number');
  }
  if (typeof parts !== 'object' || parts === null || Array.isArray(parts)) {
    throw new StoreLoadError(file, 'it is a store index without a list of parts');
  }
  for (const [key, name] of Object.entries(parts as Record<string, unknown>)) {
    if (typeof name !== 'string' || path.posix.dirname(name) !== folder || !isPartFileName(path.posix.basename(name))) {
      throw new StoreLoadError(file, `it is a store index naming part "${key}" as ${JSON.stringify(name)}, not a part file in ${folder}/`);
    }
  }
  return { schemaVersion: raw.schemaVersion, store: 'parts', generation, parts: parts as Record<string, string> };
}

/**
 * A store file's text as a JSON object; throws StoreLoadError naming the file when it is not
 * one. For a part file (`part`: its key and the index that names it), every field outside the
 * council part must be a list, and an error also names the index.
 */
export function parseStoreObject(file: string, text: string, part?: { key: string; index: string }): Document {
  const refuse = (detail: string) => new StoreLoadError(file, part ? `${detail} (it is a part of the store ${part.index})` : detail);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw refuse(`it is not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw refuse('it does not hold a JSON object');
  if (part && part.key !== COUNCIL_PART) {
    for (const [name, value] of Object.entries(raw)) {
      if (!isList(value)) throw refuse(`its collection "${name}" is not a list`);
    }
  }
  return raw as Document;
}

/**
 * One document from its parts: for each collection, the records of its parts concatenated in
 * sorted part-key order (so audit months, and the chunks of each, come in order), each part's
 * records in their order; the council part's other fields as they are; `schemaVersion` from the
 * index. Also returns how many records of each collection came from each part (see
 * layoutFromFiles).
 */
export function assemble(
  index: PartsIndex,
  parts: { key: string; file: string; content: Document }[],
): { doc: Document; counts: Map<string, [string, number][]> } {
  const doc: Document = { schemaVersion: index.schemaVersion };
  const counts = new Map<string, [string, number][]>();
  const sorted = [...parts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, file, content } of sorted) {
    for (const [name, value] of Object.entries(content)) {
      const have = doc[name];
      if (!isList(value)) {
        if (have !== undefined) throw new StoreLoadError(file, `its field "${name}" is also in another part`);
        doc[name] = value;
        continue;
      }
      if (have !== undefined && !isList(have)) throw new StoreLoadError(file, `its collection "${name}" is not a list in another part`);
      if (have) for (const record of value) have.push(record);
      else doc[name] = [...value];
      const ranges = counts.get(name) ?? [];
      ranges.push([key, value.length]);
      counts.set(name, ranges);
    }
  }
  return { doc, counts };
}
