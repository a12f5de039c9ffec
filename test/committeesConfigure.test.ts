import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import {
  configureCommittees,
  describeConfigure,
  parseCommitteesCsv,
  type CommitteeRow,
} from '../bot/features/membership/committeesConfigure';
import type { Committee, StoreData } from '../bot/store/schema';
import { emptySeed, loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { storeOnDisk } from './helpers/storeOnDisk';
import { readCard, startTestBot } from './helpers/testBot';

/**
 * `npm run committees:configure -- FILE.csv`: each committee's clerk, quorum and substitution
 * notice, which modern.gov does not hold. All or nothing, audited as "committees:configure", a
 * second run of the same file changes nothing, and never while the bot has the store open.
 */
const clock = new FixedClock(new Date('2023-09-05T09:00:00+01:00'));
const options = { seed: () => loadSeed(), clock };
const entry = path.join(__dirname, '..', 'dist', 'scripts', 'committees-configure.js');
const HEADER = 'committeeId,clerkName,quorum,substitutionNoticeHours';
const ACTOR = { personId: null, aadObjectId: null, name: 'committees:configure' };

/** A committee synced from modern.gov, as the sync would store it: two members, no clerk yet. */
const audit: Committee = {
  id: 'mg-143',
  name: 'Audit Committee',
  aliases: [],
  council: 'Thurrock Council',
  municipalYear: '2023/24',
  membership: [
    { personId: 'qaisar-abbas', role: 'chair' },
    { personId: 'maureen-pearce', role: 'member' },
  ],
  substitutes: [],
  clerkIds: [],
  quorum: 1,
  substituteNoticeMinutes: 120,
  source: { document: 'modern.gov' },
  moderngov: { site: 'https://democracy.example.gov.uk', id: '143' },
};

/** The seed and the synced Audit Committee, written as the bot would find it. */
function storeFile(change: (data: StoreData) => void = () => undefined): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'committees-configure-')), 'store.json');
  const data = storeFromSeed(loadSeed());
  data.committees.push(structuredClone(audit));
  change(data);
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
  return file;
}

function rows(csv: string): CommitteeRow[] {
  const parsed = parseCommitteesCsv(csv);
  if (parsed.kind !== 'ok') throw new Error(parsed.problems.join('\n'));
  return parsed.rows;
}

const committee = (file: string, id: string) => storeOnDisk(file).committees.find((c) => c.id === id)!;

