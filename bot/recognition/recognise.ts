import { deepFreeze } from '../kept';
import { mightNameDate } from './dates';
import { nameTable, type RecognitionNames } from './memo';
import { extractEntities, findIndicatorId, findUnknownCommittee } from './entities';
import { contentWords, correctSpelling, similarity } from './fuzzy';
import type { IntentRow } from './intents';
import { cleanText, normaliseText, phraseWords, words } from './normalise';
import type { Recognition } from './types';
import { vocabulariesFor } from './vocabulary';

/**
 * The offline language recogniser: one message in, one intent and its entities out.
 * Pure and synchronous: the same text, time and data always give the same answer.
 *
 * 1. Clean and normalise the text (first 500 characters; controls and markup dropped).
 * 2. Correct misspelt words against the known vocabulary ("nxt meting" -> "next meeting").
 * 3. Match the intent table (the features' definitions); the highest-priority matching row wins.
 * 4. Otherwise compare with the example phrasings of the rows that may be suggested and whose
 *    `unless` does not match; close enough wins.
 * 5. Otherwise: unknown, with the three closest examples as suggestions (and the committee named,
 *    when it is one the store does not hold).
 */
export interface RecognitionContext {
  now: Date;
  data: RecognitionNames;
}

/** Confidence reported for each way of recognising. */
export const SCORES = {
  pattern: 0.95,
  patternAfterCorrection: 0.85,
  indicatorName: 0.9,
  /** Multiplies the example similarity (0.5 to 1). */
  example: 0.8,
} as const;

/** Below this word overlap with every example, a message is not understood. */
export const EXAMPLE_THRESHOLD = 0.5;
export const SUGGESTION_COUNT = 3;

/** The table's example phrasings as content words, worked out once per table. */
const examplesByTable = new WeakMap<readonly IntentRow[], { row: IntentRow; examples: { text: string; words: string[] }[] }[]>();

function examplesOf(table: readonly IntentRow[]) {
  let examples = examplesByTable.get(table);
  if (!examples) {
    examples = table.map((row) => ({
      row,
      examples: row.examples.map((text) => ({ text, words: contentWords(phraseWords(text)) })),
    }));
    examplesByTable.set(table, examples);
  }
  return examples;
}

/** Recent recognitions kept per name lists and table (see recogniseWith); emptied when full. */
const RECENT_LIMIT = 1_000;

/**
 * Recognises `text` against `table` (the features' intent rows, bot/features/catalogue.ts).
 *
 * Recognitions of recent messages are kept, for the questions target in bench/README.md
 * (recognising is about a tenth of a question's turn in the server): buttons and suggestions
 * send the same words again and again. A recognition is a pure function of the cleaned text,
 * the table and the stored names, and of the clock only where the text might name a date; so
 * it is kept with the name lists it was made from (memo.ts: a change to them starts afresh),
 * and never where a date might be named. Recognitions are frozen: one is shared by every
 * message that repeats it.
 */
export function recogniseWith<I extends string>(table: readonly IntentRow<I>[], text: string, ctx: RecognitionContext): Recognition<I> {
  const clean = cleanText(text);
  const byTable = nameTable(ctx, 'recognitions', ['people', 'committees', 'indicators'], () => new Map<object, Map<string, unknown>>());
  let recent = byTable.get(table);
  if (!recent) {
    recent = new Map();
    byTable.set(table, recent);
  }
  const kept = recent.get(clean) as Recognition<I> | undefined;
  if (kept) return kept;
  const recognition = deepFreeze(recogniseClean(table, clean, ctx));
  if (!mightNameDate(clean)) {
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(clean, recognition);
  }
  return recognition;
}

