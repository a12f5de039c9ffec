import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { Store, StoreLoadError, type AuditInput } from '../bot/store/store';
import { SCHEMA_VERSION, type StoreData } from '../bot/store/schema';
import { migrations } from '../bot/store/migrations';
import { DurableJsonFile } from '../bot/store/storeFile';
import { buildSeed } from './helpers/builders';
import { storeOnDisk } from './helpers/storeOnDisk';

const clock = new FixedClock(new Date('2023-09-05T09:00:00Z'));
const actor = { personId: 'clara-clerk', aadObjectId: 'aad-clara', name: 'Clara Clerk' };
const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'nested', 'store.json');
const open = (file: string) => Store.open(file, { seed: () => buildSeed(), clock });
const moveMeeting = (venue: string) => (data: StoreData, audit: (entry: AuditInput) => void) => {
  const meeting = data.meetings[0]!;
  const before = { venue: meeting.venue };
  meeting.venue = venue;
  audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: meeting.id, before, after: { venue } });
};

/** Holds every durable write until it is let go, as a slow disk would. */
function holdWrites() {
  type Replace = (this: DurableJsonFile<StoreData>, data: StoreData) => Promise<void>;
  const proto = DurableJsonFile.prototype as unknown as { replace: Replace };
  const original = proto.replace;
  const held: (() => void)[] = [];
  const spy = jest.spyOn(proto, 'replace').mockImplementation(async function (this: DurableJsonFile<StoreData>, data: StoreData) {
    await new Promise<void>((resolve) => held.push(resolve));
    return original.call(this, data);
  });
  const letNextGo = async () => {
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    held.shift()!();
  };
  return { held, letNextGo, calls: () => spy.mock.calls.length, restore: () => spy.mockRestore() };
}

