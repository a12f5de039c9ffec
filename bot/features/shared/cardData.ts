/** Reading values a card sent back: whatever arrives is checked, nothing is trusted. */

/** A small non-negative whole number (a list offset), or 0. */
export function nonNegativeInt(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : 0;
  return Number.isInteger(n) && n >= 0 && n < 100_000 ? n : 0;
}