function recogniseClean<I extends string>(table: readonly IntentRow<I>[], clean: string, ctx: RecognitionContext): Recognition<I> {
  const typed = normaliseText(clean)
    .split(' ')
    .filter((w) => w !== '');
  const corrected = correctSpelling(typed, vocabulariesFor(ctx, table));
  const norm = corrected.join(' ');
  const wasCorrected = corrected.some((w, i) => w !== typed[i]);

  const match = matchTable(table, norm, () => findIndicatorId(words(norm), ctx) !== undefined);
  if (match) {
    const score = match.byEntity ? SCORES.indicatorName : wasCorrected ? SCORES.patternAfterCorrection : SCORES.pattern;
    return intentResult(match.row, score, clean, norm, ctx);
  }

  // A row's `unless` words rule it out here too: close wording never makes it answer them. Rows
  // that are never suggested (clerks' commands) run only on their own words, never on wording
  // that is merely close: "attendance record for Councillor Abbas" must not unlink him.
  const candidates = (examplesOf(table) as { row: IntentRow<I>; examples: { text: string; words: string[] }[] }[]).filter(
    ({ row }) => row.suggest !== false && !row.unless?.some((p) => p.test(norm)),
  );
  const ranked = rankExamples(candidates, contentWords(words(norm)));
  const best = ranked[0];
  if (best && best.score >= EXAMPLE_THRESHOLD) {
    return intentResult(best.row, round(best.score * SCORES.example), clean, norm, ctx);
  }
  // A body the store does not hold, named where its meetings are meant ("papers for the planning
  // board"), is answered honestly rather than searched for in another committee's papers.
  const unknownCommittee = findUnknownCommittee(clean, ctx);
  return {
    kind: 'unknown',
    ...(unknownCommittee ? { unknownCommittee } : {}),
    suggestions: ranked
      .filter((r) => r.row.suggest !== false)
      .slice(0, SUGGESTION_COUNT)
      .map((r) => ({ label: r.row.label, text: r.example })),
  };
}

function intentResult<I extends string>(
  row: IntentRow<I>,
  score: number,
  clean: string,
  norm: string,
  ctx: RecognitionContext,
): Recognition<I> {
  const entities = extractEntities({ clean, norm, needs: row.entities ?? {}, now: ctx.now, data: ctx.data });
  return { kind: 'intent', intent: row.intent, entities, score };
}

/** A row with its patterns as one expression, where they can be joined. */
interface MatchRow<I extends string> {
  row: IntentRow<I>;
  /** Matches where any of the row's patterns does. */
  any: (text: string) => boolean;
}

/** The table's rows, highest priority first (priorities are unique), worked out once per table. */
const byPriority = new WeakMap<readonly IntentRow[], readonly MatchRow<string>[]>();

/**
 * One test for a list of patterns: their alternation, which matches exactly where one of them
 * does when they share their flags (none stateful) and refer to no numbered group; otherwise
 * each pattern in turn. Every message is tested against most rows.
 */
export function anyOf(patterns: readonly RegExp[]): (text: string) => boolean {
  const flags = patterns[0]?.flags ?? '';
  const joinable =
    patterns.length > 1 &&
    !/[gy]/.test(flags) &&
    patterns.every((p) => p.flags === flags && !/\\[1-9]|\\k<|\(\?<[A-Za-z_$]/.test(p.source));
  if (!joinable) return (text) => patterns.some((p) => p.test(text));
  const joined = new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), flags);
  return (text) => joined.test(text);
}

/** The highest-priority row whose patterns match (and no `unless` does). */
function matchTable<I extends string>(
  table: readonly IntentRow<I>[],
  norm: string,
  indicatorNamed: () => boolean,
): { row: IntentRow<I>; byEntity: boolean } | undefined {
  let rows = byPriority.get(table) as readonly MatchRow<I>[] | undefined;
  if (!rows) {
    rows = [...table].sort((a, b) => b.priority - a.priority).map((row) => ({ row, any: anyOf(row.patterns) }));
    byPriority.set(table, rows);
  }
  let named: boolean | undefined;
  for (const { row, any } of rows) {
    const byPattern = any(norm);
    const byEntity = !byPattern && row.orEntity === 'indicatorId' && (named ??= indicatorNamed());
    if (!byPattern && !byEntity) continue;
    if (row.unless?.some((p) => p.test(norm))) continue;
    return { row, byEntity };
  }
  return undefined;
}

/** Every row with its closest example, best first; table order breaks ties. */
function rankExamples<I extends string>(
  table: { row: IntentRow<I>; examples: { text: string; words: string[] }[] }[],
  message: string[],
): { row: IntentRow<I>; example: string; score: number }[] {
  const ranked = table.map(({ row, examples }) => {
    let best = { example: row.examples[0] ?? row.label, score: 0 };
    for (const example of examples) {
      const score = similarity(message, example.words);
      if (score > best.score) best = { example: example.text, score };
    }
    return { row, ...best };
  });
  return ranked.sort((a, b) => b.score - a.score); // Array.prototype.sort is stable
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