describe('store', () => {
  test('When no store file exists, then it is created from the seed with empty records', async () => {
    const file = tempFile();
    const store = await open(file);
    const onDisk = storeOnDisk(file);
    expect(onDisk.schemaVersion).toBe(SCHEMA_VERSION);
    expect(onDisk.committees[0]?.id).toBe('test-committee');
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
    ['JSON null', 'null', /does not hold a JSON object/],
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
    const data = storeOnDisk(file);
    data.committees[0]!.membership.push({ personId: 'nobody', role: 'member' });
    writeFileSync(file, JSON.stringify(data));
    await expect(open(file)).rejects.toThrow(/unknown id "nobody"/);
  });

  test('When 100 changes overlap, then every one is kept on disk with its audit entry', async () => {
    const file = tempFile();
    const store = await open(file);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.transact((data, audit) => {
          data.budget.push({
            id: `line-${i}`,
            year: '2023/24',
            service: `Service ${i}`,
            amount: i,
            kind: 'budget',
            source: { document: 't' },
          });
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
    // Read the file repeatedly while the writes race: it must load every time.
    for (let i = 0; i < 20; i += 1) {
      expect(() => storeOnDisk(file)).not.toThrow();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 19');
    expect(existsSync(path.join(path.dirname(file), '.store.json.tmp'))).toBe(false);
  });

  test('When a write fails, then the change is refused and the previous state stays in memory and on disk', async () => {
    const file = tempFile();
    const store = await open(file);
    const before = readFileSync(file);
    // The temporary file cannot be created: the write fails before the store file is touched.
    const temp = path.join(path.dirname(file), '.store.json.tmp');
    mkdirSync(temp);
    await expect(store.transact(moveMeeting('Council Chamber'))).rejects.toThrow(/EISDIR/);
    expect(store.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 1');
    expect(store.read((d) => d.audit)).toHaveLength(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    rmSync(temp, { recursive: true });
    // The next change builds on the previous state, not on the refused one.
    await store.transact(moveMeeting('Room 4'));
    expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 4');
    expect(storeOnDisk(file).audit.map((a) => a.after)).toEqual([{ venue: 'Room 4' }]);
    await store.close();
  });

  test('When the disk goes away under the store, then the change is refused, and the next one is written once it is back', async () => {
    const file = tempFile();
    const store = await open(file);
    rmSync(path.dirname(file), { recursive: true });
    await expect(store.transact(moveMeeting('Council Chamber'))).rejects.toThrow(/ENOENT/);
    expect(store.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 1');
    mkdirSync(path.dirname(file), { recursive: true });
    await store.transact(moveMeeting('Room 5'));
    expect(storeOnDisk(file).meetings[0]!.venue).toBe('Room 5');
    expect(storeOnDisk(file).audit).toHaveLength(1);
    await store.close();
  });

  test('When the store is closed, then further changes are refused', async () => {
    const store = await open(tempFile());
    await store.close();
    await expect(store.transact(() => undefined)).rejects.toThrow(/closed/);
  });
});

describe('store: a change is seen only once it is on disk', () => {
  test('When a write is held, then neither its author nor a second reader sees the change until it is on disk', async () => {
    const file = tempFile();
    const store = await open(file);
    const disk = holdWrites();
    try {
      let done = false;
      const change = store.transact(moveMeeting('Council Chamber')).then(() => (done = true));
      while (disk.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // A second reader (another user's turn) while the write is held: the old state.
      expect(store.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 1');
      expect(store.read((d) => d.audit)).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(done).toBe(false);
      expect(storeOnDisk(file).meetings[0]!.venue).toBe('Committee Room 1');
      await disk.letNextGo();
      await change;
      expect(storeOnDisk(file).meetings[0]!.venue).toBe('Council Chamber');
      expect(store.read((d) => d.meetings[0]!.venue)).toBe('Council Chamber');
    } finally {
      disk.restore();
    }
    await store.close();
  });

  test('When a change finds nothing to do while an earlier change is held, then its answer waits for that change to be on disk', async () => {
    const file = tempFile();
    const store = await open(file);
    const disk = holdWrites();
    try {
      const first = store.transact(moveMeeting('Council Chamber'));
      while (disk.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      let answered = false;
      // Its answer ("already there") rests on the held change.
      const unchanged = store
        .transact((data) => data.meetings[0]!.venue)
        .then((venue) => {
          answered = true;
          return venue;
        });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(answered).toBe(false);
      await disk.letNextGo();
      expect(await unchanged).toBe('Council Chamber');
      await first;
    } finally {
      disk.restore();
    }
    await store.close();
  });

  test('When changes arrive while a write is in progress, then they are coalesced into the next write, each builds on the last, and all reach the disk', async () => {
    const file = tempFile();
    const store = await open(file);
    const disk = holdWrites();
    try {
      const first = store.transact(moveMeeting('Council Chamber'));
      while (disk.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const queued = Array.from({ length: 10 }, (_, i) => store.transact(moveMeeting(`Room ${i}`)));
      await disk.letNextGo(); // the first write lands ...
      await first;
      await disk.letNextGo(); // ... and one more write carries the ten queued changes
      await Promise.all(queued);
      expect(disk.calls()).toBe(2);
      const onDisk = storeOnDisk(file);
      expect(onDisk.meetings[0]!.venue).toBe('Room 9');
      expect(onDisk.audit.map((a) => a.before)).toEqual([
        { venue: 'Committee Room 1' },
        { venue: 'Council Chamber' },
        ...Array.from({ length: 9 }, (_, i) => ({ venue: `Room ${i}` })),
      ]);
    } finally {
      disk.restore();
    }
    await store.close();
  });

  test('When a write fails with changes queued behind it, then they are refused too (they built on it), and the store goes on from the disk state', async () => {
    const file = tempFile();
    const store = await open(file);
    const disk = holdWrites();
    const temp = path.join(path.dirname(file), '.store.json.tmp');
    try {
      const first = store.transact(moveMeeting('Council Chamber'));
      while (disk.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const behind = store.transact(moveMeeting('Room 1'));
      mkdirSync(temp); // the held write will fail
      await disk.letNextGo();
      await expect(first).rejects.toThrow(/EISDIR/);
      await expect(behind).rejects.toThrow(/EISDIR/);
    } finally {
      disk.restore();
    }
    expect(store.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 1');
    rmSync(temp, { recursive: true });
    await store.transact(moveMeeting('Room 2'));
    expect(storeOnDisk(file).audit.map((a) => a.after)).toEqual([{ venue: 'Room 2' }]);
    await store.close();
  });

  test('When a mutator changes a record and then throws, then nothing of it is seen or written', async () => {
    const file = tempFile();
    const store = await open(file);
    const before = readFileSync(file, 'utf8');
    await expect(
      store.transact((data) => {
        data.meetings[0]!.venue = 'Half-way';
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(store.read((d) => d.meetings[0]!.venue)).toBe('Committee Room 1');
    expect(readFileSync(file, 'utf8')).toBe(before);
    await store.close();
  });

  test('When a mutator returns a record it changed, then the caller gets it as changed, after the change is finished', async () => {
    const store = await open(tempFile());
    const moved = await store.transact((data, audit) => {
      moveMeeting('Council Chamber')(data, audit);
      return { meeting: data.meetings[0]! };
    });
    expect(moved.meeting.venue).toBe('Council Chamber');
    await store.close();
  });
});

describe('store: migrations', () => {
  test('When the store file has an older schema version, then it is migrated, the old file kept beside it, and the store written in the new shape', async () => {
    const file = tempFile();
    await (await open(file)).close();
    const old: Record<string, unknown> = { ...storeOnDisk(file) };
    old.schemaVersion = SCHEMA_VERSION - 1;
    delete old.reminderSends;
    writeFileSync(file, JSON.stringify(old));
    const oldBytes = readFileSync(file);
    migrations[SCHEMA_VERSION - 1] = (raw) => ({ ...raw, schemaVersion: SCHEMA_VERSION, reminderSends: [] });
    try {
      const store = await open(file);
      expect(store.read((d) => d.reminderSends)).toEqual([]);
      expect(readFileSync(`${file}.v${SCHEMA_VERSION - 1}.bak`).equals(oldBytes)).toBe(true);
      expect(storeOnDisk(file).schemaVersion).toBe(SCHEMA_VERSION);
      await store.close();
    } finally {
      delete migrations[SCHEMA_VERSION - 1];
    }
  });
});

describe('store: records on disk', () => {
  test('When a large store is written, then its large part is compact JSON, its small parts indented, and it opens again as it was', async () => {
    const file = tempFile();
    await (await open(file)).close();
    const data = storeOnDisk(file);
    for (let i = 0; i < 6000; i += 1)
      data.budget.push({
        id: `line-${i}`,
        year: '2023/24',
        service: `Service ${i} with a long name`,
        amount: i,
        kind: 'budget',
        source: { document: 'generated' },
      });
    writeFileSync(file, JSON.stringify(data));
    expect(readFileSync(file).length).toBeGreaterThan(512 * 1024);
    const store = await open(file);
    await store.transact(moveMeeting('Council Chamber'));
    const index = JSON.parse(readFileSync(file, 'utf8')) as { parts: Record<string, string> };
    const council = readFileSync(path.join(path.dirname(file), index.parts.council!), 'utf8');
    expect(council).toBe(`${JSON.stringify(JSON.parse(council))}\n`);
    const audit = readFileSync(path.join(path.dirname(file), index.parts['audit/2023-09/000001']!), 'utf8');
    expect(audit).toBe(`${JSON.stringify(JSON.parse(audit), null, 1)}\n`);
    expect(storeOnDisk(file)).toEqual(store.read((d) => structuredClone(d)));
    await store.close();
    const reopened = await open(file);
    expect(reopened.read((d) => structuredClone(d))).toEqual(storeOnDisk(file));
    expect(reopened.read((d) => d.budget)).toHaveLength(6000 + buildSeed().budget.length);
    await reopened.close();
  });

  test('When a change adds to a list without an audit naming it, then it is written all the same (nothing is lost)', async () => {
    const file = tempFile();
    const store = await open(file);
    await store.transact((data, audit) => {
      data.budget.push({ id: 'unaudited', year: '2023/24', service: 'Unaudited', amount: 1, kind: 'budget', source: { document: 't' } });
      audit({ actor, kind: 'meeting.checked', recordType: 'meeting', recordId: data.meetings[0]!.id });
    });
    expect(storeOnDisk(file).budget.some((b) => b.id === 'unaudited')).toBe(true);
    await store.close();
  });

  test('When a record is removed and audited, then it stays removed when the store is opened again', async () => {
    const file = tempFile();
    const store = await open(file);
    const id = store.read((d) => d.meetings[0]!.id);
    await store.transact((data, audit) => {
      data.meetings.splice(0, 1);
      audit({ actor, kind: 'meeting.deleted', recordType: 'meeting', recordId: id });
    });
    await store.close();
    const reopened = await open(file);
    expect(reopened.read((d) => d.meetings.map((m) => m.id))).not.toContain(id);
    await reopened.close();
  });
});
