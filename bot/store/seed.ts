import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedSchema, type Seed } from './schema';
import { formatZodIssues } from './errors';

/**
 * The seed is split by kind so that a reviewer can check one kind of fact against its source
 * document at a time. Each file holds a JSON array (council.json an object).
 */
export const SEED_FILES = {
  council: 'council.json',
  people: 'people.json',
  committees: 'committees.json',
  meetings: 'meetings.json',
  minutes: 'minutes.json',
  actions: 'actions.json',
  indicators: 'indicators.json',
  workProgramme: 'work-programme.json',
  budget: 'budget.json',
} as const satisfies Record<keyof Seed, string>;

/** Default seed folder: data/ at the repository root (works from bot/ and dist/bot/). */
export function defaultSeedDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i += 1) {
    const candidate = path.join(dir, 'data', SEED_FILES.council);
    try {
      readFileSync(candidate);
      return path.join(dir, 'data');
    } catch {
      dir = path.dirname(dir);
    }
  }
  throw new Error('Could not find the seed folder data/ next to the bot.');
}

/** Reads and validates the committed seed. Never writes it. */
export function loadSeed(seedDir: string = defaultSeedDir()): Seed {
  const raw: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(SEED_FILES)) {
    const full = path.join(seedDir, file);
    try {
      raw[key] = JSON.parse(readFileSync(full, 'utf8'));
    } catch (err) {
      throw new Error(`Seed file ${full} could not be read as JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  const parsed = seedSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`The seed in ${seedDir} breaks the schema:\n${formatZodIssues(parsed.error)}`);
  }
  checkReferences(parsed.data);
  return parsed.data;
}

/** Cross-references zod cannot see: every id a record points at must exist. */
export function checkReferences(seed: Seed): void {
  const people = new Set(seed.people.map((p) => p.id));
  const committees = new Set(seed.committees.map((c) => c.id));
  const meetings = new Set(seed.meetings.map((m) => m.id));
  const problems: string[] = [];
  const need = (set: Set<string>, value: string | undefined | null, where: string) => {
    if (value && !set.has(value)) problems.push(`${where}: unknown id "${value}"`);
  };
  const unique = (items: { id: string }[], kind: string) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.id)) problems.push(`${kind}: duplicate id "${item.id}"`);
      seen.add(item.id);
    }
  };
  unique(seed.people, 'people');
  unique(seed.committees, 'committees');
  unique(seed.meetings, 'meetings');
  unique(seed.actions, 'actions');
  unique(seed.indicators, 'indicators');
  for (const c of seed.committees) {
    c.membership.forEach((m) => need(people, m.personId, `committee ${c.id} membership`));
    c.substitutes.forEach((p) => need(people, p, `committee ${c.id} substitutes`));
    c.clerkIds.forEach((p) => need(people, p, `committee ${c.id} clerks`));
  }
  for (const m of seed.meetings) need(committees, m.committeeId, `meeting ${m.id}`);
  for (const m of seed.minutes) {
    need(meetings, m.meetingId, `minutes ${m.id}`);
    m.present.forEach((p) => need(people, p, `minutes ${m.id} present`));
    m.apologies.forEach((a) => {
      need(people, a.personId, `minutes ${m.id} apologies`);
      need(people, a.substituteId, `minutes ${m.id} substitute`);
    });
  }
  for (const a of seed.actions) {
    need(meetings, a.origin.meetingId, `action ${a.id}`);
    need(people, a.requestedBy?.personId, `action ${a.id} requestedBy`);
    need(people, a.owner?.personId, `action ${a.id} owner`);
  }
  for (const w of seed.workProgramme) {
    need(committees, w.committeeId, `work programme ${w.id}`);
    need(meetings, w.meetingId, `work programme ${w.id}`);
  }
  if (problems.length > 0) {
    throw new Error(`The seed has broken references:\n${problems.slice(0, 20).join('\n')}`);
  }
}
