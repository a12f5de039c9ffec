import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allowedEdits, correctSpelling, editDistance } from '../bot/recognition/fuzzy';
import { INTENT_TABLE } from '../bot/features/catalogue';
import { cleanText, normaliseText } from '../bot/recognition/normalise';
import { vocabulariesFor } from '../bot/recognition/vocabulary';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';

/**
 * The spelling corrector is kept cheap (reused rows in editDistance; words grouped by length and
 * skipped when their letters alone are too far off, or when they cannot beat the best so far).
 * That must change no answer: both are checked against the plain implementation they replaced,
 * kept here as the reference, on a large corpus of real words, misspellings and noise.
 */

// ---- The reference: editDistance and correctSpelling as they were before. ----
// Only change: Math.min and Math.abs are read once. Under Jest the code runs in a vm context,
// where reading a global (Math) in the innermost loop made this file take most of a minute.
const { abs, min } = Math;

function referenceEditDistance(a: string, b: string, max: number): number {
  if (abs(a.length - b.length) > max) return max + 1;
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
      let value = min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = min(value, rows[i - 2]![j - 2]! + 1);
      }
      row.push(value);
      rowMin = min(rowMin, value);
    }
    if (i > 0 && rowMin > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

function referenceCorrectSpelling(tokens: readonly string[], vocabularies: readonly ReadonlySet<string>[]): string[] {
  return tokens.map((token, index) => {
    if (index >= 60 || vocabularies.some((v) => v.has(token))) return token;
    if (token.length > 20 || !/^[a-z]+$/.test(token)) return token;
    const max = allowedEdits(token.length);
    if (max === 0) return token;
    let best: { word: string; distance: number; tier: number } | null = null;
    for (const [tier, vocabulary] of vocabularies.entries()) {
      for (const word of vocabulary) {
        const distance = referenceEditDistance(token, word, max);
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

// ---- The corpus. ----

let seed = 20240611;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const below = (n: number) => Math.floor(random() * n);
const pick = <T>(list: ArrayLike<T>): T => list[below(list.length)]!;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `word` with `edits` random edits: insert, delete, substitute or swap two neighbours. */
function misspell(word: string, edits: number): string {
  let w = word;
  for (let e = 0; e < edits; e += 1) {
    const at = below(w.length + 1);
    const kind = below(4);
    if (kind === 0 || w.length === 0) w = w.slice(0, at) + pick(LETTERS) + w.slice(at);
    else if (kind === 1) w = w.slice(0, Math.min(at, w.length - 1)) + w.slice(Math.min(at, w.length - 1) + 1);
    else if (kind === 2) {
      const i = Math.min(at, w.length - 1);
      w = w.slice(0, i) + pick(LETTERS) + w.slice(i + 1);
    } else if (w.length >= 2) {
      const i = Math.min(at, w.length - 2);
      w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    }
  }
  return w;
}

function randomWord(min: number, max: number, alphabet = LETTERS): string {
  let w = '';
  for (let n = min + below(max - min + 1); n > 0; n -= 1) w += pick(alphabet);
  return w;
}

/** Every string literal in the test files. */
function testFileLiterals(): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(__dirname, file), 'utf8');
    for (const match of source.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\$]|\\.)*`/g)) {
      const text = match[0].slice(1, -1);
      if (text.trim() !== '') found.add(text);
    }
  }
  return [...found];
}

/** The tokens recognise() would spell-check for a message. */
const tokensOf = (text: string): string[] =>
  normaliseText(cleanText(text))
    .split(' ')
    .filter((w) => w !== '');

const vocabularies = vocabulariesFor({ data: storeFromSeed(loadSeed()) }, INTENT_TABLE);
const vocabularyWords = [...new Set(vocabularies.flatMap((v) => [...v]))];
const messages = [...testFileLiterals(), ...INTENT_TABLE.flatMap((row) => row.examples)];

function corpusWords(): string[] {
  const words = new Set<string>(vocabularyWords);
  for (const text of messages) {
    for (const token of tokensOf(text)) words.add(token);
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(word);
  }
  for (const word of vocabularyWords) {
    for (let n = 0; n < 3; n += 1) words.add(misspell(word, 1));
    for (let n = 0; n < 3; n += 1) words.add(misspell(word, 2));
  }
  for (let n = 0; n < 2000; n += 1) words.add(randomWord(1, 24));
  for (let n = 0; n < 300; n += 1) words.add(randomWord(3, 12, 'aeinrst')); // close to many words
  return [...words];
}
const words = corpusWords();

/** The tokens where the two disagree, as "token: new vs reference". */
function disagreements(tokens: readonly string[], tiers: readonly ReadonlySet<string>[], reference = tiers): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const got = correctSpelling([token], tiers)[0];
    const expected = referenceCorrectSpelling([token], reference)[0];
    if (got !== expected) out.push(`${token}: ${got} vs ${expected}`);
  }
  return out;
}

describe('spelling correction: the same answers, cheaper', () => {
  test('When every corpus word is corrected against the seed vocabularies, then each answer is the reference one', () => {
    expect(words.length).toBeGreaterThan(9000);
    expect(disagreements(words, vocabularies)).toEqual([]);
    // Not vacuous: thousands of words are corrected, and thousands are left alone.
    const corrected = words.filter((w) => referenceCorrectSpelling([w], vocabularies)[0] !== w).length;
    expect(corrected).toBeGreaterThan(3000);
    expect(words.length - corrected).toBeGreaterThan(3000);
  });

  test('When whole messages are corrected, then each is the reference answer, past the 60th word too', () => {
    const texts = [...messages, words.slice(0, 200).join(' '), words.slice(-90).join(' ')];
    const mismatches = texts.filter((text) => {
      const tokens = tokensOf(text);
      return JSON.stringify(correctSpelling(tokens, vocabularies)) !== JSON.stringify(referenceCorrectSpelling(tokens, vocabularies));
    });
    expect(mismatches).toEqual([]);
  });

  test('When the vocabularies are built in another order, then no answer changes (the tie-breaks decide, not the order)', () => {
    const reversed = vocabularies.map((v) => new Set([...v].reverse()));
    const sample = words.filter((_, i) => i % 3 === 0);
    expect(disagreements(sample, reversed, vocabularies)).toEqual([]);
  });

  test('When the tiers overlap, hold odd words, are empty, or are three, then each answer is the reference one', () => {
    const [intentWords, other] = vocabularies as [ReadonlySet<string>, ReadonlySet<string>];
    const odd = new Set(['o&s', '10', '000', 'café', 'zoë', 'q3', 'x', 'ab', 'clerk', 'clark', 'meeting', 'meetings']);
    const shuffled = [...other].sort(() => random() - 0.5);
    const tiersList: ReadonlySet<string>[][] = [
      [other, intentWords],
      [odd, intentWords, other],
      [new Set(shuffled.slice(0, 300)), new Set(shuffled.slice(200)), intentWords],
      [new Set(), odd, new Set()],
      [],
    ];
    const sample = [...words.filter((_, i) => i % 4 === 0), 'oxs', 'ows', 'cafe', 'zoe', 'qqq', 'clerc', 'meetinsg'];
    for (const tiers of tiersList) expect(disagreements(sample, tiers)).toEqual([]);
  });

  test('When a vocabulary gains a word after it was used, then the word is found', () => {
    const vocabulary = new Set(['meeting', 'agenda']);
    expect(correctSpelling(['zorblat'], [vocabulary])).toEqual(['zorblat']);
    vocabulary.add('zorblet');
    expect(correctSpelling(['zorblat'], [vocabulary])).toEqual(['zorblet']);
  });

  test('When familiar misspellings are corrected, then the known answers come back', () => {
    const tokens = ['nxt', 'meting', 'clark', 'agnda', 'apologys', 'xyzzy', 'qwrtpl', 'mnbvc'];
    expect(correctSpelling(tokens, vocabularies)).toEqual(referenceCorrectSpelling(tokens, vocabularies));
    expect(correctSpelling(['nxt', 'meting', 'clark'], vocabularies)).toEqual(['next', 'meeting', 'clerk']);
  });
});

describe('editDistance: the same numbers without a table per call', () => {
  test('When random pairs are measured with max 0 to 3 (and a few larger), then each result is the reference one', () => {
    const pairs: [string, string][] = [];
    for (let n = 0; n < 6000; n += 1) {
      const word = pick(vocabularyWords);
      pairs.push([word, misspell(word, 1 + below(3))], [misspell(word, 1), word], [word, pick(vocabularyWords)]);
    }
    for (let n = 0; n < 6000; n += 1) pairs.push([randomWord(0, 8, 'ab'), randomWord(0, 8, 'ab')]);
    for (let n = 0; n < 3000; n += 1) pairs.push([randomWord(0, 10, 'abc'), randomWord(0, 10, 'abc')]);
    // Long strings (the reused rows must grow) between short ones, and odd characters.
    for (let n = 0; n < 200; n += 1) {
      const long = randomWord(30, 80, 'abcd');
      pairs.push([long, misspell(long, 2)], [misspell(long, 1), long], ['ab', 'ba']);
    }
    pairs.push(['', ''], ['', 'a'], ['a', ''], ['café', 'cafe'], ['o&s', 'ows'], ['😀a', 'a😀'], ['abcdef', 'cdefgh']);

    const mismatches: string[] = [];
    let within = 0;
    for (const [a, b] of pairs) {
      for (const max of [0, 1, 2, 3, below(10)]) {
        const got = editDistance(a, b, max);
        const expected = referenceEditDistance(a, b, max);
        if (got !== expected) mismatches.push(`${a} ${b} ${max}: ${got} vs ${expected}`);
        if (expected <= max) within += 1;
      }
    }
    expect(mismatches).toEqual([]);
    expect(within).toBeGreaterThan(20_000); // not all early exits
  });
});
