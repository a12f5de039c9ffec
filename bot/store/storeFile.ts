import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreLoadError } from './errors';
import { replaceFileDurably, syncFolder, writeFileSynced } from './files';
import type { StoreData } from './schema';
import {
  assemble,
  checkIndex,
  isPartFileName,
  isPartsIndex,
  layOut,
  layoutFromFiles,
  parseStoreObject,
  partContent,
  partFileName,
  partsFolderName,
  type Document,
  type Layout,
  type PartsIndex,
} from './storeParts';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Where a document is kept: DurableJsonFile queues the writes, the disk carries out each one. */
export interface DocumentDisk<T> {
  /** The document, or null when there is none yet; throws when what is there is not a valid document. */
  load(): Promise<T | null>;
  /** Puts `data` on disk, all of it or none of it; resolves once it is durable. */
  save(data: T): Promise<void>;
}

/**
 * A lowdb adapter for a JSON document that must survive a crash of the process or a power cut.
 *
 * `read` returns null only when there is no document yet; anything else that is not a valid
 * document (including an empty file or `null`) is refused by the disk, which throws.
 *
 * `write` hands the document to the disk, which saves it atomically and durably, and resolves
 * once it is on disk. Documents handed to `write` while a write is in progress are coalesced:
 * only the newest is written next, and every caller waiting for one of them is answered by
 * that write. Each document is taken to contain the changes of the ones before it, so when a
 * write fails, the documents queued behind it fail with it (writing them would put the failed
 * change on disk), and `latest` goes back to the document last written.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private writtenDoc: T | null = null;
  private latestDoc: T | null = null;
  private queued: { data: T; waiters: Waiter[] } | null = null;
  private writing = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly disk: DocumentDisk<T>,
  ) {}

  async read(): Promise<T | null> {
    const data = await this.disk.load();
    if (data === null) return null;
    this.writtenDoc = data;
    this.latestDoc = data;
    return data;
  }

  /** The document last known to be on disk. */
  get written(): T | null {
    return this.writtenDoc;
  }

  /** The newest document accepted by `write` that has not failed: what a further change builds on. */
  get latest(): T | null {
    return this.latestDoc;
  }

  write(data: T): Promise<void> {
    this.latestDoc = data;
    return new Promise<void>((resolve, reject) => {
      if (this.queued) {
        this.queued.data = data;
        this.queued.waiters.push({ resolve, reject });
      } else {
        this.queued = { data, waiters: [{ resolve, reject }] };
      }
      if (!this.writing) {
        this.writing = true;
        this.idle = this.drain();
      }
    });
  }

  /** Resolves once no write is in progress or queued (whether the writes succeeded or not). */
  async settled(): Promise<void> {
    while (this.writing) await this.idle;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued) {
        const batch = this.queued;
        this.queued = null;
        try {
          await this.replace(batch.data);
        } catch (err) {
          const behind = this.queued as { waiters: Waiter[] } | null;
          this.queued = null;
          this.latestDoc = this.writtenDoc;
          for (const waiter of [...batch.waiters, ...(behind?.waiters ?? [])]) waiter.reject(err);
          continue;
        }
        this.writtenDoc = batch.data;
        for (const waiter of batch.waiters) waiter.resolve();
      }
    } finally {
      this.writing = false; // in the same step as the last look at the queue
    }
  }

  /** One durable save of the document. */
  protected async replace(data: T): Promise<void> {
    await this.disk.save(data);
  }
}

/** A store document as loaded: valid, and whether a migration lifted it from an older version. */
export interface LoadedStore {
  data: StoreData;
  migratedFrom: number | null;
}

/** Part files are written indented, for people to read, unless that makes them this long; then compactly (faster). */
const INDENT_BELOW_CHARS = 512 * 1024;

function partText(content: Document): Buffer {
  const indented = JSON.stringify(content, null, 1);
  return Buffer.from(`${indented.length < INDENT_BELOW_CHARS ? indented : JSON.stringify(content)}\n`, 'utf8');
}

/**
 * The store's files: STORE_PATH and the parts folder beside it (ADR 0009).
 *
 * STORE_PATH holds either the index of the parts (what this class writes), or a whole store
 * document (a store made by hand, by a test, or before the store was kept in parts), which is
 * read as it is and stored as parts by the first write, after a copy of it is kept as
 * `STORE_PATH.whole.bak`.
 *
 * A save writes only the parts that differ from the last document saved, each to a new file
 * (the next generation: a part file is never changed once written), fsyncs them and their
 * folder, and then replaces the index durably. That rename is the commit point: before it the
 * old index names the old files, which are all still there; after it every file it names is
 * durable. Only then are the files the new index no longer names removed. A crash leaves at
 * worst part files no index names, which the next successful load removes.
 */
export class StoreFiles implements DocumentDisk<StoreData> {
  /** The parts folder, beside STORE_PATH. */
  readonly folder: string;
  /** What STORE_PATH held when last loaded or saved. */
  private form: 'absent' | 'whole' | 'parts' = 'absent';
  /** The index last committed (null until the store is in parts). */
  private index: PartsIndex | null = null;
  /** The layout of the document last committed; null: write every part next. */
  private layout: Layout | null = null;
  /** Parts whose files do not hold what `layout` puts in them (an older cut of a loaded store): written at the next write. */
  private stale = new Set<string>();
  /** The last generation used; a failed save's generation is never used again. */
  private generation = 0;
  /** The document as read, kept only when a migration changed it (for the backup of the old version). */
  private beforeMigration: Document | null = null;
  /** Set by `load`. */
  migratedFrom: number | null = null;

