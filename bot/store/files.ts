import { open, rename, type FileHandle } from 'node:fs/promises';
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
 * Writes `data` to `file` (a name nothing relies on yet) and fsyncs it. Its folder entry is
 * durable only once the folder is fsync'd (syncFolder), which the caller does before relying on it.
 */
export async function writeFileSynced(file: string, data: Buffer): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await writeAll(handle, data);
    await handle.sync();
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
  await writeFileSynced(temp, data);
  await rename(temp, file);
  await syncFolder(path.dirname(file));
}
