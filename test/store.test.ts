import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { Store, StoreLoadError } from '../bot/store/store';
import { SCHEMA_VERSION, storeSchema } from '../bot/store/schema';
import { buildSeed } from './helpers/builders';

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
    const onDisk = storeSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
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
    // Read the file repeatedly while the writes race: it must parse every time (temp file + rename).
    for (let i = 0; i < 20; i += 1) {
      expect(() => storeSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(JSON.parse(readFileSync(file, 'utf8')).meetings[0].venue).toBe('Room 19');
    expect(existsSync(path.join(path.dirname(file), '.store.json.tmp'))).toBe(false);
  });

  test('When the store is closed, then further changes are refused', async () => {
    const store = await open(tempFile());
    await store.close();
    await expect(store.transact(() => undefined)).rejects.toThrow(/closed/);
  });
});
