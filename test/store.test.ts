import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { Store, StoreLoadError, type AuditInput } from '../bot/store/store';
import { SCHEMA_VERSION, storeSchema, type StoreData } from '../bot/store/schema';
import { journalNameFor } from '../bot/store/journal';
import { AppendFile } from '../bot/store/files';
import { buildSeed } from './helpers/builders';
import { storeOnDisk } from './helpers/storeOnDisk';

const clock = new FixedClock(new Date('2023-09-05T09:00:00Z'));
const actor = { personId: 'clara-clerk', aadObjectId: 'aad-clara', name: 'Clara Clerk' };
const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'nested', 'store.json');
const open = (file: string) => Store.open(file, { seed: () => buildSeed(), clock });

describe('store', () => {
  test('When no store file exists, then it is created from the seed with empty records', async () => {
    const file = tempFile();
    const store = await open(file);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(storeSchema.parse(onDisk).schemaVersion).toBe(SCHEMA_VERSION);
    expect(onDisk.committees[0].id).toBe('test-committee');
    expect(onDisk.apologies).toEqual([]);
    expect(store.read((d) => d.people.length)).toBe(4);
  });

  test('When a store is changed and reopened, then the change and its audit entry are there', async () => {
    const file = tempFile();
    const store = await open(file);
    await store.transact((data, audit) => {
      const meeting = data.meetings[0]!;
      const before = { venue: meeting.venue };
      meeting.venue = 'Council Chamber';
      audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: meeting.id, before, after: { venue: meeting.venue } });
    });
    const reopened = await open(file);
    expect(reopened.read((d) => d.meetings[0]!.venue)).toBe('Council Chamber');
    const [entry] = reopened.read((d) => d.audit);
    expect(entry).toMatchObject({
      at: '2023-09-05T09:00:00.000Z',
      actor,
      kind: 'meeting.moved',
      recordId: 'test-committee-2030-01-15',
      before: { venue: 'Committee Room 1' },
      after: { venue: 'Council Chamber' },
    });
  });

  test.each([
    ['not JSON', '{"schemaVersion": 1, "people": [', /not valid JSON/],
    ['truncated to nothing', '', /not valid JSON/],
    ['a JSON array', '[]', /does not hold a JSON object/],
    ['the wrong schema', JSON.stringify({ schemaVersion: 1, people: 'nobody' }), /breaks the store schema[\s\S]*people/],
    ['a future schema version', JSON.stringify({ schemaVersion: 99 }), /newer than this bot understands/],
  ])('When the store file is %s, then opening refuses, names the file and leaves it byte-identical', async (_label, content, message) => {
    const file = tempFile();
    await open(file); // creates folder
    writeFileSync(file, content);
    const before = readFileSync(file);
    const attempt = open(file);
    await expect(attempt).rejects.toBeInstanceOf(StoreLoadError);
    await expect(open(file)).rejects.toThrow(file);
    await expect(open(file)).rejects.toThrow(message);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('When a record points at an unknown person, then opening refuses', async () => {
    const file = tempFile();
    await open(file);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.committees[0].membership.push({ personId: 'nobody', role: 'member' });
    writeFileSync(file, JSON.stringify(data));
    await expect(open(file)).rejects.toThrow(/unknown id "nobody"/);
  });

  test('When 100 changes overlap, then every one is kept on disk with its audit entry', async () => {
    const file = tempFile();
    const store = await open(file);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.transact((data, audit) => {
          data.budget.push({ id: `line-${i}`, year: '2023/24', service: `Service ${i}`, amount: i, kind: 'budget', source: { document: 't' } });
          audit({ actor, kind: 'budget.added', recordType: 'budget', recordId: `line-${i}` });
        }),
      ),
    );
    const onDisk = storeOnDisk(file);
    expect(onDisk.budget.map((b) => b.id).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `line-${i}`).sort());
    expect(onDisk.audit).toHaveLength(100);
  });

  test('When a change throws before mutating, then nothing is written or audited', async () => {
    const file = tempFile();
    const store = await open(file);
    const before = readFileSync(file, 'utf8');
    await expect(
      store.transact(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(store.read((d) => d.audit)).toHaveLength(0);
  });

  test('When a write is in flight, then the file on disk is always a complete valid store', async () => {
    const file = tempFile();
    const store = await open(file);
    const writes = Array.from({ length: 20 }, (_, i) =>
      store.transact((data, audit) => {
        data.meetings[0]!.venue = `Room ${i}`;
        audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: data.meetings[0]!.id });
      }),
    );
    // Read the files repeatedly while the writes race: they must load every time (a line being
    // appended is a torn last line, which loading ignores).
    for (let i = 0; i < 20; i += 1) {
      expect(() => storeOnDisk(file)).not.toThrow();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 19');
    expect(existsSync(path.join(path.dirname(file), '.store.json.tmp'))).toBe(false);
  });

  test('When a write fails, then the change is refused, and the next answer waits until memory and disk agree again', async () => {
    const file = tempFile();
    const store = await open(file);
    rmSync(path.dirname(file), { recursive: true }); // the disk goes away under the store
    await expect(
      store.transact((data, audit) => {
        data.meetings[0]!.venue = 'Council Chamber';
        audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: data.meetings[0]!.id });
      }),
    ).rejects.toThrow(/ENOENT/);
    mkdirSync(path.dirname(file), { recursive: true }); // ... and comes back
    // A change that finds nothing to do ("already recorded") still waits for the failed change to be written.
    await store.transact(() => 'unchanged');
    expect(storeOnDisk(file).meetings[0]!.venue).toBe('Council Chamber');
    await store.close();
  });

  test('When the store is closed, then further changes are refused', async () => {
    const store = await open(tempFile());
    await store.close();
    await expect(store.transact(() => undefined)).rejects.toThrow(/closed/);
  });
});

