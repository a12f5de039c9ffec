import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Clock } from '../../clock';
import { editDistance } from '../../recognition/fuzzy';
import { lockStore } from '../../store/lock';
import { createLowdbRepository } from '../../store/lowdbRepository';
import { fail, ok, type CommitteeSettings, type RepositoryError } from '../../store/repository';
import { recordVersion, type Committee, type Person, type Seed } from '../../store/schema';
import { Store, storeFromSeed } from '../../store/store';
import { normaliseName, peopleNamed } from '../people/identity';

/**
 * `npm run committees:configure -- FILE.csv`: what a council sets on its committees that
 * modern.gov does not hold: each committee's clerk, quorum and substitution notice. All or
 * nothing, like people:import: every problem in the file is reported and nothing is written
 * unless every row is good. Each change is audited with the actor "committees:configure"; a
 * file already applied changes nothing.
 *
 * A clerk is named as people are named in the data (titles ignored). A name that matches nobody
 * adds a new person, an officer who is clerk of the committees that name them (not of all, as
 * a person of kind 'clerk' is), whose Teams account people:import then links; a name that is
 * nearly someone's (a typing slip) or that is several people's is refused, and so is a
 * councillor, since a clerk has rights over the committee's records.
 */
export const CONFIGURE_ACTOR = { personId: null, aadObjectId: null, name: 'committees:configure' };
export const CONFIGURE_HEADER = 'committeeId,clerkName,quorum,substitutionNoticeHours';
const MAX_FIELD = 200;
const MAX_QUORUM = 1000;
const MAX_NOTICE_HOURS = 168;

export interface CommitteeRow {
  /** Line in the file (the header is line 1). */
  line: number;
  committeeId: string;
  clerkName: string;
  quorum: number;
  substituteNoticeMinutes: number;
}

