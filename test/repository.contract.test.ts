import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../bot/clock';
import { createLowdbRepository } from '../bot/store/lowdbRepository';
import type { StoreData } from '../bot/store/schema';
import { loadSeed } from '../bot/store/seed';
import { Store } from '../bot/store/store';
import { DurableJsonFile } from '../bot/store/storeFile';
import { describeRepositoryContract, type ContractSubject } from './helpers/repositoryContract';

/** The lowdb repository on a store file of its own, opened from the seed. */
async function lowdbSubject(clock: Clock): Promise<ContractSubject> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'repository-contract-')), 'store.json');
  const open = () => Store.open(file, { seed: () => loadSeed(), clock });
  const store = await open();
  const opened: Store[] = [store];
  return {
    repository: createLowdbRepository(store, clock),
    failNextCommit: () => {
      type Replace = (this: DurableJsonFile<StoreData>, data: StoreData) => Promise<void>;
      const proto = DurableJsonFile.prototype as unknown as { replace: Replace };
      const spy = jest
        .spyOn(proto, 'replace')
        .mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
      return () => spy.mockRestore();
    },
    reopen: async () => {
      const again = await open();
      opened.push(again);
      return createLowdbRepository(again, clock);
    },
    close: async () => {
      for (const s of opened) await s.close();
    },
  };
}

describeRepositoryContract('lowdb', lowdbSubject);
