import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { produce } from 'immer';
import { FixedClock } from '../bot/clock';
import { migrations } from '../bot/store/migrations';
import { SCHEMA_VERSION, type Apology, type StoreData } from '../bot/store/schema';
import { Store, StoreLoadError, storeFromSeed, type AuditInput } from '../bot/store/store';
import { AUDIT_CHUNK, layOut, type Layout } from '../bot/store/storeParts';
import { buildMeeting, buildSeed } from './helpers/builders';
import { storeOnDisk } from './helpers/storeOnDisk';

/**
 * The store on disk in parts (ADR 0009): STORE_PATH holds an index naming one file per part
 * (a committee's municipal year, an audit month, the council) in `store.parts/` beside it. A
 * change writes the parts it touches and then the index, which is the commit point.
 */
const clock = new FixedClock(new Date('2023-09-05T09:00:00Z'));
const actor = { personId: 'clara-clerk', aadObjectId: 'aad-clara', name: 'Clara Clerk' };
const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'store-parts-')), 'store.json');
const open = (file: string) => Store.open(file, { seed: () => twoYears(), clock });
const partsFolder = (file: string) => path.join(path.dirname(file), 'store.parts');

/** The test committee with a meeting in each of two municipal years. */
function twoYears() {
  return buildSeed({
    meetings: [buildMeeting({ id: 'm-2023-09-12', date: '2023-09-12' }), buildMeeting({ id: 'm-2024-06-11', date: '2024-06-11' })],
  });
}

interface Index {
  schemaVersion: number;
  store: string;
  generation: number;
  parts: Record<string, string>;
}
const indexOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Index;
const partOf = (file: string, key: string) =>
  JSON.parse(readFileSync(path.join(path.dirname(file), indexOf(file).parts[key]!), 'utf8')) as Record<string, unknown>;

/** Every file under `dir` with its bytes, so a test can tell that nothing at all changed. */
function snapshotOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    if (statSync(full).isFile()) out[name] = readFileSync(full).toString('base64');
  }
  return out;
}

const sendApology =
  (meetingId: string, reason: string) =>
  (data: StoreData, audit: (entry: AuditInput) => void): void => {
    const apology: Apology = {
      id: `apology-${meetingId}`,
      meetingId,
      personId: 'bob-member',
      reason,
      substituteId: null,
      status: 'sent',
      recordedBy: actor,
      onBehalf: false,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    };
    const at = data.apologies.findIndex((a) => a.id === apology.id);
    if (at >= 0) data.apologies[at] = apology;
    else data.apologies.push(apology);
    audit({ actor, kind: 'apology.sent', recordType: 'apology', recordId: apology.id, after: apology });
  };

/** A store in parts with one apology recorded, closed. */
async function partedStore(): Promise<string> {
  const file = tempFile();
  const store = await open(file);
  await store.transact(sendApology('m-2023-09-12', 'On leave'));
  await store.close();
  return file;
}

