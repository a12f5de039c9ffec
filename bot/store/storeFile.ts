import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { replaceFileDurably } from './files';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * A lowdb adapter for a JSON document that must survive a crash of the process or a power cut.
 *
 * `read` returns null only when the file does not exist; anything else that is not a valid
 * document (including an empty file or `null`) is refused by `parse`, which throws.
 *
 * `write` replaces the file atomically and durably (temporary file, fsync, rename, fsync of the
 * folder: see replaceFileDurably) and resolves once the document is on disk. Documents handed to
 * `write` while a write is in progress are coalesced: only the newest is written next, and every
 * caller waiting for one of them is answered by that write. Each document is taken to contain
 * the changes of the ones before it, so when a write fails, the documents queued behind it fail
 * with it (writing them would put the failed change on disk), and `latest` goes back to the
 * document last written.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private writtenDoc: T | null = null;
  private latestDoc: T | null = null;
  private queued: { data: T; waiters: Waiter[] } | null = null;
  private writing = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly parse: (text: string) => T,
    private readonly format: (data: T) => string | Promise<string>,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const data = this.parse(text);
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

  /** One durable replacement of the file. */
  protected async replace(data: T): Promise<void> {
    await replaceFileDurably(this.file, Buffer.from(await this.format(data), 'utf8'));
  }
}
