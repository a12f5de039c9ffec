import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { importPeople, parsePeopleCsv, type PersonRow } from '../bot/features/people/peopleImport';
import { lockFileFor, lockStore, StoreLockedError } from '../bot/store/lock';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { readCard, startTestBot } from './helpers/testBot';
import { storeOnDisk } from './helpers/storeOnDisk';

/**
 * `npm run people:import -- FILE.csv`: all or nothing, audited, and never while the bot (or
 * another writer) has the store open. The lock a killed process leaves behind does not block.
 */
const clock = new FixedClock(new Date('2023-09-05T09:00:00+01:00'));
const options = { seed: () => loadSeed(), clock };
const entry = path.join(__dirname, '..', 'dist', 'scripts', 'people-import.js');

function folder(): string {
  return mkdtempSync(path.join(tmpdir(), 'people-import-'));
}

/** A store file from the seed (with `change` applied), written as the bot would find it. */
function storeFile(change: (data: ReturnType<typeof storeFromSeed>) => void = () => undefined): string {
  const file = path.join(folder(), 'store.json');
  const data = storeFromSeed(loadSeed());
  change(data);
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
  return file;
}

function rows(csv: string): PersonRow[] {
  const parsed = parsePeopleCsv(csv);
  if (parsed.kind !== 'ok') throw new Error(parsed.problems.join('\n'));
  return parsed.rows;
}

