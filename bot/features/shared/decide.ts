import { fail, ok, type RecordRepositories, type Repository } from '../../store/repository';

/**
 * A change is decided and made in one transaction, on the newest records, so concurrent turns
 * cannot race past the rules and a burst of changes to one record is decided one after another.
 * A change can still meet a newer record when it is written (a change made outside a
 * transaction landed first): the repository refuses it and nothing changes. A request typed by
 * a person (not a card, which shows a version and asks again) is then decided again, checks
 * included, on a fresh read.
 */
export const AGAIN = Symbol('decide again on a fresh read');

/** Fresh reads before giving up when other changes keep landing first. */
const ATTEMPTS = 8;

/**
 * Runs `attempt` in a transaction until it decides (returns anything but AGAIN); `busy` after too
 * many tries. `attempt` reads and writes through the records it is given.
 */
export async function decideOnFreshRead<O, B>(
  records: Repository,
  attempt: (records: RecordRepositories) => Promise<O | typeof AGAIN>,
  busy: () => B,
): Promise<O | B> {
  for (let i = 0; i < ATTEMPTS; i += 1) {
    const decided = await records.transaction(async (tx) => {
      const outcome = await attempt(tx);
      return outcome === AGAIN ? fail({ kind: 'conflict', recordType: 'meeting', id: '', reason: 'decide again' }) : ok(outcome);
    });
    if (decided.ok) return decided.value;
  }
  return busy();
}
