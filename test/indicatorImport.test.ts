import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lockFileFor } from '../bot/store/lock';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { storeOnDisk } from './helpers/storeOnDisk';
import { readCard, startTestBot } from './helpers/testBot';

/**
 * `npm run import:indicators -- FILE.csv`, run as the process an administrator runs: all or
 * nothing with a report of every bad row, audited as import:indicators, never while the bot
 * has the store open, and a second run of the same file changes nothing.
 */
const entry = path.join(__dirname, '..', 'dist', 'scripts', 'import-indicators.js');
const HEADER = 'indicatorId,period,periodEnd,value,count,comparatorName,comparatorValue,comparatorPeriod,source,asAt';
const MAY_1 = '2024-05-01T10:00:00+01:00';

function folder(): string {
  return mkdtempSync(path.join(tmpdir(), 'indicator-import-'));
}

function storeFile(): string {
  const file = path.join(folder(), 'store.json');
  writeFileSync(file, `${JSON.stringify(storeFromSeed(loadSeed()), null, 1)}\n`);
  return file;
}

function csvFile(lines: string[]): string {
  const file = path.join(folder(), 'figures.csv');
  writeFileSync(file, `${[HEADER, ...lines].join('\r\n')}\r\n`);
  return file;
}

function run(csv: string, storePath: string) {
  return spawnSync(process.execPath, [entry, csv], {
    env: { PATH: process.env.PATH ?? '', STORE_PATH: storePath, BOT_NOW: MAY_1 },
    encoding: 'utf8',
  });
}

const GOOD = [
  'cp-rate,Q4 2023/24,2024-03-31,32,141,Statistical neighbours,38,2023/24,Q4 performance report,2024-04-20',
  'cp-rate,Q4 2023/24,2024-03-31,32,141,National,52,2022/23,Q4 performance report,2024-04-20',
  're-referral-rate,Q4 2023/24,2024-03-31,17.9,,,,,Q4 performance report,2024-04-20',
  'adoptions,2023/24,2024-03-31,12,,,,,"Adoption report, 2023/24",2024-04-25',
];