describe('store in parts: what is on disk', () => {
  test('When a store is created, then STORE_PATH is an index naming a part per committee year, the first chunk of the audit month and the council', async () => {
    const file = await partedStore();
    const index = indexOf(file);
    expect(index).toMatchObject({ schemaVersion: SCHEMA_VERSION, store: 'parts' });
    expect(Object.keys(index.parts)).toEqual([
      'audit/2023-09/000001',
      'committee/test-committee/2023-24',
      'committee/test-committee/2024-25',
      'council',
    ]);
    for (const name of Object.values(index.parts)) expect(existsSync(path.join(path.dirname(file), name))).toBe(true);
    expect(partOf(file, 'committee/test-committee/2023-24')).toEqual({
      meetings: [expect.objectContaining({ id: 'm-2023-09-12' })],
      apologies: [expect.objectContaining({ meetingId: 'm-2023-09-12', reason: 'On leave' })],
    });
    expect(partOf(file, 'council')).toMatchObject({ council: { name: expect.any(String) as string }, apologies: [], audit: [] });
    expect(storeOnDisk(file).apologies).toHaveLength(1);
  });

  test("When an apology is changed, then only its committee-year part and its audit month's last chunk are written again, with the index", async () => {
    const file = await partedStore();
    const before = indexOf(file);
    const store = await open(file);
    await store.transact(sendApology('m-2023-09-12', 'Unwell'));
    await store.close();
    const after = indexOf(file);
    const rewritten = Object.keys(after.parts).filter((key) => after.parts[key] !== before.parts[key]);
    expect(rewritten).toEqual(['audit/2023-09/000001', 'committee/test-committee/2023-24']);
    expect(after.generation).toBe(before.generation + 1);
    // The superseded files are gone; the folder holds exactly what the index names.
    expect(readdirSync(partsFolder(file)).sort()).toEqual(
      Object.values(after.parts)
        .map((name) => path.basename(name))
        .sort(),
    );
    expect(storeOnDisk(file).apologies.map((a) => a.reason)).toEqual(['Unwell']);
  });

  test('When a meeting moves to another municipal year, then its apologies move with it to that year part', async () => {
    const file = await partedStore();
    const store = await open(file);
    await store.transact((data, audit) => {
      data.meetings.find((m) => m.id === 'm-2023-09-12')!.date = '2024-09-10';
      audit({ actor, kind: 'meeting.moved', recordType: 'meeting', recordId: 'm-2023-09-12' });
    });
    await store.close();
    expect(indexOf(file).parts['committee/test-committee/2023-24']).toBeUndefined();
    expect(partOf(file, 'committee/test-committee/2024-25')).toEqual({
      meetings: [expect.objectContaining({ id: 'm-2023-09-12' }), expect.objectContaining({ id: 'm-2024-06-11' })],
      apologies: [expect.objectContaining({ meetingId: 'm-2023-09-12' })],
    });
    const reopened = await open(file);
    expect(reopened.read((d) => d.apologies.map((a) => a.meetingId))).toEqual(['m-2023-09-12']);
    await reopened.close();
  });

  test('When STORE_PATH holds a whole store document, then it loads as it is, and the first write stores it as parts and keeps it as .whole.bak', async () => {
    const file = tempFile();
    const whole = `${JSON.stringify(storeFromSeed(twoYears()), null, 1)}\n`;
    writeFileSync(file, whole);
    const store = await open(file);
    expect(readFileSync(file, 'utf8')).toBe(whole);
    expect(existsSync(`${file}.whole.bak`)).toBe(false);
    await store.transact(sendApology('m-2024-06-11', 'On leave'));
    expect(readFileSync(`${file}.whole.bak`, 'utf8')).toBe(whole);
    expect(indexOf(file).store).toBe('parts');
    expect(storeOnDisk(file)).toEqual(store.read((d) => structuredClone(d)));
    await store.close();
    const reopened = await open(file);
    expect(reopened.read((d) => d.apologies.map((a) => a.meetingId))).toEqual(['m-2024-06-11']);
    await reopened.close();
  });
});

describe('store in parts: all or nothing', () => {
  test('When the index cannot be written after the parts of a change were, then the change is refused and memory and disk keep the old state in both parts', async () => {
    const file = await partedStore();
    const store = await open(file);
    const indexBefore = readFileSync(file);
    const filesBefore = readdirSync(partsFolder(file)).length;
    // The index's temporary file cannot be created: the write fails at the commit point.
    const temp = path.join(path.dirname(file), '.store.json.tmp');
    mkdirSync(temp);
    await expect(store.transact(sendApology('m-2023-09-12', 'Unwell'))).rejects.toThrow(/EISDIR/);
    // The change's two parts were written, to new files that no index names.
    expect(readdirSync(partsFolder(file)).length).toBe(filesBefore + 2);
    expect(readFileSync(file).equals(indexBefore)).toBe(true);
    const onDisk = storeOnDisk(file);
    expect(onDisk.apologies.map((a) => a.reason)).toEqual(['On leave']);
    expect(onDisk.audit).toHaveLength(1);
    expect(store.read((d) => d.apologies.map((a) => a.reason))).toEqual(['On leave']);
    expect(store.read((d) => d.audit)).toHaveLength(1);
    rmSync(temp, { recursive: true });
    // The next change builds on the old state and lands in both parts.
    await store.transact(sendApology('m-2023-09-12', 'Away'));
    await store.close();
    const after = storeOnDisk(file);
    expect(after.apologies.map((a) => a.reason)).toEqual(['Away']);
    expect(after.audit.map((a) => (a.after as Apology).reason)).toEqual(['On leave', 'Away']);
  });

  test('When a part file is left by a write that never committed, then it is ignored, and removed once the store has loaded', async () => {
    const file = await partedStore();
    const orphan = path.join(partsFolder(file), 'committee~test-committee~2024-25.99.json');
    writeFileSync(orphan, JSON.stringify({ apologies: [{ id: 'never-committed' }] }));
    const store = await open(file);
    expect(store.read((d) => d.apologies.map((a) => a.id))).toEqual(['apology-m-2023-09-12']);
    expect(existsSync(orphan)).toBe(false);
    await store.close();
  });
});

