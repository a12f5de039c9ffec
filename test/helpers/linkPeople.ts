import { FixedClock } from '../../bot/clock';
import { applyImport, planImport, type PersonRow } from '../../bot/features/people/peopleImport';
import { lockStore } from '../../bot/store/lock';
import { createLowdbRepository } from '../../bot/store/lowdbRepository';
import { loadSeed } from '../../bot/store/seed';
import { Store } from '../../bot/store/store';

/** The object id a test user carries (see buildUser): `aad-` and the name's slug. */
export function testObjectId(name: string): string {
  return `aad-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * Links the usual test people the way an administrator would (people:import's own planning
 * and audited change): every person in the store at `storePath` (created from the seed when
 * absent) not yet linked, and not in `except`, gets the object id `buildUser(name)` carries.
 */
export async function linkTestPeople(storePath: string, options: { except?: readonly string[]; now?: string } = {}): Promise<void> {
  const lock = await lockStore(storePath, 'test: link people');
  try {
    const clock = new FixedClock(new Date(options.now ?? '2023-09-01T09:00:00+01:00'));
    const store = await Store.open(storePath, { seed: () => loadSeed(), clock });
    try {
      const records = createLowdbRepository(store, clock);
      const people = await records.people.all();
      const rows: PersonRow[] = people
        .filter((p) => !p.aadObjectId && !(options.except ?? []).includes(p.id))
        .map((p, i) => ({ line: i + 2, name: p.name, email: null, aadObjectId: testObjectId(p.name) }));
      if (rows.length === 0) return;
      const plan = planImport(people, rows);
      if (plan.kind === 'refused') throw new Error(`the test people cannot be linked:\n${plan.problems.join('\n')}`);
      const applied = await applyImport(records, plan.changes);
      if (!applied.ok) throw new Error(`the test people cannot be linked: ${applied.error.kind}`);
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}