describe('import:indicators', () => {
  test('When the CSV holds new figures, then all are recorded with their comparators, audited as import:indicators, and a second run changes nothing', () => {
    const store = storeFile();
    const csv = csvFile(GOOD);
    const first = run(csv, store);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/3 figures recorded, 0 already recorded as given/);
    const data = storeOnDisk(store);
    expect(data.indicators.find((i) => i.id === 'cp-rate')!.series.at(-1)).toMatchObject({
      period: 'Q4 2023/24',
      value: 32,
      count: { value: 141, unit: 'children' },
      asAt: '2024-04-20',
      source: { document: 'Q4 performance report' },
      comparators: [
        { name: 'Statistical neighbours', value: 38, period: '2023/24' },
        { name: 'National', value: 52, period: '2022/23' },
      ],
      recordedBy: { name: 'import:indicators' },
    });
    expect(data.indicators.find((i) => i.id === 'adoptions')!.series.at(-1)).toMatchObject({
      period: '2023/24',
      value: 12,
      source: { document: 'Adoption report, 2023/24' },
    });
    const audited = data.audit.filter((a) => a.recordType === 'indicator');
    expect(audited.map((a) => [a.kind, a.recordId])).toEqual([
      ['indicator.valueRecorded', 'cp-rate'],
      ['indicator.valueRecorded', 're-referral-rate'],
      ['indicator.valueRecorded', 'adoptions'],
    ]);
    for (const a of audited) expect(a.actor).toEqual({ personId: null, aadObjectId: null, name: 'import:indicators' });

    const before = readFileSync(store, 'utf8');
    const again = run(csv, store);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/0 figures recorded, 3 already recorded as given/);
    expect(readFileSync(store, 'utf8')).toBe(before);
  });

  test('When rows are bad, then nothing is written and every bad row is reported with its line and why', () => {
    const store = storeFile();
    const before = readFileSync(store, 'utf8');
    const csv = csvFile([
      GOOD[0]!,
      'cp-rate,Q4 2023/24,2024-03-31,33,141,National,52,2022/23,Q4 performance report,2024-04-20',
      'no-such-thing,Q4 2023/24,2024-03-31,1,,,,,report,2024-04-20',
      're-referral-rate,Q4 2023/24,2024-03-31,120,,,,,report,2024-04-20',
      'cin-rate,2023/24,2024-03-31,250,,,,,report,2024-04-20',
      'cin-rate,Q2 2023/24,2023-09-30,250,,,,,report,2024-04-20',
      'adoptions,2023/24,2024-03-30,12,,,,,report,2024-04-20',
      'looked-after-children,Q4 2023/24,2024-03-31,300,,,5,,report,2024-04-20',
      'turnaround,Q4 2023/24,2024-03-31,35,,,,,,2024-04-20',
      'uasc-quota,2023/24,2024-03-31,44,,,,,report,2024-04-20',
    ]);
    const result = run(csv, store);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const report = result.stderr;
    expect(report).toMatch(/^Nothing was written to .*store\.json\. Fix these and run the import again:/);
    expect(report).toMatch(/lines 2, 3 \(cp-rate Q4 2023\/24\): line 3 gives another value for the same figure as line 2/);
    expect(report).toMatch(/line 4 \(no-such-thing Q4 2023\/24\): there is no indicator "no-such-thing"/);
    expect(report).toMatch(/line 5 \(re-referral-rate Q4 2023\/24\): The value must be a percentage from 0 to 100/);
    expect(report).toMatch(/line 6 \(cin-rate 2023\/24\): "2023\/24" is not a period of .* reported quarterly/);
    expect(report).toMatch(/line 7 \(cin-rate Q2 2023\/24\): Q2 2023\/24 is not after the latest figure \(Q3 2023\/24\)/);
    expect(report).toMatch(/line 8 \(adoptions 2023\/24\): periodEnd "2024-03-30" is not the last day of 2023\/24 \(2024-03-31\)/);
    expect(report).toMatch(/line 9 \(looked-after-children Q4 2023\/24\): line 9: the comparator has no name/);
    expect(report).toMatch(/line 10 \(turnaround Q4 2023\/24\): the source is empty/);
    expect(report).toMatch(/line 11 \(uasc-quota 2023\/24\): 2023\/24 is already recorded as 44 children/);
    expect(readFileSync(store, 'utf8')).toBe(before);
  });

  test('When the header is not exactly the expected one, then nothing is written and the header is named', () => {
    const store = storeFile();
    const before = readFileSync(store, 'utf8');
    const csv = path.join(folder(), 'figures.csv');
    writeFileSync(csv, 'indicator,period,value\ncp-rate,Q4 2023/24,32\n');
    const result = run(csv, store);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /Nothing was written\. .* cannot be imported:\n {2}- The first line must be exactly "indicatorId,period,periodEnd,value,count,/,
    );
    expect(readFileSync(store, 'utf8')).toBe(before);
  });

  test('When the bot has the store open, then the import refuses and writes nothing; once the bot stops it runs', async () => {
    const t = await startTestBot({ now: MAY_1 });
    const csv = csvFile(GOOD);
    try {
      const result = run(csv, t.storePath);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Nothing was written\. The store .* is in use by the Committee Assistant bot \(process \d+/);
      expect(readCard(await t.say('CP rate', buildUser('Qaisar Abbas')))).toMatch(/30 per 10,000 children/);
      expect(storeOnDisk(t.storePath).indicators.find((i) => i.id === 'cp-rate')!.series).toHaveLength(3);
    } finally {
      await t.stop();
    }
    expect(existsSync(lockFileFor(t.storePath))).toBe(false);
    const result = run(csv, t.storePath);
    expect(result.status).toBe(0);
    expect(storeOnDisk(t.storePath).indicators.find((i) => i.id === 'cp-rate')!.series).toHaveLength(4);
  });
});