describe('people:import', () => {
  test('When the CSV names people (titles, quotes and case as people type them), then their email and object id are recorded, each change audited as people:import', async () => {
    const file = storeFile();
    const csv =
      'name,email,aadObjectId\r\n"Cllr Qaisar Abbas",Qaisar.Abbas@thurrock.gov.uk,aad-1\r\nRHIANNON WHITELEY,,"aad-2"\r\n"Councillor Maureen Pearce",maureen@example.org,\r\n';
    const report = await importPeople(file, rows(csv), options);
    expect(report).toMatchObject({ kind: 'imported', unchanged: 0 });
    const data = storeOnDisk(file);
    expect(data.people.find((p) => p.id === 'qaisar-abbas')).toMatchObject({ email: 'Qaisar.Abbas@thurrock.gov.uk', aadObjectId: 'aad-1' });
    expect(data.people.find((p) => p.id === 'rhiannon-whiteley')).toMatchObject({ aadObjectId: 'aad-2' });
    expect(data.people.find((p) => p.id === 'maureen-pearce')).toMatchObject({ email: 'maureen@example.org' });
    const audited = data.audit.filter((a) => a.kind === 'person.linked');
    expect(audited.map((a) => a.recordId).sort()).toEqual(['maureen-pearce', 'qaisar-abbas', 'rhiannon-whiteley']);
    for (const a of audited) expect(a.actor).toEqual({ personId: null, aadObjectId: null, name: 'people:import' });
    // Run again: nothing changes, nothing more is audited.
    expect(await importPeople(file, rows(csv), options)).toMatchObject({ kind: 'imported', changed: [], unchanged: 3 });
    expect(storeOnDisk(file).audit).toHaveLength(3);
  });

  test('When the store file does not exist yet, then it is created from the seed first, as the bot does', async () => {
    const file = path.join(folder(), 'new', 'store.json');
    expect(await importPeople(file, rows('name,email,aadObjectId\nRhiannon Whiteley,,aad-clerk\n'), options)).toMatchObject({
      kind: 'imported',
    });
    expect(storeOnDisk(file).people.find((p) => p.id === 'rhiannon-whiteley')!.aadObjectId).toBe('aad-clerk');
    expect(existsSync(lockFileFor(file))).toBe(false);
  });

  test.each([
    [
      'an unknown name',
      'name,email,aadObjectId\nQaisar Abbas,,aad-1\nNobody Known,,aad-2\n',
      /line 3 \(Nobody Known\): nobody of that name/,
    ],
    ['two people with one name', 'name,email,aadObjectId\nSarah Williams,,aad-1\n', /line 2 \(Sarah Williams\): 2 people have that name/],
    [
      'an object id already linked to someone else',
      'name,email,aadObjectId\nQaisar Abbas,,aad-taken\n',
      /object id aad-taken is already linked to Elizabeth Rigby/,
    ],
    [
      'a person already linked to another object id',
      'name,email,aadObjectId\nElizabeth Rigby,,aad-other\n',
      /already linked to another object id/,
    ],
    [
      "an email that is another person's",
      'name,email,aadObjectId\nQaisar Abbas,e.rigby@example.org,\n',
      /already the email of Elizabeth Rigby/,
    ],
    ['one person on two lines', 'name,email,aadObjectId\nQaisar Abbas,,aad-1\nCllr Qaisar Abbas,,aad-9\n', /also on line 2/],
  ])('When a row has %s, then the import stops, reports it, and writes nothing', async (_label, csv, problem) => {
    const file = storeFile((data) => {
      data.people.push({ id: 'sarah-williams-2', name: 'Sarah Williams', kind: 'member' });
      Object.assign(
        data.people.find((p) => p.id === 'elizabeth-rigby')!,
        { aadObjectId: 'aad-taken', email: 'e.rigby@example.org' },
      );
    });
    const before = readFileSync(file);
    const report = await importPeople(file, rows(csv), options);
    expect(report.kind).toBe('refused');
    expect(report.kind === 'refused' ? report.problems.join('\n') : '').toMatch(problem);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('When every row is wrong, then every problem is reported at once; a refused import into a new store creates no file', async () => {
    const file = path.join(folder(), 'store.json');
    const report = await importPeople(file, rows('name,email,aadObjectId\nNobody,,a\nSomebody,,b\n'), options);
    expect(report.kind === 'refused' ? report.problems : []).toHaveLength(2);
    expect(existsSync(file)).toBe(false);
  });

  test.each([
    ['an unclosed quote', 'name,email,aadObjectId\n"Qaisar Abbas,,aad-1\n', /not valid CSV/],
    ['a row with too many fields', 'name,email,aadObjectId\nQaisar Abbas,,aad-1,extra\n', /not valid CSV/],
    ['the wrong header', 'person,mail,id\nQaisar Abbas,,aad-1\n', /header "name,email,aadObjectId"/],
    ['a row with neither email nor object id', 'name,email,aadObjectId\nQaisar Abbas,,\n', /line 2: give an email, an aadObjectId or both/],
    ['an email that is not one', 'name,email,aadObjectId\nQaisar Abbas,not an email,\n', /is not an email address/],
    ['nothing at all', '', /file is empty/],
  ])('When the CSV has %s, then it is refused with the reason', (_label, csv, problem) => {
    const parsed = parsePeopleCsv(csv);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' ? parsed.problems.join('\n') : '').toMatch(problem);
  });

  test('When the command is given a malformed CSV, then it exits 1, says why, and writes nothing', () => {
    const file = storeFile();
    const before = readFileSync(file);
    const csv = path.join(path.dirname(file), 'people.csv');
    writeFileSync(csv, 'name,email,aadObjectId\n"Qaisar Abbas,,aad-1\n');
    const run = spawnSync(process.execPath, [entry, csv], { env: { PATH: process.env.PATH ?? '', STORE_PATH: file }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Nothing was written[\s\S]*not valid CSV/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('the store lock', () => {
  test('When the bot has the store open, then people:import refuses with a clear message and writes nothing; once the bot stops, the import goes through', async () => {
    const t = await startTestBot();
    const csv = path.join(path.dirname(t.storePath), 'people.csv');
    writeFileSync(csv, 'name,email,aadObjectId\nQaisar Abbas,qaisar@example.org,\n');
    try {
      await expect(importPeople(t.storePath, rows(readFileSync(csv, 'utf8')), options)).rejects.toThrow(StoreLockedError);
      const run = spawnSync(process.execPath, [entry, csv], {
        env: { PATH: process.env.PATH ?? '', STORE_PATH: t.storePath },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/Nothing was written\. The store .* is in use by the Committee Assistant bot \(process \d+/);
      expect(storeOnDisk(t.storePath).people.find((p) => p.id === 'qaisar-abbas')!.email).toBeUndefined();
      expect(readCard(await t.say('hello', buildUser('Qaisar Abbas')))).toMatch(/What I can help with/);
    } finally {
      await t.stop();
    }
    expect(existsSync(lockFileFor(t.storePath))).toBe(false);
    const run = spawnSync(process.execPath, [entry, csv], {
      env: { PATH: process.env.PATH ?? '', STORE_PATH: t.storePath },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/1 person updated[\s\S]*Qaisar Abbas: email qaisar@example\.org/);
    expect(storeOnDisk(t.storePath).people.find((p) => p.id === 'qaisar-abbas')!.email).toBe('qaisar@example.org');
  });

  test('When a second bot starts on a store another has open, then it refuses naming the holder', async () => {
    const t = await startTestBot();
    try {
      await expect(startTestBot({ storePath: t.storePath, linkPeople: false })).rejects.toThrow(
        /is in use by the Committee Assistant bot \(process \d+ on .*\)\. Stop it first/,
      );
    } finally {
      await t.stop();
    }
  });

  test('When a lock names this process but was left by an earlier process with the same pid (a restarted container), then it is taken over', async () => {
    const file = storeFile();
    const { hostname } = await import('node:os');
    writeFileSync(
      lockFileFor(file),
      `${JSON.stringify({ pid: process.pid, host: hostname(), what: 'the Committee Assistant bot', since: '2023-09-05T08:00:00.000Z' })}\n`,
    );
    const t = await startTestBot({ storePath: file });
    try {
      expect(JSON.parse(readFileSync(lockFileFor(file), 'utf8'))).toMatchObject({ pid: process.pid, what: 'the Committee Assistant bot' });
      expect(JSON.parse(readFileSync(lockFileFor(file), 'utf8'))).not.toMatchObject({ since: '2023-09-05T08:00:00.000Z' });
    } finally {
      await t.stop();
    }
    expect(existsSync(lockFileFor(file))).toBe(false);
  });

  test('When the process holding the lock was killed, then the next writer takes the lock over', async () => {
    const file = storeFile();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const { hostname } = await import('node:os');
    writeFileSync(
      lockFileFor(file),
      `${JSON.stringify({ pid: child.pid, host: hostname(), what: 'the Committee Assistant bot', since: '2023-09-05T08:00:00.000Z' })}\n`,
    );
    await expect(lockStore(file, 'test')).rejects.toThrow(StoreLockedError);
    child.kill('SIGKILL');
    await exited;
    const t = await startTestBot({ storePath: file });
    try {
      expect(JSON.parse(readFileSync(lockFileFor(file), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await t.stop();
    }
    expect(existsSync(lockFileFor(file))).toBe(false);
  });
});
