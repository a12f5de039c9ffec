import type { AuditEntry, StoreData } from './schema';
import type { JournalEntry } from './journal';

/**
 * What one transaction changed, worked out from its audit entries: every change is audited
 * with the type and id of the record it changed, so the records to write are the records the
 * audit names. The journal stores their full new state.
 */

/** Audit record types and the collection holding them. Unknown types are searched for by id. */
const COLLECTION_OF: Record<string, keyof StoreData> = {
  person: 'people',
  committee: 'committees',
  meeting: 'meetings',
  minutes: 'minutes',
  action: 'actions',
  indicator: 'indicators',
  workProgramme: 'workProgramme',
  'work-programme': 'workProgramme',
  workProgrammeEntry: 'workProgramme',
  budget: 'budget',
  budgetLine: 'budget',
  apology: 'apologies',
  declaration: 'declarations',
  conversation: 'conversations',
  reminderSchedule: 'reminderSchedules',
  'reminder-schedule': 'reminderSchedules',
  reminderSend: 'reminderSends',
  'reminder-send': 'reminderSends',
};

type Shape = { arrays: Map<string, number>; values: Map<string, string> };

/**
 * The shape of the data before a change: each list's length and each other top-level value.
 * Cheap (a few dozen keys); lets a change that was not audited be noticed afterwards.
 */
export function shapeOf(data: StoreData): Shape {
  const arrays = new Map<string, number>();
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) arrays.set(key, value.length);
    else values.set(key, JSON.stringify(value));
  }
  return { arrays, values };
}

function collectionFor(data: StoreData, recordType: string): string | undefined {
  const known = COLLECTION_OF[recordType];
  if (known) return known;
  const record = data as unknown as Record<string, unknown>;
  for (const candidate of [recordType, `${recordType}s`]) {
    if (Array.isArray(record[candidate])) return candidate;
  }
  return undefined;
}

function findLast(array: readonly unknown[], id: string): Record<string, unknown> | undefined {
  for (let i = array.length - 1; i >= 0; i -= 1) {
    const record = array[i] as { id?: unknown } | null;
    if (record?.id === id) return record as Record<string, unknown>;
  }
  return undefined;
}

/**
 * The journal entry for a transaction, or null when the change cannot be described record by
 * record (an audit names a record that cannot be found, or a list changed length without an
 * audit naming anything in it): the caller then writes the whole store instead.
 * `audit` holds the transaction's new audit entries (already appended to data.audit).
 */
export function describeChange(data: StoreData, before: Shape, audit: readonly AuditEntry[]): Omit<JournalEntry, 'n'> | null {
  const put = new Map<string, Map<string, Record<string, unknown>>>();
  const del = new Map<string, Set<string>>();
  const record = data as unknown as Record<string, unknown>;
  const putRecord = (collection: string, value: Record<string, unknown>) => {
    const m = put.get(collection) ?? new Map<string, Record<string, unknown>>();
    m.set(value.id as string, value);
    put.set(collection, m);
  };

  for (const entry of audit) {
    const collection = collectionFor(data, entry.recordType);
    if (collection) {
      const found = findLast(record[collection] as unknown[], entry.recordId);
      if (found) putRecord(collection, found);
      else {
        const ids = del.get(collection) ?? new Set<string>();
        ids.add(entry.recordId);
        del.set(collection, ids);
      }
      continue;
    }
    // An audit record type this module does not know: look for the id in every list.
    let seen = false;
    for (const [key, value] of Object.entries(record)) {
      if (key === 'audit' || !Array.isArray(value)) continue;
      const found = findLast(value, entry.recordId);
      if (found) {
        putRecord(key, found);
        seen = true;
      }
    }
    if (!seen) return null;
  }
  for (const entry of audit) putRecord('audit', entry as unknown as Record<string, unknown>);

  // Safety net: a list that grew or shrank must be one the audit named.
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value)) {
      if (before.arrays.get(key) !== value.length && !put.has(key) && !del.has(key)) return null;
    }
  }
  const set: Record<string, unknown> = {};
  let anySet = false;
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value)) continue;
    if (before.values.get(key) !== JSON.stringify(value)) {
      set[key] = value;
      anySet = true;
    }
  }
  // A top-level key added or removed: not something a record-by-record entry can say.
  const keys = Object.keys(record);
  if (keys.length !== before.arrays.size + before.values.size) return null;
  if (keys.some((key) => !before.arrays.has(key) && !before.values.has(key))) return null;

  const out: Omit<JournalEntry, 'n'> = {};
  if (put.size > 0) out.put = Object.fromEntries([...put].map(([k, m]) => [k, [...m.values()]]));
  if (del.size > 0) out.del = Object.fromEntries([...del].map(([k, s]) => [k, [...s]]));
  if (anySet) out.set = set;
  return out;
}

/** The collections an entry touches (for rebuilding indexes over them). */
export function collectionsOf(entry: Omit<JournalEntry, 'n'>): string[] {
  return [...Object.keys(entry.put ?? {}), ...Object.keys(entry.del ?? {}), ...Object.keys(entry.set ?? {})];
}