describe('store in parts: a damaged part stops start-up', () => {
  const damage: [string, (file: string) => void, (file: string) => string, RegExp][] = [
    ['missing', (part) => rmSync(part), (part) => part, /is missing \(the store index .* names it\)/],
    ['not valid JSON', (part) => writeFileSync(part, '{"meetings": ['), (part) => part, /not valid JSON/],
    ['not an object', (part) => writeFileSync(part, '[]'), (part) => part, /does not hold a JSON object/],
    [
      'holding a collection that is not a list',
      (part) => writeFileSync(part, '{"apologies": {}}'),
      (part) => part,
      /"apologies" is not a list/,
    ],
    [
      'off the store schema',
      (part) => writeFileSync(part, JSON.stringify({ apologies: [{ id: 'half' }] })),
      (part) => path.join(path.dirname(part), '..', 'store.json'),
      /breaks the store schema[\s\S]*apologies/,
    ],
  ];
  test.each(damage)(
    'When a part is %s, then opening refuses naming the file, and nothing is written or removed',
    async (_label, make, named, message) => {
      const file = await partedStore();
      const part = path.join(path.dirname(file), indexOf(file).parts['committee/test-committee/2023-24']!);
      make(part);
      // An orphan beside it, which a good load would remove.
      writeFileSync(path.join(partsFolder(file), 'audit~2023-09~000001.99.json'), '{}');
      const before = snapshotOf(path.dirname(file));
      const attempt = open(file);
      await expect(attempt).rejects.toBeInstanceOf(StoreLoadError);
      await expect(open(file)).rejects.toThrow(path.resolve(named(part)));
      await expect(open(file)).rejects.toThrow(message);
      expect(snapshotOf(path.dirname(file))).toEqual(before);
    },
  );

  test.each([
    ['its generation is not a number', (index: Index) => ({ ...index, generation: 'seven' }), /generation is not a whole number/],
    ['its parts are not listed', (index: Index) => ({ ...index, parts: [] }), /without a list of parts/],
    [
      'it names a file outside its parts folder',
      (index: Index) => ({ ...index, parts: { ...index.parts, council: '../elsewhere/council.1.json' } }),
      /naming part "council"/,
    ],
  ])(
    'When the index is malformed (%s), then opening refuses naming it, and nothing is written or removed',
    async (_label, edit, message) => {
      const file = await partedStore();
      writeFileSync(file, JSON.stringify(edit(indexOf(file))));
      const before = snapshotOf(path.dirname(file));
      await expect(open(file)).rejects.toThrow(StoreLoadError);
      await expect(open(file)).rejects.toThrow(file);
      await expect(open(file)).rejects.toThrow(message);
      expect(snapshotOf(path.dirname(file))).toEqual(before);
    },
  );
});

describe('store in parts: migrations', () => {
  test('When a store in parts has an older schema version, then the old store is kept as one whole document beside it and every part is written in the new shape', async () => {
    const file = await partedStore();
    const index = indexOf(file);
    const old = storeOnDisk(file);
    writeFileSync(file, JSON.stringify({ ...index, schemaVersion: SCHEMA_VERSION - 1 }));
    migrations[SCHEMA_VERSION - 1] = (raw) => ({ ...raw, schemaVersion: SCHEMA_VERSION });
    try {
      const store = await open(file);
      await store.close();
    } finally {
      delete migrations[SCHEMA_VERSION - 1];
    }
    const backup = JSON.parse(readFileSync(`${file}.v${SCHEMA_VERSION - 1}.bak`, 'utf8')) as Record<string, unknown>;
    expect(backup.schemaVersion).toBe(SCHEMA_VERSION - 1);
    expect(backup.apologies).toEqual(old.apologies);
    const after = indexOf(file);
    expect(after.schemaVersion).toBe(SCHEMA_VERSION);
    for (const key of Object.keys(index.parts)) expect(after.parts[key]).not.toBe(index.parts[key]);
  });
});

