import { storeSchema, type StoreData } from '../../bot/store/schema';
import { readStoreFiles } from '../../bot/store/storeFile';

/**
 * What is on disk for a store: its files (the index and the parts it names, or a whole
 * document), read and validated. Tests check durability with this, never with the bot's memory.
 */
export function storeOnDisk(storePath: string): StoreData {
  return storeSchema.parse(readStoreFiles(storePath));
}
