import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createDraft, current, finishDraft, isDraft, setAutoFreeze, type Draft } from 'immer';
import { Low } from 'lowdb';
import type { Clock } from '../clock';
import { copyData } from './copy';
import { formatZodIssues, StoreLoadError } from './errors';
import { migrate, MigrationError } from './migrations';
import { SCHEMA_VERSION, storeSchema, type Actor, type AuditEntry, type Seed, type StoreData } from './schema';
import { checkReferences } from './seed';
import { DurableJsonFile, StoreFiles, type LoadedStore } from './storeFile';

// Committed documents are never changed in place (every change is made on a draft), so freezing
// them would only cost a walk of the whole store on the first change.
setAutoFreeze(false);

export { StoreLoadError };

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
    chaseSchedules: [],
    chaseSends: [],
    audit: [],
    alertSends: [],
    alertSubscriptions: [],
    syncRuns: [],
    pendingAlerts: [],
  };
}

export interface StoreOptions {
  seed: () => Seed;
  clock: Clock;
}

/**
 * The JSON store: a lowdb document (`Low`) read and written through DurableJsonFile, which
 * keeps it on disk in parts (StoreFiles, ADR 0009).
 *
 * `db.data` is the document on disk, and it is all that readers see. A change (`transact`) is
 * made on a draft of the newest document (immer: only what the change touches is copied), is
 * written durably (the parts it touches, then the index that names them), and replaces `db.data` only once it is on disk; a write that fails
 * leaves memory and disk as they were. Changes are serialised: a mutator runs synchronously on
 * a draft of the newest document, including changes still on their way to the disk, so two
 * turns can never interleave inside one change nor miss each other's changes. Changes that
 * arrive while a write is in progress are written together by the next write.
 *
 * A file that is not a valid store (not JSON, empty, `null`, off the schema, from a newer
 * version) is never written to: the store refuses to open. An absent file is created from the
 * seed, which is never lowdb's `defaultData`.
 */
