import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Clock } from '../../clock';
import { lockStore } from '../../store/lock';
import { createLowdbRepository } from '../../store/lowdbRepository';
import { fail, ok, type Repository, type Result } from '../../store/repository';
import type { Person, Seed } from '../../store/schema';
import { Store, storeFromSeed } from '../../store/store';
import { normaliseName, peopleNamed } from './identity';

/**
 * `npm run people:import -- FILE.csv`: how administrators link people to their Teams accounts
 * (and how the first clerk gets linked). Each row names a person, as the data spells them
 * (titles ignored), and gives their email and/or Entra object id. All or nothing: any row that
 * is unknown, ambiguous or in conflict with what is recorded stops the import, every problem is
 * reported, and nothing is written. Each change is audited with the actor "people:import".
 */
export interface PersonRow {
  /** Line in the file (the header is line 1). */
  line: number;
  name: string;
  email: string | null;
  aadObjectId: string | null;
}

export const IMPORT_ACTOR = { personId: null, aadObjectId: null, name: 'people:import' };
const HEADER = ['name', 'email', 'aadobjectid'];
const MAX_FIELD = 320;

export type Parsed = { kind: 'ok'; rows: PersonRow[] } | { kind: 'invalid'; problems: string[] };

/** Reads the CSV: header `name,email,aadObjectId`, then one person per row (RFC 4180 quoting). */
export function parsePeopleCsv(text: string): Parsed {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true });
  } catch (err) {
    return { kind: 'invalid', problems: [`The file is not valid CSV: ${(err as Error).message}`] };
  }
  if (records.length === 0)
    return { kind: 'invalid', problems: ['The file is empty: it needs the header "name,email,aadObjectId" and a row per person.'] };
  const header = records[0]!.map((h) => h.toLowerCase());
  if (header.length !== HEADER.length || header.some((h, i) => h !== HEADER[i])) {
    return {
      kind: 'invalid',
      problems: [`The first line must be the header "name,email,aadObjectId" (found "${records[0]!.join(',').slice(0, 100)}").`],
    };
  }
  const problems: string[] = [];
  const rows: PersonRow[] = [];
  records.slice(1).forEach((fields, i) => {
    const line = i + 2;
    const [name = '', email = '', aadObjectId = ''] = fields;
    if (!name) problems.push(`line ${line}: the name is empty.`);
    if (!email && !aadObjectId) problems.push(`line ${line}: give an email, an aadObjectId or both.`);
    if (email && (email.length > MAX_FIELD || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      problems.push(`line ${line}: "${email.slice(0, 80)}" is not an email address.`);
    if (aadObjectId && (aadObjectId.length > 200 || /\s/.test(aadObjectId)))
      problems.push(`line ${line}: "${aadObjectId.slice(0, 80)}" is not an object id.`);
    rows.push({ line, name, email: email || null, aadObjectId: aadObjectId || null });
  });
  if (rows.length === 0) problems.push('The file has a header but no rows.');
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', rows };
}

export interface PersonChange {
  personId: string;
  line: number;
  email?: string;
  aadObjectId?: string;
}

export type Plan = { kind: 'ok'; changes: PersonChange[]; unchanged: number } | { kind: 'refused'; problems: string[] };

const label = (p: Person) => `${p.name} (${p.id})`;

/** Matches every row to one person and checks it against what is recorded; changes nothing. */
export function planImport(people: readonly Person[], rows: readonly PersonRow[]): Plan {
  const problems: string[] = [];
  const changes: PersonChange[] = [];
  let unchanged = 0;
  const rowOf = new Map<string, number>();
  const objectIds = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const row of rows) {
    const at = `line ${row.line} (${row.name})`;
    const named = peopleNamed(people, row.name);
    if (named.length === 0 || !normaliseName(row.name)) {
      problems.push(`${at}: nobody of that name is in the data.`);
      continue;
    }
    if (named.length > 1) {
      problems.push(`${at}: ${named.length} people have that name (${named.map(label).join(', ')}); the data must tell them apart first.`);
      continue;
    }
    const person = named[0]!;
    const earlier = rowOf.get(person.id);
    if (earlier !== undefined) problems.push(`${at}: ${label(person)} is also on line ${earlier}.`);
    rowOf.set(person.id, row.line);
    const change: PersonChange = { personId: person.id, line: row.line };
    if (row.aadObjectId) {
      const holder = people.find((p) => p.aadObjectId === row.aadObjectId);
      const twice = objectIds.get(row.aadObjectId);
      if (holder && holder.id !== person.id) problems.push(`${at}: object id ${row.aadObjectId} is already linked to ${label(holder)}.`);
      else if (twice !== undefined) problems.push(`${at}: object id ${row.aadObjectId} is also on line ${twice}.`);
      else if (person.aadObjectId && person.aadObjectId !== row.aadObjectId) {
        problems.push(
          `${at}: ${label(person)} is already linked to another object id (${person.aadObjectId}); a clerk can "unlink" them first.`,
        );
      } else if (!person.aadObjectId) change.aadObjectId = row.aadObjectId;
      objectIds.set(row.aadObjectId, row.line);
    }
    if (row.email) {
      const wanted = row.email.toLowerCase();
      const holder = people.find((p) => p.email?.toLowerCase() === wanted);
      const twice = emails.get(wanted);
      if (holder && holder.id !== person.id) problems.push(`${at}: ${row.email} is already the email of ${label(holder)}.`);
      else if (twice !== undefined) problems.push(`${at}: ${row.email} is also on line ${twice}.`);
      else if (person.email && person.email.toLowerCase() !== wanted)
        problems.push(`${at}: ${label(person)} already has another email (${person.email}).`);
      else if (!person.email) change.email = row.email;
      emails.set(wanted, row.line);
    }
    if (change.email || change.aadObjectId) changes.push(change);
    else unchanged += 1;
  }
  return problems.length > 0 ? { kind: 'refused', problems } : { kind: 'ok', changes, unchanged };
}

