import { createHash } from 'node:crypto';

/**
 * The store's journal: an append-only file beside a large store file (`store.json.journal`)
 * holding every change made since the store file was last written, one JSON line per change.
 *
 * - The first line is a header naming the store file it extends (by SHA-1 of its bytes).
 * - Each further line is one transaction: the full new state of every record it changed
 *   (`put`, by collection and id), the records it removed (`del`), and any top-level value it
 *   replaced (`set`). Replaying the lines in order onto the store file gives the store.
 * - A line is only complete with its newline. An incomplete (torn) last line is a write that
 *   was cut off by a crash; it was never acknowledged and is ignored. A broken line followed by
 *   other lines is damage, and the store refuses to start.
 */
export const JOURNAL_FORMAT = 1;

export interface JournalHeader {
  journal: typeof JOURNAL_FORMAT;
  /** SHA-1 (hex) of the store file this journal extends. */
  snapshot: string;
  schemaVersion: number;
  createdAt: string;
}

export interface JournalEntry {
  /** 1, 2, 3 ... in the order written. */
  n: number;
  put?: Record<string, Record<string, unknown>[]>;
  del?: Record<string, string[]>;
  set?: Record<string, unknown>;
}

export class JournalError extends Error {}

export function journalNameFor(storeFile: string): string {
  return `${storeFile}.journal`;
}

export function sha1(data: Buffer | string): string {
  return createHash('sha1').update(data).digest('hex');
}

export function headerLine(header: JournalHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function entryLine(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

export interface ReadJournal {
  header: JournalHeader;
  entries: JournalEntry[];
  /** Bytes after the last complete line (a write cut off by a crash), ignored. */
  tornBytes: number;
}

/** Parses a journal file. Throws JournalError (with the line number) when it is damaged. */
export function parseJournal(text: string): ReadJournal {
  const end = text.lastIndexOf('\n') + 1;
  const complete = text.slice(0, end);
  const tornBytes = Buffer.byteLength(text.slice(end));
  const lines = complete.split('\n');
  lines.pop(); // after the last newline
  if (lines.length === 0) throw new JournalError('it has no header line');
  let header: JournalHeader;
  try {
    header = JSON.parse(lines[0]!) as JournalHeader;
  } catch {
    throw new JournalError('its header (line 1) is not valid JSON');
  }
  if (header.journal !== JOURNAL_FORMAT || typeof header.snapshot !== 'string' || typeof header.schemaVersion !== 'number') {
    throw new JournalError('its header (line 1) is not a journal header this bot understands');
  }
  const entries: JournalEntry[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    let entry: JournalEntry;
    try {
      entry = JSON.parse(lines[i]!) as JournalEntry;
    } catch {
      // A complete but unreadable last line can only be a write cut off by a power cut.
      if (i === lines.length - 1 && tornBytes === 0) return { header, entries, tornBytes: Buffer.byteLength(lines[i]!) + 1 };
      throw new JournalError(`line ${i + 1} is not valid JSON`);
    }
    if (typeof entry !== 'object' || entry === null || entry.n !== entries.length + 1) {
      throw new JournalError(`line ${i + 1} is out of sequence (expected change ${entries.length + 1})`);
    }
    entries.push(entry);
  }
  return { header, entries, tornBytes };
}

const REMOVED = Symbol('removed');

/**
 * Applies journal entries, in order, to the store's raw JSON (before migration and schema
 * validation, which run on the result). Throws JournalError when an entry does not fit.
 */
export function replay(raw: Record<string, unknown>, entries: readonly JournalEntry[]): void {
  const indexes = new Map<string, Map<string, number>>();
  const touched = new Set<string>();
  const arrayOf = (collection: string): unknown[] => {
    const array = raw[collection];
    if (!Array.isArray(array)) throw new JournalError(`a change names "${collection}", which is not a list in the store`);
    return array;
  };
  const indexOf = (collection: string): Map<string, number> => {
    let index = indexes.get(collection);
    if (!index) {
      index = new Map();
      arrayOf(collection).forEach((record, i) => {
        const id = (record as { id?: unknown } | null)?.id;
        if (typeof id === 'string') index!.set(id, i);
      });
      indexes.set(collection, index);
    }
    return index;
  };
  for (const entry of entries) {
    for (const [collection, records] of Object.entries(entry.put ?? {})) {
      const array = arrayOf(collection);
      const index = indexOf(collection);
      for (const record of records) {
        const id = record.id;
        if (typeof id !== 'string') throw new JournalError(`change ${entry.n} puts a record without an id in "${collection}"`);
        const at = index.get(id);
        if (at === undefined) {
          index.set(id, array.length);
          array.push(record);
        } else {
          array[at] = record;
        }
      }
    }
    for (const [collection, ids] of Object.entries(entry.del ?? {})) {
      const array = arrayOf(collection);
      const index = indexOf(collection);
      for (const id of ids) {
        const at = index.get(id);
        if (at === undefined) continue;
        array[at] = REMOVED;
        index.delete(id);
        touched.add(collection);
      }
    }
    for (const [key, value] of Object.entries(entry.set ?? {})) {
      raw[key] = value;
      indexes.delete(key);
    }
  }
  for (const collection of touched) {
    raw[collection] = arrayOf(collection).filter((record) => record !== REMOVED);
  }
}

/**
 * True when replaying `entries` would change nothing: every record they put is already in the
 * store as they put it, every record they remove is gone, every value they set is as set.
 * A journal whose header names another store file is ignored only when this holds (it was
 * folded into the store file by a compaction that a crash interrupted before the journal was
 * replaced); otherwise its changes would be lost, and the store refuses to start.
 */
export function alreadyApplied(raw: Record<string, unknown>, entries: readonly JournalEntry[]): boolean {
  const finalPuts = new Map<string, Map<string, string | null>>();
  const sets = new Map<string, string>();
  for (const entry of entries) {
    for (const [collection, records] of Object.entries(entry.put ?? {})) {
      const m = finalPuts.get(collection) ?? new Map<string, string | null>();
      for (const record of records) m.set(String(record.id), JSON.stringify(record));
      finalPuts.set(collection, m);
    }
    for (const [collection, ids] of Object.entries(entry.del ?? {})) {
      const m = finalPuts.get(collection) ?? new Map<string, string | null>();
      for (const id of ids) m.set(id, null);
      finalPuts.set(collection, m);
    }
    for (const [key, value] of Object.entries(entry.set ?? {})) sets.set(key, JSON.stringify(value));
  }
  for (const [collection, wanted] of finalPuts) {
    const array = raw[collection];
    if (!Array.isArray(array)) return false;
    const present = new Map<string, string>();
    for (const record of array) {
      const id = (record as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && wanted.has(id)) present.set(id, JSON.stringify(record));
    }
    for (const [id, json] of wanted) {
      if ((present.get(id) ?? null) !== json) return false;
    }
  }
  for (const [key, json] of sets) {
    if (JSON.stringify(raw[key]) !== json) return false;
  }
  return true;
}
