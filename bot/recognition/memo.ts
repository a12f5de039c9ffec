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
 * A lookup table built from the store's names, memoised on the first of `lists` with `stamp()`
 * (which reads every name), so it is rebuilt only when a name changes.
 */
export function nameTable<T>(
  source: NameSource,
  key: string,
  lists: readonly [NameList, ...NameList[]],
  stamp: () => string,
  build: (data: RecognitionNames) => T,
): T {
  const { data } = source;
  return memoFor(data[lists[0]], key, stamp(), () => build(data));
}

/**
 * Lookup tables built from the store's lists (name phrases, vocabularies) are rebuilt only when
 * the names change: every message is recognised against every person's, committee's and
 * indicator's name, and the tables are the same for every message until a name changes.
 * The key is the list (a change to the store gives a changed list a new identity) plus a stamp
 * of the names in it, so a table is never older than the names it was built from.
 */
const caches = new WeakMap<object, Map<string, { stamp: string; value: unknown }>>();

export function memoFor<T>(list: readonly object[], key: string, stamp: string, build: () => T): T {
  let byKey = caches.get(list);
  if (!byKey) {
    byKey = new Map();
    caches.set(list, byKey);
  }
  const hit = byKey.get(key);
  if (hit && hit.stamp === stamp) return hit.value as T;
  const value = build();
  byKey.set(key, { stamp, value });
  return value;
}

/** A cheap signature of the names a table is built from: rebuild when any is added or renamed. */
export function namesStamp(items: readonly { name: string; aliases?: readonly string[] }[]): string {
  let length = items.length;
  let hash = 0;
  for (const item of items) {
    const text = item.aliases ? `${item.name}|${item.aliases.join('|')}` : item.name;
    length += text.length;
    for (let i = 0; i < text.length; i += 1) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  }
  return `${items.length}:${length}:${hash}`;
}