export class Store {
  private closed = false;
  /** The draft a mutator is working on: reads made during a change see it. */
  private drafting: Draft<StoreData> | null = null;
  /** The last document handed to the adapter, and its write. */
  private lastWrite: { data: StoreData; written: Promise<void> } | null = null;
  private constructor(
    private readonly db: Low<StoreData>,
    private readonly adapter: DurableJsonFile<StoreData>,
    readonly file: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens STORE_PATH: creates it from the seed when absent; otherwise validates (and migrates)
   * it and refuses, without touching the file, when it is not a valid store.
   */
  static async open(file: string, options: StoreOptions): Promise<Store> {
    const full = path.resolve(file);
    const disk = new StoreFiles(full, (raw) => validateStore(full, raw, options.clock.now()));
    const adapter = new DurableJsonFile<StoreData>(full, disk);
    const db = new Low<StoreData>(adapter, null as unknown as StoreData);
    try {
      await db.read();
    } catch (err) {
      if (err instanceof StoreLoadError) throw err;
      throw new StoreLoadError(full, `it could not be read (${(err as Error).message})`);
    }

    if (db.data === null) {
      const store = new Store(db, adapter, full, options.clock);
      await mkdir(path.dirname(full), { recursive: true });
      const seeded = storeFromSeed(options.seed());
      await adapter.write(seeded);
      db.data = seeded;
      return store;
    }
    const store = new Store(db, adapter, full, options.clock);
    if (disk.migratedFrom !== null) {
      // The pre-migration store stays beside it before the first write in the new shape.
      await disk.keepBeforeMigration(`${full}.v${String(disk.migratedFrom)}.bak`);
      await adapter.write(db.data);
    }
    return store;
  }

  /**
   * Runs a read against the data on disk (during a change: against the change's draft). The
   * callback must not keep or change what it gets.
   */
  read<T>(fn: (data: Readonly<StoreData>) => T): T {
    return fn(this.drafting ?? this.db.data);
  }

  /**
   * The newest document: the one on disk with every change accepted since (on its way to the
   * disk). Only for deciding a change whose outcome is told once that change, or this document,
   * is on disk (`settled`): a change must never be heard of before then.
   */
  newest(): Readonly<StoreData> {
    return this.drafting ?? this.adapter.latest ?? this.db.data;
  }

  /**
   * Resolves once `doc` (from `newest`) is on disk; rejects if the write it rests on fails.
   * Writes land in order, so the newest write in flight covers it.
   */
  async settled(doc: Readonly<StoreData>): Promise<void> {
    if (doc === this.db.data || !this.lastWrite) return;
    await this.lastWrite.written;
  }

  /**
   * Applies one change. `mutate` runs synchronously on a draft of the newest document and must
   * audit every record it changes (a mutator that audits nothing is taken to have changed
   * nothing: its draft is dropped). Resolves once the change is durably on disk, and only then
   * do readers see it; rejects, with nothing changed, if the write fails. What `mutate` returns
   * is detached from the draft (records in it are plain copies).
   */
  async transact<T>(mutate: (data: StoreData, audit: (entry: AuditInput) => void) => T): Promise<T> {
    if (this.closed) throw new Error('The store is closed.');
    if (this.drafting) throw new Error('A change cannot start another change.');
    const base = this.adapter.latest ?? this.db.data;
    const entries: AuditEntry[] = [];
    const at = this.clock.now().toISOString();
    const draft = createDraft(base);
    let result: T;
    this.drafting = draft;
    try {
      result = detach(
        mutate(draft as StoreData, (entry) => {
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
        }),
      );
      if (entries.length > 0) draft.audit.push(...entries);
    } catch (err) {
      this.drafting = null;
      // A refused change may rest on changes still on their way to the disk ("already
      // recorded"): the refusal waits for them too, and fails if they do.
      if (this.lastWrite?.data === base) await this.lastWrite.written;
      throw err;
    } finally {
      this.drafting = null;
    }
    if (entries.length === 0) {
      // Nothing changed, but the answer may rest on changes still on their way to the disk:
      // it waits for them, and fails if they do.
      if (this.lastWrite?.data === base) await this.lastWrite.written;
      return result;
    }
    const next = finishDraft(draft);
    const written = this.adapter.write(next);
    this.lastWrite = { data: next, written };
    await written;
    this.db.data = this.adapter.written!;
    return result;
  }

  /**
   * Changes bookkeeping kept beside the records (the sync's run log), never a record: written
   * durably like any change, serialised with them, and not audited. Resolves once on disk.
   */
  async keep(mutate: (data: Pick<StoreData, 'syncRuns'>) => void): Promise<void> {
    if (this.closed) throw new Error('The store is closed.');
    if (this.drafting) throw new Error('A change cannot start another change.');
    const draft = createDraft(this.adapter.latest ?? this.db.data);
    mutate(draft);
    const next = finishDraft(draft);
    const written = this.adapter.write(next);
    this.lastWrite = { data: next, written };
    await written;
    this.db.data = this.adapter.written!;
  }

  /** Waits for every write in flight. */
  async flush(): Promise<void> {
    await this.adapter.settled();
  }

  /** Refuses further changes and waits for the writes in flight. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

/** Migrates and validates a store document read from `file`; throws StoreLoadError when it is not a valid store. */
function validateStore(file: string, raw: Record<string, unknown>, now: Date): LoadedStore {
  let migrated: { data: Record<string, unknown>; migrated: boolean };
  try {
    migrated = migrate(raw, now);
  } catch (err) {
    if (err instanceof MigrationError) throw new StoreLoadError(file, err.message);
    throw err;
  }
  const parsed = storeSchema.safeParse(migrated.data);
  if (!parsed.success) throw new StoreLoadError(file, `it breaks the store schema:\n${formatZodIssues(parsed.error)}`);
  try {
    checkReferences(parsed.data);
  } catch (err) {
    throw new StoreLoadError(file, (err as Error).message);
  }
  return { data: parsed.data, migratedFrom: migrated.migrated ? (raw.schemaVersion as number) : null };
}

/**
 * A mutator's result with every draft in it replaced by a plain copy (a draft cannot be read
 * once the change is finished). Walks only what the mutator built itself (plain objects and
 * arrays that are not drafts) and copies the drafts it finds there.
 */
function detach<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (isDraft(value)) return current(value as Draft<T>);
  if (Array.isArray(value)) return value.map(detach) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = detach((value as Record<string, unknown>)[key]);
  return out as T;
}