export type ParsedRows = { kind: 'ok'; rows: CommitteeRow[] } | { kind: 'invalid'; problems: string[] };

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}...` : text);

/** Reads the CSV: the header exactly `committeeId,clerkName,quorum,substitutionNoticeHours`, then a row per committee. */
export function parseCommitteesCsv(text: string): ParsedRows {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    return { kind: 'invalid', problems: [`The file is not valid CSV: ${(err as Error).message}`] };
  }
  if (records.length === 0) {
    return { kind: 'invalid', problems: [`The file is empty: it needs the header "${CONFIGURE_HEADER}" and a row per committee.`] };
  }
  if (records[0]!.join(',') !== CONFIGURE_HEADER) {
    return {
      kind: 'invalid',
      problems: [`The first line must be the header "${CONFIGURE_HEADER}" (found "${clip(records[0]!.join(','))}").`],
    };
  }
  const problems: string[] = [];
  const rows: CommitteeRow[] = [];
  records.slice(1).forEach((fields, i) => {
    const line = i + 2;
    if (fields.length !== 4) {
      problems.push(`line ${line}: expected 4 values (${CONFIGURE_HEADER}), found ${fields.length}.`);
      return;
    }
    const [committeeId = '', clerkName = '', quorumText = '', hoursText = ''] = fields;
    const before = problems.length;
    if (!committeeId) problems.push(`line ${line}: the committeeId is empty.`);
    else if (committeeId.length > MAX_FIELD) problems.push(`line ${line}: the committeeId "${clip(committeeId)}" is too long.`);
    if (!clerkName || !normaliseName(clerkName)) problems.push(`line ${line}: the clerkName is empty.`);
    else if (clerkName.length > MAX_FIELD) problems.push(`line ${line}: the clerkName "${clip(clerkName)}" is too long.`);
    const quorum = /^\d{1,4}$/.test(quorumText) ? Number(quorumText) : NaN;
    if (!(quorum >= 1 && quorum <= MAX_QUORUM)) {
      problems.push(`line ${line}: the quorum "${clip(quorumText)}" must be a whole number of members, at least 1.`);
    }
    const hours = /^\d{1,3}(\.\d{1,4})?$/.test(hoursText) ? Number(hoursText) : NaN;
    const minutes = hours * 60;
    if (!(hours >= 0 && hours <= MAX_NOTICE_HOURS) || Math.abs(minutes - Math.round(minutes)) > 1e-9) {
      problems.push(
        `line ${line}: the substitutionNoticeHours "${clip(hoursText)}" must be a number of hours from 0 to ${MAX_NOTICE_HOURS} in whole minutes, e.g. 2 or 1.5.`,
      );
    }
    if (problems.length === before) rows.push({ line, committeeId, clerkName, quorum, substituteNoticeMinutes: Math.round(minutes) });
  });
  if (records.length === 1) problems.push('The file has a header but no rows.');
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', rows };
}

export interface CommitteeChange {
  line: number;
  committee: Committee;
  settings: CommitteeSettings;
  clerkName: string;
  newClerk: boolean;
}

export type ConfigurePlan = { kind: 'ok'; changes: CommitteeChange[] } | { kind: 'refused'; problems: string[] };

const personLabel = (p: Person) => `${p.title ? `${p.title} ${p.name}` : p.name} (${p.id})`;

/** The committee a row names: by the store's id, else by its modern.gov id when exactly one has it. */
function committeeNamed(committees: readonly Committee[], id: string): Committee | Committee[] | undefined {
  const own = committees.find((c) => c.id === id);
  if (own) return own;
  const upstream = committees.filter((c) => c.moderngov?.id === id);
  return upstream.length === 1 ? upstream[0] : upstream.length > 1 ? upstream : undefined;
}

/** "Ms Jane Doe" → name "Jane Doe", title "Ms" (the titles normaliseName ignores). */
function splitTitle(typed: string): { name: string; title?: string } {
  const words = typed.split(/\s+/).filter(Boolean);
  let i = 0;
  while (i < words.length - 1 && normaliseName(words[i]!) === '') i += 1;
  const title = words.slice(0, i).join(' ');
  return { name: words.slice(i).join(' '), ...(title ? { title } : {}) };
}

function slug(name: string): string {
  return (
    normaliseName(name)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'clerk'
  );
}

/** Checks every row against the store and works out each committee's settings; changes nothing. */
export function planConfigure(committees: readonly Committee[], people: readonly Person[], rows: readonly CommitteeRow[]): ConfigurePlan {
  const problems: string[] = [];
  const changes: CommitteeChange[] = [];
  const lineOf = new Map<string, number>();
  /** New clerks by normalised name, so two rows naming one new person add them once. */
  const added = new Map<string, string>();
  const takenIds = new Set(people.map((p) => p.id));
  for (const row of rows) {
    const at = `line ${row.line} (${clip(row.committeeId)})`;
    const named = committeeNamed(committees, row.committeeId);
    if (!named) {
      const held = committees.map((c) => `${c.id}${c.moderngov ? ` (modern.gov ${c.moderngov.id})` : ''}`);
      problems.push(
        held.length === 0
          ? `${at}: the store holds no committee yet; run the sync from modern.gov first.`
          : `${at}: no committee has that id. The store holds: ${held.slice(0, 12).join(', ')}${held.length > 12 ? `, and ${held.length - 12} more` : ''}.`,
      );
      continue;
    }
    if (Array.isArray(named)) {
      problems.push(
        `${at}: ${named.length} committees have that modern.gov id (${named.map((c) => c.id).join(', ')}); use the store's id.`,
      );
      continue;
    }
    const committee = named;
    const earlier = lineOf.get(committee.id);
    if (earlier !== undefined) problems.push(`${at}: the ${committee.name} is also on line ${earlier}.`);
    lineOf.set(committee.id, row.line);
    const members = committee.membership.length;
    if (members > 0 && row.quorum > members) {
      problems.push(`${at}: a quorum of ${row.quorum} is more than the ${committee.name}'s ${members} members.`);
    }
    const clerk = clerkFor(row.clerkName, people, added, takenIds);
    if (typeof clerk === 'string') {
      problems.push(`${at}: ${clerk}`);
      continue;
    }
    changes.push({
      line: row.line,
      committee,
      clerkName: clerk.label,
      newClerk: 'add' in clerk.clerk,
      settings: { clerk: clerk.clerk, quorum: row.quorum, substituteNoticeMinutes: row.substituteNoticeMinutes },
    });
  }
  return problems.length > 0 ? { kind: 'refused', problems } : { kind: 'ok', changes };
}

/** The clerk a name means, a new clerk to add, or why the name cannot be used. */
function clerkFor(
  typed: string,
  people: readonly Person[],
  added: Map<string, string>,
  takenIds: Set<string>,
): { clerk: CommitteeSettings['clerk']; label: string } | string {
  const named = peopleNamed(people, typed);
  if (named.length > 1) {
    return `${named.length} people are named "${clip(typed)}" (${named.map(personLabel).join(', ')}); the data must tell them apart first.`;
  }
  const person = named[0];
  if (person) {
    if (person.kind === 'member') return `${personLabel(person)} is a councillor; a committee's clerk is an officer.`;
    return { clerk: { personId: person.id }, label: personLabel(person) };
  }
  const wanted = normaliseName(typed);
  const again = added.get(wanted);
  if (again) return { clerk: { personId: again }, label: `${splitTitle(typed).name} (${again}, added above)` };
  const near = people.filter((p) => editDistance(normaliseName(p.name), wanted, 2) <= 2);
  if (near.length > 0) {
    return `nobody is named "${clip(typed)}", but ${near.map(personLabel).join(', ')} ${near.length === 1 ? 'is' : 'are'}: write the name as the store has it.`;
  }
  let id = slug(typed);
  for (let n = 2; takenIds.has(id); n += 1) id = `${slug(typed)}-${n}`;
  takenIds.add(id);
  added.set(wanted, id);
  const split = splitTitle(typed);
  return { clerk: { add: { id, ...split } }, label: `${split.title ? `${split.title} ${split.name}` : split.name} (${id}, new)` };
}

