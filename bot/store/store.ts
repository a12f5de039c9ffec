import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock';
import { describeChange, collectionsOf, shapeOf } from './changes';
import { formatZodIssues } from './errors';
import { AppendFile, removeFileDurably, replaceFileDurably } from './files';
import { alreadyApplied, entryLine, headerLine, JOURNAL_FORMAT, JournalError, journalNameFor, parseJournal, replay, sha1 } from './journal';
import { migrate, MigrationError } from './migrations';
import { SCHEMA_VERSION, storeSchema, type Actor, type AuditEntry, type Seed, type StoreData } from './schema';
import { checkReferences } from './seed';
import { copyData } from './copy';

export class StoreLoadError extends Error {
  constructor(
    public readonly file: string,
    detail: string,
  ) {
    super(
      `The store ${file} cannot be used: ${detail}\n` +
        'The bot has not changed the file. Restore it from a backup, fix it by hand, or move it ' +
        'aside to start again from the seed.',
    );
    this.name = 'StoreLoadError';
  }
}

/** What a change records in the audit trail; the store adds id and time. */
export interface AuditInput {
  actor: Actor;
  onBehalfOf?: string | null;
  kind: string;
  recordType: string;
  recordId: string;
  before?: unknown;
  after?: unknown;
}

export function storeFromSeed(seed: Seed): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    ...structuredClone(seed),
    apologies: [],
    declarations: [],
    conversations: [],
    reminderSchedules: [],
    reminderSends: [],
    linkRequests: [],
    audit: [],
  };
}

export interface StoreOptions {
  seed: () => Seed;
  clock: Clock;
  /** The journal is folded into the store file once it is this large. Default: the larger of 8 MiB and half the store file. */
  compactJournalAtBytes?: number;
  /**
   * When a change counts as done for whoever made it. 'on-disk' (the default): `transact`
   * resolves once the change is durably on disk. 'before-output': `transact` resolves once the
   * change is applied and queued for the disk, and whatever lets anything out of the process
   * (the bot's replies, sends and HTTP answers) first waits for `durable()`. The guarantee to
   * people is the same (nobody is told of a change before it is on disk); the disk's wait then
   * overlaps the work of rendering and sending the reply instead of coming before it.
   */
  commit?: 'on-disk' | 'before-output';
}

const KiB = 1024;
const MiB = 1024 * KiB;
/** Store files smaller than this are written indented, for people to read; larger ones compactly. */
const INDENT_BELOW_BYTES = 512 * KiB;

/** The collections that are lists of records. */
type ListKey = { [K in keyof StoreData]: StoreData[K] extends readonly unknown[] ? K : never }[keyof StoreData];

interface KeptIndex<Row> {
  collection: string;
  list: readonly Row[];
  /** Records taken in so far (a prefix of the list). */
  count: number;
  allVersion: number;
  map: Map<string, Row[]>;
}

/** A change waiting to be written: its journal entry (without its number), or null for "write the whole store". */
interface PendingWrite {
  body: string | null;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The JSON store. Reads are served from memory. Changes go through `transact`, whose mutator
 * runs synchronously (so two turns can never interleave inside one change), and which resolves
 * once the change is durably on disk (it survives a crash of the process or of the machine),
 * or, for the bot (`commit: 'before-output'`), once it is applied, with its output held until
 * `durable()` (see bot/teams/outputCommit.ts).
 *
 * How it is written: each change is appended to `<file>.journal` as one line holding the full
 * new state of the records it changed (found from its audit entries), on disk before the append
 * returns (see AppendFile). One appended line is the cheapest durable write (about 0.23 ms
 * here); rewriting the file for each change syncs a new file and its folder, 2 to 5 ms even for
 * the 94 KB seed store, and grows with the store. The journal is folded into the file
 * (compaction) on open, on close and when it grows past a limit; the file is always replaced
 * whole (temp file, fsync, rename, fsync of the folder), so a stopped bot's store is its file
 * alone. On open, the journal is replayed onto the file; a torn last line (a crash mid-append,
 * never acknowledged) is ignored.
 * Changes that arrive while a write is in progress are written together by the next write
 * (group commit). A file that is not a valid store (or a damaged journal) is never written to:
 * the store refuses to open.
 */
export class Store {
  private closed = false;
  private changing = false;
  private queue: PendingWrite[] = [];
  private draining = false;
  private drained: Promise<void> = Promise.resolve();
  private journal: AppendFile | null = null;
  /** Number of the last entry in the journal. */
  private journalEntries = 0;
  /** After a failed write the journal's tail is unknown: the next write rewrites everything. */
  private mustRewrite = false;
  private snapshotBytes = 0;
  private readonly journalFile: string;
  private readonly compactAt: number | undefined;
  private readonly commit: 'on-disk' | 'before-output';
  /** The write of the last change queued: once it has settled, every earlier one has too. */
  private lastWrite: Promise<void> = Promise.resolve();
  /** Changes per collection (and overall), so derived data knows when to rebuild. */
  private versions = new Map<string, number>();
  private allVersion = 0;
  private derivedCache = new Map<string, { stamp: number[]; value: unknown }>();
  private indexes = new Map<string, KeptIndex<unknown>>();

