import type { Committee, Indicator, Person } from '../store/schema';

/**
 * The stored names a message is recognised against. Built from repository reads, which return
 * the same list (same identity) until it changes: the tables below are memoised on it.
 */
export interface RecognitionNames {
  people: readonly Person[];
  committees: readonly Committee[];
  indicators: readonly Indicator[];
}

/** What the name tables are built from. */
export interface NameSource {
  data: RecognitionNames;
}

/** The lists whose names the recogniser's tables are built from. */
type NameList = 'people' | 'committees' | 'indicators';

/**
 * A lookup table built from the store's names, kept while `lists` are the same lists. The
 * repository hands out the same list until it changes and a new one after any change (changes
 * are made on copies), so a table is never older than the names it was built from, and it is
 * built once per change rather than on every message: every message is recognised against
 * every person's, committee's and indicator's name.
 */
export function nameTable<T>(
  source: NameSource,
  key: string,
  lists: readonly [NameList, ...NameList[]],
  build: (data: RecognitionNames) => T,
): T {
  const { data } = source;
  const from = lists.map((list) => data[list]);
  let byKey = tables.get(from[0]!);
  if (!byKey) {
    byKey = new Map();
    tables.set(from[0]!, byKey);
  }
  const kept = byKey.get(key);
  if (kept && kept.from.every((list, i) => list === from[i])) return kept.value as T;
  const value = build(data);
  byKey.set(key, { from, value });
  return value;
}

const tables = new WeakMap<object, Map<string, { from: readonly object[]; value: unknown }>>();