describe('committees:configure', () => {
  test('When the file sets clerk, quorum and notice (by the store id or the modern.gov id), then each committee is changed and audited as committees:configure', async () => {
    const file = storeFile();
    const csv = `${HEADER}\r\nchildrens-os,Ms Janet Simon,4,1.5\r\n143,"Rhiannon Whiteley",2,2\r\n`;
    const report = await configureCommittees(file, rows(csv), options);
    expect(report).toMatchObject({ kind: 'configured', unchanged: 0 });
    expect(committee(file, 'childrens-os')).toMatchObject({
      clerkIds: ['janet-simon'],
      quorum: 4,
      substituteNoticeMinutes: 90,
      version: 2,
    });
    expect(committee(file, 'mg-143')).toMatchObject({
      clerkIds: ['rhiannon-whiteley'],
      quorum: 2,
      substituteNoticeMinutes: 120,
      version: 2,
    });
    const entries = storeOnDisk(file).audit;
    expect(entries.map((e) => [e.kind, e.recordId, e.actor])).toEqual([
      ['committee.configured', 'childrens-os', ACTOR],
      ['committee.configured', 'mg-143', ACTOR],
    ]);
    expect(entries[0]).toMatchObject({
      before: { clerkIds: ['rhiannon-whiteley'], quorum: 3, substituteNoticeMinutes: 120, version: 1 },
      after: { clerkIds: ['janet-simon'], quorum: 4, substituteNoticeMinutes: 90, version: 2, line: 2 },
    });
    const printed = describeConfigure(report);
    expect(printed).toContain('2 committees updated, 0 already as given');
    expect(printed).toContain(
      "Children's Services Overview and Scrutiny Committee (childrens-os): clerk Janet Simon (janet-simon), quorum 4, substitution notice 90 minutes",
    );
    expect(printed).toContain(
      'Audit Committee (mg-143): clerk Rhiannon Whiteley (rhiannon-whiteley), quorum 2, substitution notice 2 hours',
    );

    // The same file again: nothing changes, nothing is audited, the file is not even rewritten.
    const before = readFileSync(file);
    expect(await configureCommittees(file, rows(csv), options)).toMatchObject({ kind: 'configured', changed: [], unchanged: 2 });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('When a clerk named is not yet a person, then they are added once, as an officer, and made clerk of each committee naming them; a re-run adds nobody', async () => {
    const file = storeFile();
    const csv = `${HEADER}\nchildrens-os,Mr Nadir Newcombe,3,2\nmg-143,nadir newcombe,2,0\n`;
    const report = await configureCommittees(file, rows(csv), options);
    expect(report.kind).toBe('configured');
    const data = storeOnDisk(file);
    expect(data.people.filter((p) => p.name === 'Nadir Newcombe')).toEqual([
      expect.objectContaining({ id: 'nadir-newcombe', title: 'Mr', kind: 'officer', version: 1 }),
    ]);
    expect(data.committees.filter((c) => c.clerkIds.includes('nadir-newcombe')).map((c) => c.id)).toEqual(['childrens-os', 'mg-143']);
    expect(data.audit.map((e) => [e.kind, e.recordId])).toEqual([
      ['person.added', 'nadir-newcombe'],
      ['committee.configured', 'childrens-os'],
      ['committee.configured', 'mg-143'],
    ]);
    expect(describeConfigure(report)).toContain('link their Teams accounts with npm run people:import');
    expect(await configureCommittees(file, rows(csv), options)).toMatchObject({ kind: 'configured', changed: [], unchanged: 2 });
    expect(storeOnDisk(file).audit).toHaveLength(3);
  });

  test('When rows are wrong in every way, then every problem is reported at once and nothing is written', async () => {
    const file = storeFile((data) => {
      data.people.push(
        { id: 'alex-reed-1', name: 'Alex Reed', kind: 'officer' },
        { id: 'alex-reed-2', name: 'Alex Reed', kind: 'officer' },
      );
    });
    const before = readFileSync(file);
    const csv = [
      HEADER,
      'planning,Janet Simon,3,2',
      'childrens-os,Janet Simmon,3,2',
      'mg-143,Alex Reed,2,2',
      'childrens-os,Cllr Qaisar Abbas,3,2',
      'mg-143,Janet Simon,5,2',
    ].join('\n');
    const report = await configureCommittees(file, rows(csv), options);
    expect(report.kind).toBe('refused');
    const problems = report.kind === 'refused' ? report.problems : [];
    expect(problems).toEqual([
      expect.stringMatching(
        /^line 2 \(planning\): no committee has that id\. The store holds: childrens-os, mg-143 \(modern\.gov 143\)\.$/,
      ),
      expect.stringMatching(
        /^line 3 \(childrens-os\): nobody is named "Janet Simmon", but Janet Simon \(janet-simon\) is: write the name as the store has it\.$/,
      ),
      expect.stringMatching(/^line 4 \(mg-143\): 2 people are named "Alex Reed"/),
      expect.stringMatching(/^line 5 \(childrens-os\): the Children's Services Overview and Scrutiny Committee is also on line 3\.$/),
      expect.stringMatching(
        /^line 5 \(childrens-os\): Councillor Qaisar Abbas \(qaisar-abbas\) is a councillor; a committee's clerk is an officer\.$/,
      ),
      expect.stringMatching(/^line 6 \(mg-143\): the Audit Committee is also on line 4\.$/),
      expect.stringMatching(/^line 6 \(mg-143\): a quorum of 5 is more than the Audit Committee's 2 members\.$/),
    ]);
    expect(describeConfigure(report)).toMatch(/^Nothing was written to .*store\.json\. Fix these and run the command again:/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test.each([
    ['an empty file', '', /The file is empty: it needs the header "committeeId,clerkName,quorum,substitutionNoticeHours"/],
    [
      'a wrong header',
      'committee,clerk,quorum,hours\nchildrens-os,Janet Simon,3,2\n',
      /The first line must be the header "committeeId,clerkName,quorum,substitutionNoticeHours" \(found "committee,clerk,quorum,hours"\)/,
    ],
    ['a header in other letter case', 'CommitteeId,ClerkName,Quorum,SubstitutionNoticeHours\n', /The first line must be the header/],
    ['a header and no rows', `${HEADER}\n`, /The file has a header but no rows\./],
    ['a row short of a value', `${HEADER}\nchildrens-os,Janet Simon,3\n`, /line 2: expected 4 values/],
    ['an empty committee and clerk', `${HEADER}\n,,3,2\n`, /line 2: the committeeId is empty\.[\s\S]*line 2: the clerkName is empty\./],
    [
      'a quorum of 0',
      `${HEADER}\nchildrens-os,Janet Simon,0,2\n`,
      /line 2: the quorum "0" must be a whole number of members, at least 1\./,
    ],
    ['a negative quorum', `${HEADER}\nchildrens-os,Janet Simon,-1,2\n`, /the quorum "-1" must be a whole number/],
    ['a quorum in words', `${HEADER}\nchildrens-os,Janet Simon,three,2\n`, /the quorum "three" must be a whole number/],
    ['a fractional quorum', `${HEADER}\nchildrens-os,Janet Simon,2.5,2\n`, /the quorum "2\.5" must be a whole number/],
    [
      'negative hours',
      `${HEADER}\nchildrens-os,Janet Simon,3,-2\n`,
      /the substitutionNoticeHours "-2" must be a number of hours from 0 to 168/,
    ],
    ['hours in words', `${HEADER}\nchildrens-os,Janet Simon,3,two\n`, /the substitutionNoticeHours "two"/],
    ['more than a week', `${HEADER}\nchildrens-os,Janet Simon,3,200\n`, /the substitutionNoticeHours "200"/],
    [
      'hours that are not whole minutes',
      `${HEADER}\nchildrens-os,Janet Simon,3,0.01\n`,
      /the substitutionNoticeHours "0\.01" .* in whole minutes/,
    ],
    ['unbalanced quotes', `${HEADER}\n"childrens-os,Janet Simon,3,2\n`, /The file is not valid CSV/],
  ])('When the file has %s, then it is refused saying why', (_what, csv, message) => {
    const parsed = parseCommitteesCsv(csv);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' ? parsed.problems.join('\n') : '').toMatch(message);
  });

  test('When the store does not exist and the new store would hold no committee (SEED_DIR=none), then it is refused and no store is created', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'committees-configure-')), 'store.json');
    const report = await configureCommittees(file, rows(`${HEADER}\nmg-143,Janet Simon,3,2\n`), {
      seed: () => emptySeed('Example Borough Council'),
      clock,
    });
    expect(report).toMatchObject({
      kind: 'refused',
      problems: [expect.stringContaining('the store holds no committee yet; run the sync from modern.gov first')],
    });
    expect(existsSync(file)).toBe(false);
  });

  test('When the configured store is opened by the bot, then "who is the clerk" names the new clerk', async () => {
    const file = storeFile();
    await configureCommittees(file, rows(`${HEADER}\nchildrens-os,Janet Simon,4,2\n`), options);
    const t = await startTestBot({ storePath: file });
    try {
      const reply = readCard(await t.say("who is the clerk of the children's services O&S", buildUser('Qaisar Abbas')));
      expect(reply).toContain('Janet Simon');
      expect(reply).not.toContain('Rhiannon Whiteley');
    } finally {
      await t.stop();
    }
  });
});

describe('the committees:configure command', () => {
  const run = (csvFile: string, storePath: string) =>
    spawnSync(process.execPath, [entry, csvFile], { env: { PATH: process.env.PATH ?? '', STORE_PATH: storePath }, encoding: 'utf8' });

  test('When it is run on STORE_PATH with a good file, then it exits 0 and prints what changed; with a bad file it exits 1 and writes nothing', () => {
    const file = storeFile();
    const good = path.join(path.dirname(file), 'good.csv');
    writeFileSync(good, `${HEADER}\nchildrens-os,Janet Simon,4,2\n`);
    const ok = run(good, file);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('1 committee updated, 0 already as given');
    expect(committee(file, 'childrens-os').clerkIds).toEqual(['janet-simon']);

    const bad = path.join(path.dirname(file), 'bad.csv');
    writeFileSync(bad, `${HEADER}\nchildrens-os,Rhiannon Whiteley,4,2\nnowhere,Janet Simon,4,2\n`);
    const before = readFileSync(file);
    const refused = run(bad, file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Nothing was written to [\s\S]*line 3 \(nowhere\): no committee has that id/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('When the bot has the store open, then the command refuses with a clear message and writes nothing', async () => {
    const t = await startTestBot();
    const csv = path.join(path.dirname(t.storePath), 'committees.csv');
    writeFileSync(csv, `${HEADER}\nchildrens-os,Janet Simon,4,2\n`);
    try {
      const refused = run(csv, t.storePath);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/Nothing was written\. The store .* is in use by the Committee Assistant bot/);
      expect(storeOnDisk(t.storePath).committees[0]!.clerkIds).toEqual(['rhiannon-whiteley']);
    } finally {
      await t.stop();
    }
  });
});
