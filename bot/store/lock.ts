import { hostname } from 'node:os';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * One writer per store file. The bot, and every command that writes the store, holds
 * `STORE_PATH + '.lock'` while it has the store open: another writer would otherwise work on its
 * own copy in memory and its next write would silently undo the other's changes.
 *
 * The lock file is created exclusively and names its holder (pid, host, what). A lock whose
 * process is gone (the bot was killed) is taken over, so a crash never blocks the next start;
 * a lock held by a live process, or written on another host (whose processes cannot be seen
 * from here), refuses with a message saying who holds it.
 */
export interface LockHolder {
  pid: number;
  host: string;
  what: string;
  since: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder ? `${holder.what} (process ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another program';
    super(
      `The store ${lockFile.replace(/\.lock$/, '')} is in use by ${who}. ` +
        'Stop it first and try again. If nothing is using the store, delete the lock file ' +
        lockFile +
        '.',
    );
    this.name = 'StoreLockedError';
  }
}

export interface StoreLock {
  readonly file: string;
  release(): Promise<void>;
}

export function lockFileFor(storePath: string): string {
  return `${path.resolve(storePath)}.lock`;
}

/** Takes the lock for `storePath` (its folder must exist) or throws StoreLockedError. */
export async function lockStore(storePath: string, what: string): Promise<StoreLock> {
  const file = lockFileFor(storePath);
  await mkdir(path.dirname(file), { recursive: true });
  const mine: LockHolder = { pid: process.pid, host: hostname(), what, since: new Date().toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await createExclusive(file, text)) return held(file, text);
    const seen = await readHolder(file);
    if (seen === 'gone') continue; // released meanwhile: try again
    if (seen.holder && !isStale(seen.holder, file)) throw new StoreLockedError(file, seen.holder);
    if (!seen.holder) throw new StoreLockedError(file, null);
    // Stale: move exactly the file we judged aside. If someone else took it over first, what was
    // moved is their fresh lock: put it back and let the next attempt judge it.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      await rename(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved !== seen.text) {
      await link(aside, file).catch(() => undefined);
    }
    await unlink(aside).catch(() => undefined);
  }
  throw new StoreLockedError(file, null);
}

/**
 * The lock files this process holds. A lock naming this process's own pid that is not among them
 * was left by an earlier process that had the same pid (a container's bot is often pid 1 after
 * every restart): it is stale, not ours.
 */
const heldHere = new Set<string>();

function isStale(holder: LockHolder, file: string): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(file);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Creates the lock file with its content in one step (never an empty lock), unless it exists. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readHolder(file: string): Promise<'gone' | { text: string; holder: LockHolder | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 && typeof parsed.host === 'string') {
      return {
        text,
        holder: {
          pid: parsed.pid,
          host: parsed.host,
          what: String(parsed.what ?? 'a program'),
          since: String(parsed.since ?? 'an unknown time'),
        },
      };
    }
  } catch {
    // not ours, or written only in part: refuse rather than guess
  }
  return { text, holder: null };
}

function held(file: string, text: string): StoreLock {
  let released = false;
  heldHere.add(file);
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      // Only our own lock is removed (never one a later process took over).
      const now = await readFile(file, 'utf8').catch(() => null);
      if (now === text) await unlink(file).catch(() => undefined);
    },
  };
}