  private constructor(
    private readonly data: StoreData,
    readonly file: string,
    private readonly clock: Clock,
    options: StoreOptions,
  ) {
    this.journalFile = journalNameFor(file);
    this.compactAt = options.compactJournalAtBytes;
    this.commit = options.commit ?? 'on-disk';
  }

  /**
   * Opens STORE_PATH: creates it from the seed when absent; otherwise replays its journal (if
   * any), validates it and refuses (without touching either file) when it is not JSON, breaks
   * the schema, or its journal is damaged.
   */
  static async open(file: string, options: StoreOptions): Promise<Store> {
    const full = path.resolve(file);
    const journalFile = journalNameFor(full);
    const bytes = await readIfExists(full, full);
    const journalBytes = await readIfExists(journalFile, full);

    if (bytes === null) {
      if (journalBytes !== null) {
        throw new StoreLoadError(full, `its journal ${journalFile} exists but the store file does not. Move the journal aside (or restore the store file) before starting.`);
      }
      const store = new Store(storeFromSeed(options.seed()), full, options.clock, options);
      await mkdir(path.dirname(full), { recursive: true });
      await store.writeAll();
      return store;
    }

    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      throw new StoreLoadError(full, `it is not valid JSON (${(err as Error).message})`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new StoreLoadError(full, 'it does not hold a JSON object');
    }
    const object = raw as Record<string, unknown>;

    // The journal: changes made since the file was last written.
    let journalChanges = false;
    if (journalBytes !== null) {
      try {
        const journal = parseJournal(journalBytes.toString('utf8'));
        if (journal.header.snapshot === sha1(bytes)) {
          if (journal.header.schemaVersion !== object.schemaVersion) {
            throw new JournalError(`it was written for schemaVersion ${journal.header.schemaVersion}, the file has ${String(object.schemaVersion)}`);
          }
          replay(object, journal.entries);
          journalChanges = journal.entries.length > 0 || journal.tornBytes > 0;
        } else if (alreadyApplied(object, journal.entries)) {
          journalChanges = true; // already folded in by an interrupted compaction: replace it
        } else {
          throw new JournalError(
            'it was written for a different version of the store file and holds changes that are not in it ' +
              '(was the store file replaced by hand while the bot was stopped?)',
          );
        }
      } catch (err) {
        if (err instanceof JournalError) throw new StoreLoadError(full, `its journal ${journalFile} cannot be used: ${err.message}`);
        throw err;
      }
    }

    let migrated: { data: Record<string, unknown>; migrated: boolean };
    try {
      migrated = migrate(object, options.clock.now());
    } catch (err) {
      if (err instanceof MigrationError) throw new StoreLoadError(full, err.message);
      throw err;
    }
    const parsed = storeSchema.safeParse(migrated.data);
    if (!parsed.success) {
      const replayed = journalBytes !== null ? ' (with its journal replayed)' : '';
      throw new StoreLoadError(full, `it breaks the store schema${replayed}:\n${formatZodIssues(parsed.error)}`);
    }
    try {
      checkReferences(parsed.data);
    } catch (err) {
      throw new StoreLoadError(full, (err as Error).message);
    }

    const store = new Store(parsed.data, full, options.clock, options);
    store.snapshotBytes = bytes.length;
    if (migrated.migrated) {
      // Keep the pre-migration files beside the store before the first write in the new shape.
      const version = String(object.schemaVersion);
      await copyFile(full, `${full}.v${version}.bak`);
      if (journalBytes !== null) await copyFile(journalFile, `${journalFile}.v${version}.bak`);
      await store.writeAll();
    } else if (journalChanges) {
      await store.writeAll();
    } else if (journalBytes !== null) {
      store.journal = await AppendFile.open(journalFile);
    } else {
      await store.startJournal(sha1(bytes));
    }
    return store;
  }

