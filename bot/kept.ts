/**
 * Results kept between turns (expanded cards): a few recent ones, least recently used dropped
 * first. Kept data is frozen by its callers (deepFreeze), because it is shared by every caller
 * that asks again.
 *
 * Keys can be long (a card's view written out as JSON), so a hit looks its key up once: it is
 * stamped with a counter of uses rather than moved to the end, and the least recently used
 * entry is found only when one has to go (a new key, when full).
 */
export class Kept<V> {
  private readonly entries = new Map<string, { value: V; used: number }>();
  private clock = 0;

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    hit.used = ++this.clock;
    return hit.value;
  }

  /** Keeps `value`, dropping the least recently used entry when full; returns `value`. */
  set(key: string, value: V): V {
    if (!this.entries.has(key) && this.entries.size >= this.limit) {
      let oldest: string | undefined;
      let oldestUsed = Infinity;
      for (const [k, e] of this.entries) {
        if (e.used < oldestUsed) {
          oldest = k;
          oldestUsed = e.used;
        }
      }
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, used: ++this.clock });
    return value;
  }
}

/** Freezes a value and everything in it, so a kept result cannot be changed by one caller for the next. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