describe('store in parts: audit chunks', () => {
  /** A change that records `n` audit entries and nothing else. */
  const auditOnly =
    (n: number, label: string) =>
    (_data: StoreData, audit: (entry: AuditInput) => void): void => {
      for (let i = 0; i < n; i += 1) audit({ actor, kind: 'note', recordType: 'note', recordId: `${label}-${i}` });
    };
  const auditKeys = (file: string) => Object.keys(indexOf(file).parts).filter((key) => key.startsWith('audit/'));

  test(`When a month holds more than ${AUDIT_CHUNK} audit entries, then they are cut into parts of ${AUDIT_CHUNK} in order, and a further change rewrites only the last one`, async () => {
    const file = await partedStore();
    const store = await open(file);
    await store.transact(auditOnly(2 * AUDIT_CHUNK + 49, 'bulk'));
    expect(auditKeys(file)).toEqual(['audit/2023-09/000001', 'audit/2023-09/000002', 'audit/2023-09/000003']);
    expect(auditKeys(file).map((key) => (partOf(file, key).audit as unknown[]).length)).toEqual([AUDIT_CHUNK, AUDIT_CHUNK, 50]);
    const before = indexOf(file);
    await store.transact(sendApology('m-2023-09-12', 'Unwell'));
    const after = indexOf(file);
    expect(Object.keys(after.parts).filter((key) => after.parts[key] !== before.parts[key])).toEqual([
      'audit/2023-09/000003',
      'committee/test-committee/2023-24',
    ]);
    await store.transact(auditOnly(50, 'more'));
    expect(auditKeys(file).map((key) => (partOf(file, key).audit as unknown[]).length)).toEqual([AUDIT_CHUNK, AUDIT_CHUNK, AUDIT_CHUNK, 1]);
    const inMemory = store.read((d) => d.audit.map((a) => a.recordId));
    expect(storeOnDisk(file).audit.map((a) => a.recordId)).toEqual(inMemory);
    await store.close();
    const reopened = await open(file);
    expect(reopened.read((d) => d.audit.map((a) => a.recordId))).toEqual(inMemory);
    await reopened.close();
  });

  test('When a store on disk keeps a month of audit in one part (cut before chunks), then it loads unchanged and untouched, and its next write cuts the month into chunks', async () => {
    const file = await partedStore();
    const store = await open(file);
    await store.transact(auditOnly(AUDIT_CHUNK + 10, 'bulk'));
    await store.close();
    // The month's chunks as one part, `audit/2023-09`, as a store cut by month alone holds it.
    const index = indexOf(file);
    const month = auditKeys(file).flatMap((key) => partOf(file, key).audit as unknown[]);
    const parts = Object.fromEntries(Object.entries(index.parts).filter(([key]) => !key.startsWith('audit/')));
    parts['audit/2023-09'] = `store.parts/audit~2023-09.${String(index.generation)}.json`;
    for (const key of auditKeys(file)) rmSync(path.join(path.dirname(file), index.parts[key]!));
    writeFileSync(path.join(path.dirname(file), parts['audit/2023-09']), JSON.stringify({ audit: month }));
    writeFileSync(file, JSON.stringify({ ...index, parts }));
    const expected = storeOnDisk(file);
    expect(expected.audit).toHaveLength(AUDIT_CHUNK + 11);

    const untouched = snapshotOf(path.dirname(file));
    const reopened = await open(file);
    expect(reopened.read((d) => structuredClone(d))).toEqual(expected);
    await reopened.close();
    expect(snapshotOf(path.dirname(file))).toEqual(untouched);

    const writing = await open(file);
    await writing.transact(sendApology('m-2024-06-11', 'On leave'));
    await writing.close();
    expect(auditKeys(file)).toEqual(['audit/2023-09/000001', 'audit/2023-09/000002']);
    expect(readdirSync(partsFolder(file))).not.toContain(path.basename(parts['audit/2023-09']));
    const onDisk = storeOnDisk(file);
    expect(onDisk.audit.slice(0, expected.audit.length)).toEqual(expected.audit);
    expect(onDisk.audit).toHaveLength(expected.audit.length + 1);
  });
});