  /** Runs a read against the current data. The callback must not keep or change what it gets. */
  read<T>(fn: (data: Readonly<StoreData>) => T): T {
    return fn(this.data);
  }

  /**
   * Data derived from some collections (an index, a sorted list), built on first use and kept
   * until a change touches one of those collections. While a change is being applied the cache
   * is bypassed (the data may be half-changed), so `build` runs every time.
   */
  derived<T>(key: string, collections: readonly (keyof StoreData)[], build: (data: Readonly<StoreData>) => T): T {
    if (this.changing) return build(this.data);
    const stamp = [this.allVersion, ...collections.map((c) => this.versions.get(c) ?? 0)];
    const cached = this.derivedCache.get(key);
    if (cached && cached.stamp.every((v, i) => v === stamp[i])) return cached.value as T;
    const value = build(this.data);
    this.derivedCache.set(key, { stamp, value });
    return value;
  }

  /**
   * Records of a collection grouped by a key that never changes for a record (its id, the
   * meeting an apology is for), kept up to date as records are added, inside changes too.
   * Unlike `derived`, a change does not throw it away: records are only ever appended or changed
   * in place (statutory records are never removed), so it only has to take in the records added
   * since it was last used, which keeps lookups cheap on a store with 50,000 apologies even
   * when every turn writes one. It is rebuilt if the list is replaced or shrinks, after a change
   * that removed records from it, and after a change that could not be described record by
   * record. `keyOf` must read only fields that never change once a record exists.
   */
  index<K extends ListKey>(name: string, collection: K, keyOf: (record: StoreData[K][number]) => string): ReadonlyMap<string, readonly StoreData[K][number][]> {
    type Row = StoreData[K][number];
    const list = this.data[collection] as readonly Row[];
    let index = this.indexes.get(name) as KeptIndex<Row> | undefined;
    if (!index || index.list !== list || list.length < index.count || index.allVersion !== this.allVersion) {
      index = { collection, list, count: 0, allVersion: this.allVersion, map: new Map() };
      this.indexes.set(name, index as KeptIndex<unknown>);
    }
    for (let i = index.count; i < list.length; i += 1) {
      const record = list[i]!;
      const key = keyOf(record);
      const rows = index.map.get(key);
      if (rows) rows.push(record);
      else index.map.set(key, [record]);
    }
    index.count = list.length;
    return index.map;
  }

  /**
   * Applies one change. `mutate` must decide everything (and throw, if it must) before it
   * changes anything: it runs synchronously on the live data, and must audit every record it
   * changes (recordType and recordId name the record; a mutator that audits nothing is taken to
   * have changed nothing and is not written). Resolves once the change is durably on disk, or,
   * with `commit: 'before-output'`, once it is applied and queued (see `durable`).
   */
  async transact<T>(mutate: (data: StoreData, audit: (entry: AuditInput) => void) => T): Promise<T> {
    if (this.closed) throw new Error('The store is closed.');
    const entries: AuditEntry[] = [];
    const at = this.clock.now().toISOString();
    const before = shapeOf(this.data);
    let result: T;
    this.changing = true;
    try {
      result = mutate(this.data, (entry) => {
        entries.push({
          id: randomUUID(),
          at,
          actor: entry.actor,
          onBehalfOf: entry.onBehalfOf ?? null,
          kind: entry.kind,
          recordType: entry.recordType,
          recordId: entry.recordId,
          ...(entry.before !== undefined ? { before: copyData(entry.before) } : {}),
          ...(entry.after !== undefined ? { after: copyData(entry.after) } : {}),
        });
      });
    } catch (err) {
      this.allVersion += 1; // a mutator that threw may have changed something: rebuild derived data
      throw err;
    } finally {
      this.changing = false;
    }
    // Every change is audited, so a mutator that audited nothing changed nothing: no write.
    // Unless a write failed since: memory may then hold changes the disk does not, and this
    // answer ("already recorded") may rest on them, so it waits for them to be written.
    if (entries.length === 0) {
      if (this.mustRewrite) await this.settle(this.enqueue(null));
      return result;
    }
    this.data.audit.push(...entries);
    // Described now, while the records hold exactly this change's state.
    const change = describeChange(this.data, before, entries);
    if (change) {
      for (const collection of collectionsOf(change)) this.versions.set(collection, (this.versions.get(collection) ?? 0) + 1);
      // Records removed (rare: never statutory ones) leave indexes over their list behind.
      for (const collection of Object.keys(change.del ?? {})) {
        for (const [name, index] of this.indexes) if (index.collection === collection) this.indexes.delete(name);
      }
    } else {
      this.allVersion += 1;
    }
    await this.settle(this.enqueue(change ? JSON.stringify(change) : null));
    return result;
  }

