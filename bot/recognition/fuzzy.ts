/**
 * Small, hand-written fuzzy matching: spelling correction against a known vocabulary and a
 * word-overlap similarity between a message and an example phrasing. Deterministic; no model.
 */

/** Words too common to say anything about what the user wants. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the is are am be been of to on in at for by from it its this that these those and or ' +
    'what when who where which why how with about there here do does did can could would will ' +
    'should shall you your we our us some any me show tell give get let know find see'
  ).split(' '),
);

/** Edits allowed when correcting a word of this length: none for short words, more for long. */
export function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return 2;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), giving up early:
 * returns max + 1 as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (i > 0 && rowMin > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Longest word worth correcting; longer tokens are pasted codes or noise. */
const MAX_CORRECTABLE_LENGTH = 20;
/** Only the first words of a message are corrected (the question comes first). */
const MAX_CORRECTED_WORDS = 60;

/**
 * Replaces each unknown word by the closest known word within `allowedEdits`, keeping it when
 * nothing is close. `vocabularies` are tiers, most important first: on equal distance the earlier
 * tier wins ("clark" -> "clerk" rather than "Clare"), then the longer word, then alphabetical order.
 */
export function correctSpelling(tokens: readonly string[], vocabularies: readonly ReadonlySet<string>[]): string[] {
  return tokens.map((token, index) => {
    if (index >= MAX_CORRECTED_WORDS || vocabularies.some((v) => v.has(token))) return token;
    if (token.length > MAX_CORRECTABLE_LENGTH || !/^[a-z]+$/.test(token)) return token;
    const max = allowedEdits(token.length);
    if (max === 0) return token;
    let best: { word: string; distance: number; tier: number } | null = null;
    for (const [tier, vocabulary] of vocabularies.entries()) {
      for (const word of vocabulary) {
        const distance = editDistance(token, word, max);
        if (distance > max) continue;
        const better =
          best === null ||
          distance < best.distance ||
          (distance === best.distance &&
            (tier < best.tier ||
              (tier === best.tier && (word.length > best.word.length || (word.length === best.word.length && word < best.word)))));
        if (better) best = { word, distance, tier };
      }
    }
    return best?.word ?? token;
  });
}

/** The words of a phrase that carry meaning (all of them when every word is a stopword). */
export function contentWords(tokens: readonly string[]): string[] {
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  return content.length > 0 ? content : [...tokens];
}

/** Two words match when equal, or one edit apart when both are at least five letters long. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  return a.length >= 5 && b.length >= 5 && editDistance(a, b, 1) <= 1;
}

/** Dice overlap of two word lists (0 = nothing shared, 1 = the same words). */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const unused = [...b];
  let shared = 0;
  for (const word of a) {
    const at = unused.findIndex((other) => sameWord(word, other));
    if (at >= 0) {
      shared += 1;
      unused.splice(at, 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}
