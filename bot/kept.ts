/**
 * Results kept between turns (expanded cards, recognitions, Teams clients): a few recent ones,
 * least recently used dropped first. Kept data is frozen by its callers (deepFreeze), because
 * it is shared by every caller that asks again.
 */
export class Kept<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps `value`, dropping the least recently used entry when full; returns `value`. */
  set(key: string, value: V): V {
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  /** Drops `key` if it still holds `value` (a value kept for it since is left alone). */
  drop(key: string, value: V): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
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
