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
 * Rows of the distance table, reused by every call (the recogniser is synchronous, so no two
 * calls overlap): allocating a table per call was most of the spelling corrector's cost.
 */
let rowLength = 32;
let rows = [new Int32Array(rowLength), new Int32Array(rowLength), new Int32Array(rowLength)] as const;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), giving up early:
 * returns max + 1 as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a.length - b.length > max || b.length - a.length > max) return max + 1;
  if (a === b) return 0;
  if (b.length + 1 > rowLength) {
    rowLength = Math.max(b.length + 1, rowLength * 2);
    rows = [new Int32Array(rowLength), new Int32Array(rowLength), new Int32Array(rowLength)];
  }
  // A transposition looks two rows back, so three rows are enough: i - 2, i - 1 and i.
  let older = rows[0];
  let previous = rows[1];
  let row = rows[2];
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let value = previous[j - 1]! + (ai === bj ? 0 : 1);
      if (previous[j]! + 1 < value) value = previous[j]! + 1;
      if (row[j - 1]! + 1 < value) value = row[j - 1]! + 1;
      if (i > 1 && j > 1 && aBefore === bj && ai === b.charCodeAt(j - 2) && older[j - 2]! + 1 < value) {
        value = older[j - 2]! + 1;
      }
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = older;
    older = previous;
    previous = row;
    row = spare;
  }
  return previous[b.length]!;
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
    return closestWord(token, vocabularies, max) ?? token;
  });
}

/**
 * The best word within `max` edits of `token` (a-z only, in no vocabulary), by the order above.
 * That order is total (distance, tier, length, then the word), so the answer does not depend on
 * the order words are looked at, and a word that cannot beat the best so far is skipped unseen.
 */
function closestWord(token: string, vocabularies: readonly ReadonlySet<string>[], max: number): string | undefined {
  const tokenLetters = letterMask(token);
  let best: string | undefined;
  let bestDistance = max + 1;
  /** Most edits a word may be away and still beat the best so far. */
  let limit = max;
  for (let tier = 0; tier < vocabularies.length; tier += 1) {
    // A later tier must be strictly closer.
    if (best !== undefined) limit = bestDistance - 1;
    // The token is in no vocabulary, so no word is 0 edits away.
    if (limit < 1) return best;
    const byLength = indexOf(vocabularies[tier]!);
    // Nearest lengths first (0, +1, -1, +2, -2): a close word found early narrows the search.
    for (let offset = 0; offset <= max; offset = offset > 0 ? -offset : 1 - offset) {
      const group = offset <= limit && -offset <= limit ? byLength[token.length + offset] : undefined;
      if (!group) continue;
      for (let k = 0; k < group.words.length; k += 1) {
        const letters = group.letters[k]!;
        // Each letter one word has and the other lacks costs an edit: a cheap lower bound.
        if (bitCount(tokenLetters & ~letters) > limit || bitCount(letters & ~tokenLetters) > limit) continue;
        const word = group.words[k]!;
        const distance = editDistance(token, word, limit);
        if (distance > limit) continue;
        // Equal distance only gets here from the best's own tier: then the longer, then the earlier word.
        if (distance < bestDistance || word.length > best!.length || (word.length === best!.length && word < best!)) {
          best = word;
          bestDistance = distance;
          limit = distance;
        }
      }
    }
  }
  return best;
}

/** A vocabulary's words grouped by length, with the letters each uses (see letterMask). */
interface LengthGroup {
  words: string[];
  letters: number[];
}

/**
 * Built once per vocabulary (vocabularies are rebuilt, never changed, when the store's names
 * change); the size check catches a set that was added to after all.
 */
const indexes = new WeakMap<ReadonlySet<string>, { size: number; byLength: (LengthGroup | undefined)[] }>();

function indexOf(vocabulary: ReadonlySet<string>): (LengthGroup | undefined)[] {
  const known = indexes.get(vocabulary);
  if (known && known.size === vocabulary.size) return known.byLength;
  const byLength: (LengthGroup | undefined)[] = [];
  for (const word of vocabulary) {
    const group = (byLength[word.length] ??= { words: [], letters: [] });
    group.words.push(word);
    group.letters.push(letterMask(word));
  }
  indexes.set(vocabulary, { size: vocabulary.size, byLength });
  return byLength;
}

/** One bit per letter a-z used in the word, and bit 26 for anything else (a digit, "&", "é"). */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i) - 97;
    mask |= code >= 0 && code < 26 ? 1 << code : 1 << 26;
  }
  return mask;
}

/** Bits set in a 27-bit mask. */
function bitCount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  n = (n + (n >>> 4)) & 0x0f0f0f0f;
  n += n >>> 8;
  n += n >>> 16;
  return n & 0x3f;
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
