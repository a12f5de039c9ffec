/**
 * A change decided on a read can meet a newer record when it is written (another turn changed
 * it first): the repository refuses it and nothing changes. A request typed by a person (not a
 * card, which shows a version and asks again) is then decided again, checks included, on a
 * fresh read.
 */
export const AGAIN = Symbol('decide again on a fresh read');

/** Fresh reads before giving up when other changes keep landing first (a burst on one record). */
const ATTEMPTS = 8;

/** Runs `attempt` until it decides (returns anything but AGAIN); `busy` after too many tries. */
export async function decideOnFreshRead<O, B>(attempt: () => Promise<O | typeof AGAIN>, busy: () => B): Promise<O | B> {
  for (let i = 0; i < ATTEMPTS; i += 1) {
    const outcome = await attempt();
    if (outcome !== AGAIN) return outcome;
  }
  return busy();
}