  constructor(
    readonly file: string,
    private readonly validate: (raw: Document) => LoadedStore,
  ) {
    this.folder = path.join(path.dirname(file), partsFolderName(file));
  }

  async load(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const raw = parseStoreObject(this.file, text);
    let loaded: LoadedStore;
    if (isPartsIndex(raw)) {
      const index = checkIndex(this.file, raw);
      const parts = await Promise.all(
        Object.entries(index.parts).map(async ([key, name]) => {
          const file = path.join(path.dirname(this.file), name);
          return { key, file, content: parseStoreObject(file, await readPart(file, this.file), { key, index: this.file }) };
        }),
      );
      const { doc, counts } = assemble(index, parts);
      loaded = this.validate(doc);
      this.form = 'parts';
      this.index = index;
      this.generation = index.generation;
      const fromFiles = loaded.migratedFrom === null ? layoutFromFiles(loaded.data, counts) : null;
      this.layout = fromFiles?.layout ?? null;
      this.stale = fromFiles?.stale ?? new Set();
      this.beforeMigration = loaded.migratedFrom === null ? null : doc;
    } else {
      loaded = this.validate(raw);
      this.form = 'whole';
      this.index = null;
      this.layout = null;
      this.stale = new Set();
    }
    this.migratedFrom = loaded.migratedFrom;
    await this.removeOrphans();
    return loaded.data;
  }

  /** Keeps the store as it was read before a migration changed it, as a whole document at `target`. */
  async keepBeforeMigration(target: string): Promise<void> {
    if (this.beforeMigration) await writeFile(target, `${JSON.stringify(this.beforeMigration)}\n`);
    else await copyFile(this.file, target);
  }

  async save(data: StoreData): Promise<void> {
    const previous = this.layout;
    const { layout, changed } = layOut(data, previous);
    if (changed.size === 0) {
      this.layout = layout;
      return;
    }
    for (const key of this.stale) changed.add(key);
    try {
      // The whole document is about to be replaced by an index: keep it as it was.
      if (this.form === 'whole') await copyFile(this.file, `${this.file}.whole.bak`);
      await makeFolder(this.folder);
      this.generation += 1;
      const generation = this.generation;
      // Without a previous layout every part is written, and the index names only those.
      // A copy keeps the order of the index's keys, which are sorted: only a new key needs a sort.
      const parts: Record<string, string> = previous && this.index ? { ...this.index.parts } : {};
      let newKey = false;
      const writes: Promise<void>[] = [];
      for (const key of changed) {
        const content = partContent(layout, key);
        if (!content) {
          delete parts[key];
          continue;
        }
        const name = `${path.basename(this.folder)}/${partFileName(key, generation)}`;
        if (!Object.hasOwn(parts, key)) newKey = true;
        parts[key] = name;
        writes.push(writeFileSynced(path.join(path.dirname(this.file), name), partText(content)));
      }
      const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      await syncFolder(this.folder);
      const index: PartsIndex = {
        schemaVersion: data.schemaVersion,
        store: 'parts',
        generation,
        parts: newKey ? Object.fromEntries(Object.entries(parts).sort(([a], [b]) => (a < b ? -1 : 1))) : parts,
      };
      await replaceFileDurably(this.file, Buffer.from(`${JSON.stringify(index, null, 1)}\n`, 'utf8'));
      // Committed. A file is superseded when its part now has another file, or none.
      const old = this.index?.parts ?? {};
      const superseded = Object.keys(old)
        .filter((key) => parts[key] !== old[key])
        .map((key) => old[key]!);
      this.index = index;
      this.layout = layout;
      this.stale = new Set();
      this.form = 'parts';
      await Promise.all(superseded.map((name) => unlink(path.join(path.dirname(this.file), name)).catch(() => undefined)));
    } catch (err) {
      // What reached the disk is not known: the next save writes every part afresh.
      this.layout = null;
      this.stale = new Set();
      throw err;
    }
  }

  /**
   * Removes part files the index does not name (left by a save that never committed, or
   * superseded by one whose removals did not finish). Runs only after a successful load: a
   * store that does not load is never touched.
   */
  private async removeOrphans(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const named = new Set(Object.values(this.index?.parts ?? {}).map((name) => path.posix.basename(name)));
    await Promise.all(
      names
        .filter((name) => isPartFileName(name) && !named.has(name))
        .map((name) => unlink(path.join(this.folder, name)).catch(() => undefined)),
    );
  }
}

/** Creates the parts folder when it is missing (not its parents: a store folder that went away fails the write). */
async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

async function readPart(file: string, index: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw partReadError(file, index, err);
  }
}

function partReadError(file: string, index: string, err: unknown): StoreLoadError {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT')
    return new StoreLoadError(file, `it is missing (the store index ${index} names it)`);
  return new StoreLoadError(file, `it could not be read (${(err as Error).message}; it is a part of the store ${index})`);
}

/**
 * The store document at `file` as it is on disk, not yet migrated or validated: the parts its
 * index names, assembled, or the whole document it holds. For tools and tests that check what
 * is on disk; throws StoreLoadError when a file cannot be read as a store.
 */
export function readStoreFiles(file: string): Document {
  const raw = parseStoreObject(file, readFileSync(file, 'utf8'));
  if (!isPartsIndex(raw)) return raw;
  const index = checkIndex(file, raw);
  const parts = Object.entries(index.parts).map(([key, name]) => {
    const partFile = path.join(path.dirname(file), name);
    let text: string;
    try {
      text = readFileSync(partFile, 'utf8');
    } catch (err) {
      throw partReadError(partFile, file, err);
    }
    return { key, file: partFile, content: parseStoreObject(partFile, text, { key, index: file }) };
  });
  return assemble(index, parts).doc;
}