describe('store in parts: a change is laid out from what it changed', () => {
  /** A small deterministic generator, so that a failure can be replayed. */
  function randomOf(seed: number) {
    let state = seed;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    return { below: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
  }
  type Doc = {
    schemaVersion: number;
    council: { name: string };
    meetings: { id: string; committeeId: string; date: string }[];
    apologies: { id: string; meetingId: string; reason: string }[];
    audit: { id: string; at?: string }[];
    people: { id: string }[];
  };
  const months = ['2023-08', '2023-09', '2024-05', '2024-06'];

  /** Changes as capabilities make them: adding and updating records, and now and then anything else. */
  function change(doc: Doc, random: ReturnType<typeof randomOf>, n: number): Doc {
    return produce(doc, (d) => {
      const op = random.below(10);
      const meeting = random.pick(d.meetings);
      const apology = d.apologies.length > 0 ? d.apologies[random.below(d.apologies.length)] : undefined;
      if (op <= 2) d.apologies.push({ id: `a${n}`, meetingId: meeting.id, reason: 'new' });
      else if (op === 3 && apology) apology.reason = `changed ${n}`;
      else if (op === 4 && apology) apology.meetingId = meeting.id;
      else if (op === 5 && d.apologies.length > 0) d.apologies.splice(random.below(d.apologies.length), 1);
      else if (op === 6) meeting.date = `${random.pick(['2023', '2024'])}-${random.pick(months).slice(5)}-10`;
      else if (op === 7) d.people.unshift({ id: `p${n}` });
      else if (op === 8 && d.audit.length > 0) d.audit[random.below(d.audit.length)]!.id = `changed ${n}`;
      for (let i = random.below(op === 9 ? 150 : 4); i > 0; i -= 1) {
        d.audit.push(random.below(20) === 0 ? { id: `e${n}-${i}` } : { id: `e${n}-${i}`, at: `${random.pick(months)}-02T10:00:00Z` });
      }
    });
  }

  /** The parts whose records (compared by identity) differ between two layouts. */
  function differingParts(a: Layout, b: Layout): string[] {
    const differing = new Set<string>();
    for (const name of new Set([...a.groups.keys(), ...b.groups.keys()])) {
      const x = a.groups.get(name);
      const y = b.groups.get(name);
      for (const key of new Set([...(x?.keys() ?? []), ...(y?.keys() ?? [])])) {
        const xs = x?.get(key) ?? [];
        const ys = y?.get(key) ?? [];
        if (xs.length !== ys.length || xs.some((record, i) => record !== ys[i])) differing.add(key);
      }
    }
    return [...differing];
  }

  test.each([1, 2, 3, 4, 5])(
    'When any sequence of changes is laid out change by change (seed %i), then every layout and every changed part is what laying out the whole document gives',
    (seed) => {
      const random = randomOf(seed);
      let doc: Doc = {
        schemaVersion: SCHEMA_VERSION,
        council: { name: 'A council' },
        meetings: ['c1', 'c2'].flatMap((committeeId) =>
          months.map((month, i) => ({ id: `${committeeId}-m${i}`, committeeId, date: `${month}-10` })),
        ),
        apologies: [],
        audit: [],
        people: [],
      };
      let layout = layOut(doc, null).layout;
      for (let n = 0; n < 300; n += 1) {
        const next = change(doc, random, n);
        const { layout: laid, changed } = layOut(next, layout);
        const fresh = layOut(next, null).layout;
        expect(differingParts(laid, fresh)).toEqual([]);
        expect([...changed].sort()).toEqual(differingParts(fresh, layout).sort());
        doc = next;
        layout = laid;
      }
      expect(doc.audit.length).toBeGreaterThan(AUDIT_CHUNK);
      expect([...layout.groups.get('audit')!.keys()].some((key) => key.endsWith('/000002'))).toBe(true);
    },
  );
});