/**
 * Applies a checked plan as one change, auditing each person changed: every person is changed,
 * or (when one changed since the plan was made) none is, and the refusal is returned.
 */
export function applyImport(records: Repository, changes: readonly PersonChange[]): Promise<Result<null>> {
  return records.transaction(async (tx) => {
    for (const change of changes) {
      const person = await tx.people.get(change.personId);
      if (!person) return fail({ kind: 'not-found', recordType: 'person', id: change.personId });
      const by = { actor: IMPORT_ACTOR, note: { matchedBy: 'import', line: change.line } };
      const linked = await tx.people.link(person.id, person.version, { aadObjectId: change.aadObjectId, email: change.email }, by);
      if (!linked.ok) return linked;
    }
    return ok(null);
  });
}

export type ImportReport =
  | {
      kind: 'imported';
      file: string;
      changed: { personId: string; name: string; email?: string; aadObjectId?: string }[];
      unchanged: number;
    }
  | { kind: 'refused'; file: string; problems: string[] };

/**
 * Imports rows into the store at `storePath` (created from the seed when absent, as the bot
 * does), holding the store's lock throughout: it refuses while the bot has the store open.
 */
export async function importPeople(
  storePath: string,
  rows: readonly PersonRow[],
  options: { seed: () => Seed; clock: Clock },
): Promise<ImportReport> {
  const lock = await lockStore(storePath, 'people:import');
  try {
    // A refused import leaves no trace, not even a new store: check against the seed first.
    if (!existsSync(storePath)) {
      const plan = planImport(storeFromSeed(options.seed()).people, rows);
      if (plan.kind === 'refused') return { kind: 'refused', file: path.resolve(storePath), problems: plan.problems };
    }
    const store = await Store.open(storePath, { seed: options.seed, clock: options.clock });
    try {
      const records = createLowdbRepository(store, options.clock);
      const people = await records.people.all();
      const plan = planImport(people, rows);
      if (plan.kind === 'refused') return { kind: 'refused', file: store.file, problems: plan.problems };
      // This tool holds the store's lock, so nothing else changes people between plan and change.
      const applied = await applyImport(records, plan.changes);
      if (!applied.ok)
        return { kind: 'refused', file: store.file, problems: [`The records changed while importing (${applied.error.kind}).`] };
      const changed = plan.changes.map((c) => ({
        personId: c.personId,
        name: people.find((p) => p.id === c.personId)!.name,
        email: c.email,
        aadObjectId: c.aadObjectId,
      }));
      return { kind: 'imported', file: store.file, changed, unchanged: plan.unchanged };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

/** What the command prints. */
export function describeImport(report: ImportReport): string {
  if (report.kind === 'refused') {
    return [`Nothing was written to ${report.file}. Fix these and run the import again:`, ...report.problems.map((p) => `  - ${p}`)].join(
      '\n',
    );
  }
  const lines = [
    `${report.file}: ${report.changed.length} ${report.changed.length === 1 ? 'person' : 'people'} updated, ${report.unchanged} already as given.`,
  ];
  for (const c of report.changed) {
    const what = [c.email ? `email ${c.email}` : null, c.aadObjectId ? `object id ${c.aadObjectId}` : null].filter(Boolean).join(' and ');
    lines.push(`  - ${c.name}: ${what}`);
  }
  return lines.join('\n');
}
