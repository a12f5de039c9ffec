import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SeedChoice } from '../config';
import { seedSchema, type Seed } from './schema';
import { formatZodIssues } from './errors';

/** A seed that cannot be used: the bot does not start and no store is created from it. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

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

/** Throws SeedError unless `seedDir` is a folder. */
export function checkSeedFolder(seedDir: string): void {
  if (!statSync(seedDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SeedError(
      `The seed folder ${path.resolve(seedDir)} (SEED_DIR) does not exist or is not a folder. ` +
        `Set SEED_DIR to a folder holding ${Object.values(SEED_FILES).join(', ')}, ` +
        'or SEED_DIR=none with COUNCIL_NAME to start with an empty store.',
    );
  }
}

/** Reads and validates a seed folder (default: the committed data/). Never writes it. */
export function loadSeed(seedDir: string = defaultSeedDir()): Seed {
  checkSeedFolder(seedDir);
  const raw: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(SEED_FILES)) {
    const full = path.join(seedDir, file);
    try {
      raw[key] = JSON.parse(readFileSync(full, 'utf8'));
    } catch (err) {
      throw new SeedError(`Seed file ${path.resolve(full)} could not be read as JSON: ${(err as Error).message}`);
    }
  }
  const parsed = seedSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SeedError(`The seed in ${path.resolve(seedDir)} breaks the schema:\n${formatZodIssues(parsed.error)}`);
  }
  try {
    checkReferences(parsed.data);
  } catch (err) {
    throw new SeedError(`The seed in ${path.resolve(seedDir)}: ${(err as Error).message}`);
  }
  return parsed.data;
}

/** The seed of SEED_DIR=none: the council's name and nothing else, for the sync to fill. */
export function emptySeed(councilName: string): Seed {
  return {
    council: { name: councilName, timeZone: 'Europe/London' },
    people: [],
    committees: [],
    meetings: [],
    minutes: [],
    actions: [],
    indicators: [],
    workProgramme: [],
    budget: [],
  };
}

/**
 * What a missing store is created from (Config.seed). Called only when the store is created;
 * `checkSeedChoice` finds a missing folder at start-up whether or not the store exists.
 */
export function seedFor(choice: SeedChoice): () => Seed {
  return choice.kind === 'none' ? () => emptySeed(choice.councilName) : () => loadSeed(choice.dir ?? undefined);
}

/** Throws SeedError when SEED_DIR names a folder that is not there. */
export function checkSeedChoice(choice: SeedChoice): void {
  if (choice.kind === 'folder' && choice.dir !== null) checkSeedFolder(choice.dir);
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