  /** How long `transact` waits for its write: to the disk, or (before-output) not at all. */
  private settle(write: Promise<void>): Promise<void> | undefined {
    if (this.commit === 'on-disk') return write;
    // Its failure reaches people through durable(), which whatever sends the answer awaits.
    write.catch(() => undefined);
    return undefined;
  }

  /**
   * Resolves once every change made so far is durably on disk: what must be awaited before
   * anything that could tell of a change leaves the process (with `commit: 'before-output'`).
   * Waits only for writes queued before the call, so a steady stream of later changes cannot
   * hold it up. If a write failed, memory holds changes the disk may not: the whole store is
   * written again, and this rejects only if that fails too.
   */
  async durable(): Promise<void> {
    try {
      await this.lastWrite;
    } catch {
      // handled below: a failed write leaves mustRewrite set
    }
    if (this.mustRewrite && !this.closed) await this.enqueue(null);
  }

  /** Waits for every write in flight. */
  async flush(): Promise<void> {
    while (this.draining || this.queue.length > 0) await this.drained;
  }

  /** Refuses further changes, waits for writes in flight, and folds the journal into the file. */
  async close(): Promise<void> {
    if (this.closed) return this.flush();
    this.closed = true;
    await this.flush();
    // Stopped, the store is its file alone: fold the journal in (or drop it, if empty).
    if (this.journal && this.journalEntries > 0) await this.enqueue(null);
    await this.flush();
    if (this.journal) {
      await this.journal.close();
      this.journal = null;
      await removeFileDurably(this.journalFile);
    }
  }

  private enqueue(body: string | null): Promise<void> {
    const write = new Promise<void>((resolve, reject) => {
      this.queue.push({ body, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        this.drained = this.drain();
      }
    });
    this.lastWrite = write;
    return write;
  }

  /** One writer: each pass writes everything queued so far, in one append or one rewrite. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          await this.writeBatch(batch);
          for (const pending of batch) pending.resolve();
        } catch (err) {
          this.mustRewrite = true;
          for (const pending of batch) pending.reject(err);
        }
      }
    } finally {
      this.draining = false; // in the same step as the last look at the queue
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    const journal = this.journal;
    if (!journal || this.mustRewrite || batch.some((p) => p.body === null) || journal.bytes >= this.compactLimit()) {
      await this.writeAll();
      return;
    }
    let n = this.journalEntries;
    const lines = batch.map((p) => {
      n += 1;
      return journalLine(n, p.body!);
    });
    await journal.append(Buffer.from(lines.join(''), 'utf8'));
    this.journalEntries = n;
  }

  private compactLimit(): number {
    return this.compactAt ?? Math.max(8 * MiB, this.snapshotBytes / 2);
  }

  /**
   * Writes the whole store file from memory (which holds every change so far), then starts a
   * fresh journal (or removes it, once the store is closed).
   */
  private async writeAll(): Promise<void> {
    // Small files stay readable by people; large ones are written compactly (faster).
    const indent = this.snapshotBytes < INDENT_BELOW_BYTES;
    const text = indent ? `${JSON.stringify(this.data, null, 1)}\n` : `${JSON.stringify(this.data)}\n`;
    const bytes = Buffer.from(text, 'utf8');
    await replaceFileDurably(this.file, bytes);
    this.snapshotBytes = bytes.length;
    this.mustRewrite = false;
    const old = this.journal;
    this.journal = null;
    this.journalEntries = 0;
    await old?.close();
    if (!this.closed) {
      await this.startJournal(sha1(bytes));
    } else {
      await removeFileDurably(this.journalFile);
    }
  }

  private async startJournal(snapshotSha1: string): Promise<void> {
    const header = headerLine({
      journal: JOURNAL_FORMAT,
      snapshot: snapshotSha1,
      schemaVersion: this.data.schemaVersion,
      createdAt: new Date().toISOString(),
    });
    await replaceFileDurably(this.journalFile, Buffer.from(header, 'utf8'));
    this.journal = await AppendFile.open(this.journalFile);
    this.journalEntries = 0;
  }
}

async function readIfExists(file: string, storeFile: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreLoadError(storeFile, `${file} could not be read (${(err as Error).message})`);
  }
}

/** Journal entry number `n` for a change described as JSON (`{...}`). */
function journalLine(n: number, body: string): string {
  return body === '{}' ? entryLine({ n }) : `{"n":${n},${body.slice(1)}\n`;
}
