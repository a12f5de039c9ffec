import { readFileSync } from 'node:fs';
import { storeSchema, type StoreData } from '../../bot/store/schema';

/** What is on disk for a store: its file, read and validated. Tests check durability with this, never with the bot's memory. */
export function storeOnDisk(storePath: string): StoreData {
  return storeSchema.parse(JSON.parse(readFileSync(storePath, 'utf8')));
}
