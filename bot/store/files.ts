import { constants, fdatasync, fstatSync, write } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Durable file operations for the store. "Durable" means the data survives a crash of the
 * process and a power cut: file contents are fsync'd before they are relied on, and a rename
 * (or removal) is fsync'd through its folder.
 */

/** `.store.json.tmp` beside `store.json`: the temporary file a write goes to before its rename. */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
}

/** Writes all of `data` at the file handle's position (a write may be partial). */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/** Platforms that cannot open or fsync a folder (Windows) say so with one of these. */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'ENOTSUP']);

export async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(folder, 'r');
  } catch (err) {
    if (FOLDER_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!FOLDER_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `data` atomically and durably: write a temporary file beside it, fsync
 * it, rename it over the file, fsync the folder. A crash at any point leaves either the old
 * file or the new one, complete.
 */
export async function replaceFileDurably(file: string, data: Buffer): Promise<void> {
  const temp = tempNameFor(file);
  const handle = await open(temp, 'w');
  try {
    await writeAll(handle, data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncFolder(path.dirname(file));
}

export async function removeFileDurably(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await syncFolder(path.dirname(file));
}

/**
 * An open append-only file whose appends are on disk when `append` resolves. Where the platform
 * has O_DSYNC (Linux, macOS) the file is opened with it, so each write returns only once its
 * data is on disk: one system call per append instead of a write and an fdatasync, each a trip
 * through libuv's thread pool. Elsewhere each append is followed by fdatasync.
 */
export class AppendFile {
  private constructor(
    private readonly handle: FileHandle,
    public bytes: number,
    private readonly syncedWrites: boolean,
  ) {}

  static async open(file: string): Promise<AppendFile> {
    const dsync = constants.O_DSYNC;
    const syncedWrites = typeof dsync === 'number' && dsync !== 0;
    const flags = syncedWrites ? constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | dsync : 'a';
    const handle = await open(file, flags);
    const { size } = await handle.stat();
    return new AppendFile(handle, size, syncedWrites);
  }

  /**
   * Appends through libuv's thread pool, so the event loop goes on (rendering and sending the
   * reply) while the disk works. The callback API, not the FileHandle's: this is on every
   * change's path and the callback form does less around the same system call.
   */
  async append(data: Buffer): Promise<void> {
    const fd = this.handle.fd;
    let offset = 0;
    while (offset < data.length) offset += await callback<number>((done) => write(fd, data, offset, data.length - offset, null, done));
    if (!this.syncedWrites) await callback<void>((done) => fdatasync(fd, done));
    // fstat touches no disk: asked here, on this thread, it costs less than another trip.
    this.appended(data, fstatSync(fd).nlink);
  }

  private appended(data: Buffer, nlink: number): void {
    // A journal deleted (or its folder) while open still takes appends, into a file nobody
    // will read again: that must fail the change, not acknowledge it.
    if (nlink === 0) {
      throw Object.assign(new Error('ENOENT: the journal file was removed while the store was open'), { code: 'ENOENT' });
    }
    this.bytes += data.length;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

function callback<T>(call: (done: (err: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((err, value) => (err ? reject(err) : resolve(value))));
}
