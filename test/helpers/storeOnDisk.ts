import { existsSync, readFileSync } from 'node:fs';
import { journalNameFor, parseJournal, replay, sha1 } from '../../bot/store/journal';
import { storeSchema, type StoreData } from '../../bot/store/schema';

/**
 * What is on disk for a store, read the way the bot reads it on start: the store file with its
 * journal replayed. Tests check durability with this, never with the bot's memory.
 */
export function storeOnDisk(storePath: string): StoreData {
  const bytes = readFileSync(storePath);
  const raw = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const journalFile = journalNameFor(storePath);
  if (existsSync(journalFile)) {
    const journal = parseJournal(readFileSync(journalFile, 'utf8'));
    if (journal.header.snapshot !== sha1(bytes)) throw new Error(`${journalFile} does not belong to ${storePath}`);
    replay(raw, journal.entries);
  }
  return storeSchema.parse(raw);
}