describe('store journal', () => {
  const openStore = (file: string) => Store.open(file, { seed: () => buildSeed(), clock });
  const moveMeeting = (venue: string) => (data: StoreData, audit: (entry: AuditInput) => void) => {
    const meeting = data.meetings[0]!;
    const before = { venue: meeting.venue };
    meeting.venue = venue;
    audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: meeting.id, before, after: { venue } });
  };
  /** The files as SIGKILL would leave them: a copy taken while the store is open. */
  const crashCopy = (file: string) => {
    const copy = tempFile();
    mkdirSync(path.dirname(copy), { recursive: true });
    copyFileSync(file, copy);
    if (existsSync(journalNameFor(file))) copyFileSync(journalNameFor(file), journalNameFor(copy));
    return copy;
  };

  test('When a large store changes, then the change is appended to its journal, the store file is left alone, and reopening replays it', async () => {
    const file = tempFile();
    const store = await openStore(file);
    const fileBefore = readFileSync(file, 'utf8');
    await store.transact(moveMeeting('Council Chamber'));
    await store.transact(moveMeeting('Committee Room 3'));
    expect(readFileSync(file, 'utf8')).toBe(fileBefore);
    const lines = readFileSync(journalNameFor(file), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3); // header + 2 changes
    expect(JSON.parse(lines[2]!)).toMatchObject({ n: 2, put: { meetings: [{ venue: 'Committee Room 3' }], audit: [{ kind: 'meeting.moved' }] } });

    const reopened = await openStore(crashCopy(file));
    expect(reopened.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 3');
    expect(reopened.read((d) => d.audit.map((a) => a.after))).toEqual([{ venue: 'Council Chamber' }, { venue: 'Committee Room 3' }]);
    await reopened.close();
    await store.close();
  });

  test('When the store closes, then the journal is folded into the store file and removed', async () => {
    const file = tempFile();
    const store = await openStore(file);
    await store.transact(moveMeeting('Council Chamber'));
    await store.close();
    expect(existsSync(journalNameFor(file))).toBe(false);
    expect(storeSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).meetings[0]!.venue).toBe('Council Chamber');
  });

  test('When the last journal line was cut off by a crash, then it is ignored and everything before it is kept', async () => {
    const file = tempFile();
    const store = await openStore(file);
    await store.transact(moveMeeting('Council Chamber'));
    const copy = crashCopy(file);
    appendFileSync(journalNameFor(copy), '{"n":2,"put":{"meetings":[{"id":"test-committee-2030-01-15","ven');
    const reopened = await openStore(copy);
    expect(reopened.read((d) => d.meetings[0]!.venue)).toBe('Council Chamber');
    expect(reopened.read((d) => d.audit)).toHaveLength(1);
    // Opening folded the journal in: the torn bytes are gone for good.
    expect(readFileSync(journalNameFor(copy), 'utf8').trim().split('\n')).toHaveLength(1);
    await reopened.close();
    await store.close();
  });

  test('When a crash came between writing the store file and replacing the journal, then the old journal is recognised as already applied', async () => {
    const file = tempFile();
    const store = await openStore(file);
    await store.transact(moveMeeting('Council Chamber'));
    const oldJournal = readFileSync(journalNameFor(file));
    await store.close(); // folds the journal into the file
    writeFileSync(journalNameFor(file), oldJournal); // ... as if the crash left the old journal behind
    const reopened = await openStore(file);
    expect(reopened.read((d) => d.meetings[0]!.venue)).toBe('Council Chamber');
    expect(reopened.read((d) => d.audit)).toHaveLength(1);
    await reopened.close();
  });

  test('When the journal passes its size limit, then it is folded into the store file and a fresh journal is started', async () => {
    const file = tempFile();
    const store = await Store.open(file, { seed: () => buildSeed(), clock, compactJournalAtBytes: 600 });
    await store.transact(moveMeeting('Council Chamber')); // header + one change: past 600 bytes ...
    await store.transact(moveMeeting('Committee Room 3')); // ... so this change rewrites the file
    expect(storeSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).meetings[0]!.venue).toBe('Committee Room 3');
    expect(readFileSync(journalNameFor(file), 'utf8').trim().split('\n')).toHaveLength(1); // just the header
    await store.transact(moveMeeting('Council Chamber')); // appended to the fresh journal
    expect(readFileSync(journalNameFor(file), 'utf8').trim().split('\n')).toHaveLength(2);
    const reopened = await openStore(crashCopy(file));
    expect(reopened.read((d) => d.meetings[0]!.venue)).toBe('Council Chamber');
    expect(reopened.read((d) => d.audit)).toHaveLength(3);
    await reopened.close();
    await store.close();
  });

  test('When 100 changes overlap on a large store, then each is kept once, with its audit entry', async () => {
    const file = tempFile();
    const store = await openStore(file);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.transact((data, audit) => {
          data.budget.push({ id: `line-${i}`, year: '2023/24', service: `Service ${i}`, amount: i, kind: 'budget', source: { document: 't' } });
          audit({ actor, kind: 'budget.added', recordType: 'budget', recordId: `line-${i}` });
        }),
      ),
    );
    const reopened = await openStore(crashCopy(file));
    expect(reopened.read((d) => d.budget.map((b) => b.id).sort())).toEqual(Array.from({ length: 100 }, (_, i) => `line-${i}`).sort());
    expect(reopened.read((d) => d.audit)).toHaveLength(100);
    await reopened.close();
    await store.close();
  });

  describe.each([['on-disk' as const], ['before-output' as const]])('When changes are acknowledged %s', (commit) => {
    const openWith = (file: string) => Store.open(file, { seed: () => buildSeed(), clock, commit });
    const journalLines = (file: string) => readFileSync(journalNameFor(file), 'utf8').trim().split('\n').length - 1;

    test('then overlapping changes share appends (group commit) and all reach the disk', async () => {
      const file = tempFile();
      const store = await openWith(file);
      const append = jest.spyOn(AppendFile.prototype, 'append');
      try {
        await store.transact(moveMeeting('Council Chamber'));
        await store.durable();
        expect(journalLines(file)).toBe(1);
        const overlapping = Array.from({ length: 10 }, (_, i) => store.transact(moveMeeting(`Room ${i}`)));
        await Promise.all(overlapping);
        await store.durable();
        expect(journalLines(file)).toBe(11);
        expect(append.mock.calls.length).toBeLessThan(11);
        expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 9');
      } finally {
        append.mockRestore();
      }
      await store.close();
    });

    test('then a journal removed under the store is noticed, and everything is written again before anything is confirmed', async () => {
      const file = tempFile();
      const store = await openWith(file);
      await store.transact(moveMeeting('Council Chamber'));
      await store.durable();
      rmSync(journalNameFor(file));
      if (commit === 'on-disk') {
        await expect(store.transact(moveMeeting('Committee Room 3'))).rejects.toThrow(/ENOENT/);
        expect(store.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 3'); // memory is ahead of the disk ...
        await store.transact(() => 'unchanged'); // ... so even an answer that changes nothing waits for the disk
      } else {
        await store.transact(moveMeeting('Committee Room 3')); // applied; the failed append surfaces in durable()
        await store.durable(); // which writes the whole store again rather than fail the reply
      }
      expect(storeOnDisk(file).meetings[0]!.venue).toBe('Committee Room 3');
      await store.transact(moveMeeting('Room 4'));
      await store.durable();
      expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 4');
      await store.close();
    });
  });

  describe('When changes are acknowledged before-output (the bot: its replies wait for durable())', () => {
    /** Holds each append until it is let go, as a slow disk would. */
    const holdAppends = () => {
      const original = AppendFile.prototype.append;
      const held: (() => void)[] = [];
      const spy = jest.spyOn(AppendFile.prototype, 'append').mockImplementation(async function (this: AppendFile, data: Buffer) {
        await new Promise<void>((resolve) => held.push(resolve));
        return original.call(this, data);
      });
      const letNextGo = async () => {
        while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        held.shift()!();
      };
      return { held, letNextGo, restore: () => spy.mockRestore() };
    };
    /** A before-output store on a held disk, for one check. */
    const withHeldDisk = async (check: (t: { file: string; store: Store; disk: ReturnType<typeof holdAppends> }) => Promise<void>) => {
      const file = tempFile();
      const store = await Store.open(file, { seed: () => buildSeed(), clock, commit: 'before-output' });
      const disk = holdAppends();
      try {
        await check({ file, store, disk });
      } finally {
        disk.restore();
      }
      await store.close();
    };

    test('then transact returns once the change is applied, and durable() once it is on disk', () =>
      withHeldDisk(async ({ file, store, disk }) => {
        await store.transact(moveMeeting('Council Chamber'));
        expect(store.read((d) => d.meetings[0]!.venue)).toBe('Council Chamber');
        expect(disk.held).toHaveLength(1);
        let durable = false;
        const waiting = store.durable().then(() => (durable = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(durable).toBe(false);
        expect(storeOnDisk(file).meetings[0]!.venue).not.toBe('Council Chamber');
        await disk.letNextGo();
        await waiting;
        expect(storeOnDisk(file).meetings[0]!.venue).toBe('Council Chamber');
      }));

    test('then durable() waits only for the changes made before it was called', () =>
      withHeldDisk(async ({ file, store, disk }) => {
        await store.transact(moveMeeting('Council Chamber'));
        const first = store.durable();
        await store.transact(moveMeeting('Room 1')); // queued behind the first append
        let secondDone = false;
        const second = store.durable().then(() => (secondDone = true));
        await disk.letNextGo(); // the first append completes
        await first;
        expect(storeOnDisk(file).meetings[0]!.venue).toBe('Council Chamber');
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(secondDone).toBe(false); // the second append is still held
        await disk.letNextGo();
        await second;
        expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 1');
      }));
  });

  test('When a change adds to a list without an audit naming it, then the whole store is written instead (nothing is lost)', async () => {
    const file = tempFile();
    const store = await openStore(file);
    await store.transact((data, audit) => {
      data.budget.push({ id: 'unaudited', year: '2023/24', service: 'Unaudited', amount: 1, kind: 'budget', source: { document: 't' } });
      audit({ actor, kind: 'meeting.checked', recordType: 'meeting', recordId: data.meetings[0]!.id });
    });
    const reopened = await openStore(crashCopy(file));
    expect(reopened.read((d) => d.budget.some((b) => b.id === 'unaudited'))).toBe(true);
    await reopened.close();
    await store.close();
  });

  test('When a change is audited under a record type the store does not know, then the record is found by its id', async () => {
    const file = tempFile();
    const store = await openStore(file);
    await store.transact((data, audit) => {
      data.people[0]!.jobTitle = 'Chair of governors';
      audit({ actor, kind: 'councillor.retitled', recordType: 'councillor', recordId: data.people[0]!.id });
    });
    const reopened = await openStore(crashCopy(file));
    expect(reopened.read((d) => d.people[0]!.jobTitle)).toBe('Chair of governors');
    await reopened.close();
    await store.close();
  });

  test('When a record is removed and audited, then it stays removed after a crash', async () => {
    const file = tempFile();
    const store = await openStore(file);
    const id = store.read((d) => d.meetings[0]!.id);
    await store.transact((data, audit) => {
      data.meetings.splice(0, 1);
      audit({ actor, kind: 'meeting.deleted', recordType: 'meeting', recordId: id });
    });
    const reopened = await openStore(crashCopy(file));
    expect(reopened.read((d) => d.meetings.map((m) => m.id))).not.toContain(id);
    await reopened.close();
    await store.close();
  });
});

describe('derived data', () => {
  test('When a collection changes, then data derived from it is rebuilt, and data derived from others is kept', async () => {
    const store = await open(tempFile());
    let builds = 0;
    const venues = () =>
      store.derived('venues', ['meetings'], (d) => {
        builds += 1;
        return d.meetings.map((m) => m.venue);
      });
    expect(venues()).toEqual(['Committee Room 1']);
    expect(venues()).toEqual(['Committee Room 1']);
    expect(builds).toBe(1);
    await store.transact((data, audit) => {
      data.budget.push({ id: 'x', year: '2023/24', service: 'X', amount: 1, kind: 'budget', source: { document: 't' } });
      audit({ actor, kind: 'budget.added', recordType: 'budget', recordId: 'x' });
    });
    expect(venues()).toEqual(['Committee Room 1']);
    expect(builds).toBe(1);
    await store.transact((data, audit) => {
      data.meetings[0]!.venue = 'Council Chamber';
      audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: data.meetings[0]!.id });
    });
    expect(venues()).toEqual(['Council Chamber']);
    expect(builds).toBe(2);
    await store.close();
  });
});