export type ConfigureReport =
  | {
      kind: 'configured';
      file: string;
      changed: { committee: string; clerk: string; quorum: number; noticeMinutes: number; newClerk: boolean }[];
      unchanged: number;
    }
  | { kind: 'refused'; file: string; problems: string[] };

const describeError = (e: RepositoryError) =>
  e.kind === 'conflict'
    ? `${e.recordType} ${e.id}: ${e.reason}`
    : `${e.recordType} ${e.id}: ${e.kind === 'stale' ? 'changed meanwhile' : 'not found'}`;

/**
 * Applies the rows to the store at `storePath` (created from the seed when absent, as the bot
 * does), holding the store's lock throughout, in one transaction: every committee changes, or
 * none does.
 */
export async function configureCommittees(
  storePath: string,
  rows: readonly CommitteeRow[],
  options: { seed: () => Seed; clock: Clock },
): Promise<ConfigureReport> {
  const lock = await lockStore(storePath, 'committees:configure');
  try {
    // A refused file leaves no trace, not even a new store: check against the seed first.
    if (!existsSync(storePath)) {
      const seeded = storeFromSeed(options.seed());
      const plan = planConfigure(seeded.committees, seeded.people, rows);
      if (plan.kind === 'refused') return { kind: 'refused', file: path.resolve(storePath), problems: plan.problems };
    }
    const store = await Store.open(storePath, { seed: options.seed, clock: options.clock });
    try {
      const records = createLowdbRepository(store, options.clock);
      const by = { actor: CONFIGURE_ACTOR };
      let unchanged = 0;
      type Changed = Extract<ConfigureReport, { kind: 'configured' }>['changed'];
      const outcome = await records.transaction<{ kind: 'refused'; problems: string[] } | { kind: 'ok'; changed: Changed }>(async (tx) => {
        const plan = planConfigure(await tx.committees.all(), await tx.people.all(), rows);
        if (plan.kind === 'refused') return ok({ kind: 'refused', problems: plan.problems });
        const changed: Changed = [];
        for (const change of plan.changes) {
          const result = await tx.committees.configure(change.committee.id, recordVersion(change.committee), change.settings, {
            ...by,
            note: { line: change.line },
          });
          if (!result.ok) return fail(result.error);
          if (result.value.version === recordVersion(change.committee)) {
            unchanged += 1;
            continue;
          }
          changed.push({
            committee: `${change.committee.name} (${change.committee.id})`,
            clerk: change.clerkName,
            quorum: change.settings.quorum,
            noticeMinutes: change.settings.substituteNoticeMinutes,
            newClerk: change.newClerk,
          });
        }
        return ok({ kind: 'ok', changed });
      });
      if (!outcome.ok) return { kind: 'refused', file: store.file, problems: [describeError(outcome.error)] };
      if (outcome.value.kind === 'refused') return { kind: 'refused', file: store.file, problems: outcome.value.problems };
      return { kind: 'configured', file: store.file, changed: outcome.value.changed, unchanged };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

/** What the command prints. */
export function describeConfigure(report: ConfigureReport): string {
  if (report.kind === 'refused') {
    return [`Nothing was written to ${report.file}. Fix these and run the command again:`, ...report.problems.map((p) => `  - ${p}`)].join(
      '\n',
    );
  }
  const lines = [
    `${report.file}: ${report.changed.length} ${report.changed.length === 1 ? 'committee' : 'committees'} updated, ${report.unchanged} already as given.`,
  ];
  for (const c of report.changed) {
    const notice = c.noticeMinutes % 60 === 0 ? `${c.noticeMinutes / 60} hours` : `${c.noticeMinutes} minutes`;
    lines.push(`  - ${c.committee}: clerk ${c.clerk}, quorum ${c.quorum}, substitution notice ${notice}`);
  }
  if (report.changed.some((c) => c.newClerk)) {
    lines.push('New clerks were added as people: link their Teams accounts with npm run people:import.');
  }
  return lines.join('\n');
}
