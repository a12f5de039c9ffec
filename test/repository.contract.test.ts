import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock, type Clock } from '../bot/clock';
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

describe('lowdb repository: reads the recogniser builds on', () => {
  test('When nothing about people changes, then people.all gives the same array each turn (the name tables are memoised on it), and a new one once someone changes', async () => {
    const clock = new FixedClock(new Date('2023-09-05T09:00:00Z'));
    const subject = await lowdbSubject(clock);
    try {
      const repo = subject.repository;
      const first = await repo.people.all();
      const actor = { personId: null, aadObjectId: null, name: 'test' };
      await repo.apologies.record(
        { meetingId: 'childrens-os-2023-09-12', personId: 'qaisar-abbas', reason: null, substituteId: null },
        null,
        {
          actor,
        },
      );
      expect(await repo.people.all()).toBe(first);
      const linked = await repo.people.link('qaisar-abbas', 1, { aadObjectId: 'aad-new' }, { actor });
      expect(linked.ok).toBe(true);
      const after = await repo.people.all();
      expect(after).not.toBe(first);
      expect(after.find((p) => p.id === 'qaisar-abbas')).toMatchObject({ aadObjectId: 'aad-new', version: 2 });
      expect(await repo.people.all()).toBe(after);
    } finally {
      await subject.close();
    }
  });
});
