import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFile } from 'lowdb/node';
import { Low } from 'lowdb';
import type { Clock } from '../clock';
import { formatZodIssues } from './errors';
import { migrate, MigrationError } from './migrations';
import { SCHEMA_VERSION, storeSchema, type Actor, type AuditEntry, type Seed, type StoreData } from './schema';
import { checkReferences } from './seed';

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
    audit: [],
  };
}

/**
 * The JSON store. Reads are served from memory. Changes go through `transact`, whose mutator
 * runs synchronously (so two turns can never interleave inside one change) and then waits for
 * the file write; lowdb's writer (steno) writes to a temp file and renames it, so a crash leaves
 * either the old or the new file, and it coalesces concurrent writes so every caller resolves
 * only once a file holding its change is on disk.
 */
export class Store {
  private closed = false;
  private pending = new Set<Promise<unknown>>();

  private constructor(
    private readonly db: Low<StoreData>,
    readonly file: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens STORE_PATH: creates it from the seed when absent; otherwise validates it and refuses
   * (without touching the file) when it is not JSON or breaks the schema.
   */
  static async open(file: string, options: { seed: () => Seed; clock: Clock }): Promise<Store> {
    const full = path.resolve(file);
    const adapter = new DataFile<StoreData>(full, {
      parse: (text) => JSON.parse(text) as StoreData,
      stringify: (data) => `${JSON.stringify(data, null, 1)}\n`,
    });
    let text: string | null = null;
    try {
      text = await readFile(full, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StoreLoadError(full, `it could not be read (${(err as Error).message})`);
      }
    }

    if (text === null) {
      const db = new Low<StoreData>(adapter, storeFromSeed(options.seed()));
      await mkdir(path.dirname(full), { recursive: true });
      await db.write();
      return new Store(db, full, options.clock);
    }

    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new StoreLoadError(full, `it is not valid JSON (${(err as Error).message})`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new StoreLoadError(full, 'it does not hold a JSON object');
    }
    let migrated: { data: Record<string, unknown>; migrated: boolean };
    try {
      migrated = migrate(raw as Record<string, unknown>);
    } catch (err) {
      if (err instanceof MigrationError) throw new StoreLoadError(full, err.message);
      throw err;
    }
    const parsed = storeSchema.safeParse(migrated.data);
    if (!parsed.success) {
      throw new StoreLoadError(full, `it breaks the store schema:\n${formatZodIssues(parsed.error)}`);
    }
    try {
      checkReferences(parsed.data);
    } catch (err) {
      throw new StoreLoadError(full, (err as Error).message);
    }
    const db = new Low<StoreData>(adapter, parsed.data);
    if (migrated.migrated) {
      // Keep the pre-migration file beside the store before the first write in the new shape.
      await copyFile(full, `${full}.v${String((raw as { schemaVersion: number }).schemaVersion)}.bak`);
      await db.write();
    }
    return new Store(db, full, options.clock);
  }

  /** Runs a read against the current data. The callback must not keep or change what it gets. */
  read<T>(fn: (data: Readonly<StoreData>) => T): T {
    return fn(this.db.data);
  }

  /**
   * Applies one change. `mutate` must decide everything (and throw, if it must) before it
   * changes anything: it runs synchronously on the live data, and must audit every change it
   * makes (a mutator that audits nothing is taken to have changed nothing and is not written).
   * Resolves once the change is on disk.
   */
  async transact<T>(mutate: (data: StoreData, audit: (entry: AuditInput) => void) => T): Promise<T> {
    if (this.closed) throw new Error('The store is closed.');
    const entries: AuditEntry[] = [];
    const at = this.clock.now().toISOString();
    const result = mutate(this.db.data, (entry) => {
      entries.push({
        id: randomUUID(),
        at,
        actor: entry.actor,
        onBehalfOf: entry.onBehalfOf ?? null,
        kind: entry.kind,
        recordType: entry.recordType,
        recordId: entry.recordId,
        ...(entry.before !== undefined ? { before: structuredClone(entry.before) } : {}),
        ...(entry.after !== undefined ? { after: structuredClone(entry.after) } : {}),
      });
    });
    // Every change is audited, so a mutator that audited nothing changed nothing: no write.
    if (entries.length === 0) return result;
    this.db.data.audit.push(...entries);
    const write = this.db.write();
    this.pending.add(write);
    try {
      await write;
    } finally {
      this.pending.delete(write);
    }
    return result;
  }

  /** Waits for every write in flight. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Refuses further changes and waits for writes in flight. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