describe('kept indexes', () => {
  const venuesById = (store: Store) => store.index('meetingsById', 'meetings', (m) => m.id);

  test('When records are added, changed in place or removed, then the index answers as a search of the list would', async () => {
    const store = await open(tempFile());
    const [first] = store.read((d) => d.meetings);
    expect(venuesById(store).get(first!.id)).toEqual([first]);
    expect(venuesById(store).get('added')).toBeUndefined();

    // Added inside a change: the mutator itself already finds it.
    const seenInside = await store.transact((data, audit) => {
      data.meetings.push({ ...structuredClone(data.meetings[0]!), id: 'added', venue: 'Room 9' });
      audit({ actor, kind: 'meeting.added', recordType: 'meeting', recordId: 'added' });
      return venuesById(store).get('added')?.[0]?.venue;
    });
    expect(seenInside).toBe('Room 9');

    // Changed in place: the index holds the live record.
    await store.transact((data, audit) => {
      data.meetings.find((m) => m.id === 'added')!.venue = 'Room 10';
      audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: 'added' });
    });
    expect(venuesById(store).get('added')?.[0]?.venue).toBe('Room 10');

    // Removed and another added in the same change (same length): the index is rebuilt.
    await store.transact((data, audit) => {
      const at = data.meetings.findIndex((m) => m.id === 'added');
      data.meetings.splice(at, 1);
      data.meetings.push({ ...structuredClone(data.meetings[0]!), id: 'replacement' });
      audit({ actor, kind: 'meeting.deleted', recordType: 'meeting', recordId: 'added' });
      audit({ actor, kind: 'meeting.added', recordType: 'meeting', recordId: 'replacement' });
    });
    expect(venuesById(store).get('added')).toBeUndefined();
    expect(venuesById(store).get('replacement')).toHaveLength(1);
    const ids = store.read((d) => d.meetings.map((m) => m.id));
    expect([...venuesById(store).keys()].sort()).toEqual([...ids].sort());
    await store.close();
  });

  test('When a mutator throws after changing the list, then the index is rebuilt from the list as it is', async () => {
    const store = await open(tempFile());
    venuesById(store);
    await expect(
      store.transact((data) => {
        data.meetings.length = 0;
        data.meetings.push({ id: 'half-made' } as never);
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    expect([...venuesById(store).keys()]).toEqual(store.read((d) => d.meetings.map((m) => m.id)));
    await store.close();
  });
});
