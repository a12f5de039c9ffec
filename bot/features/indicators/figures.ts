import { formatShortDate } from '../../format';
import { cleanText } from '../shared/text';
import type { IndicatorValue } from '../../store/repository';
import type { Comparator, Indicator } from '../../store/schema';
import { formatIndicatorValue } from './indicators';
import { parsePeriod, PERIOD_EXAMPLES } from './periods';

/**
 * Checking a new or corrected figure, whoever gives it (a message, the form card, a confirm
 * button, a CSV row): everything arrives as text and is checked against the indicator. The
 * period must be one of the indicator's cycle, over by the report date, and after the latest
 * figure (or, for a correction, one already recorded); the value must be a number in the
 * indicator's unit and range; every comparator must be named. Problems are sentences a person
 * can act on; nothing is saved while there is one.
 */
export interface RawComparator {
  name: string;
  value: string;
  period: string;
}

export interface RawFigure {
  period: string;
  value: string;
  count: string;
  comparators: RawComparator[];
  /** Empty: the default source (a correction keeps the figure's own). */
  source: string;
  /** YYYY-MM-DD, "15 May 2024" or "15/05/2024"; empty: today. */
  asAt: string;
}

export type FigureMode = 'record' | 'correct';

export type FigureCheck = { ok: true; value: IndicatorValue } | { ok: false; problems: string[] };

export const MAX_SOURCE = 300;
const MAX_NAME = 100;
const MAX_PERIOD_TEXT = 60;
export const MAX_COMPARATORS = 10;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A real calendar date as YYYY-MM-DD, from ISO, "15 May 2024" or "15/05/2024"; null otherwise. */
export function parseDay(text: string): string | null {
  const t = text.trim().toLowerCase();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})$/.exec(t))) {
    const word = match[2]!;
    m = MONTHS.findIndex((name) => name === word || (word.length >= 3 && name.startsWith(word))) + 1;
    [d, y] = [Number(match[1]), Number(match[3])];
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

type UnitKind = { kind: 'percent' } | { kind: 'rate'; per: number } | { kind: 'count'; words: string };

function unitKind(unit: string): UnitKind {
  const u = unit.trim().toLowerCase();
  if (u === '%' || /^per ?cent$/.test(u)) return { kind: 'percent' };
  const per = /^per (\d[\d,]*)\b/.exec(u);
  if (per) return { kind: 'rate', per: Number(per[1]!.replace(/,/g, '')) };
  return { kind: 'count', words: u };
}

const singular = (w: string) => w.replace(/(?:ren|s)$/, '');

/** Whether the unit typed after a number fits the indicator's unit ("" always does). */
function unitFits(typed: string, unit: string): boolean {
  const t = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return true;
  const want = unitKind(unit);
  const got = unitKind(t);
  if (want.kind !== got.kind) return false;
  if (want.kind === 'rate' && got.kind === 'rate') {
    const rest = t.replace(/^per [\d,]+\s*/, '');
    return (
      want.per === got.per && (rest === '' || unit.toLowerCase().includes(rest) || singular(unit.toLowerCase()).includes(singular(rest)))
    );
  }
  if (want.kind === 'count' && got.kind === 'count') {
    const a = want.words.split(' ').map(singular);
    const b = got.words.split(' ').map(singular);
    return b.every((w) => a.includes(w)) || a.every((w) => b.includes(w));
  }
  return true;
}

/** How the indicator is measured, for messages: "per 10,000 children", "as a percentage", "in children". */
export function unitPhrase(unit: string): string {
  const kind = unitKind(unit);
  if (kind.kind === 'percent') return 'as a percentage';
  if (kind.kind === 'rate') return unit;
  return unit ? `in ${unit}` : 'as a number';
}

/** A number and whatever follows it: "32 per 10,000" → 32, "per 10,000". */
function splitAmount(text: string): { number: number; unit: string } | null {
  const m = /^\s*(-?\d[\d,]*(?:\.\d+)?|-?\.\d+)\s*(.*?)\s*$/.exec(text);
  if (!m) return null;
  const digits = m[1]!.replace(/,(?=\d{3}\b)/g, '');
  if (/,/.test(digits)) return null;
  const number = Number(digits);
  return Number.isFinite(number) ? { number, unit: m[2]! } : null;
}

/** A figure in `unit`: the number, or why it is not one. */
function amount(text: string, unit: string, what: string): { ok: true; value: number } | { ok: false; problem: string } {
  const split = splitAmount(text);
  if (!split) return { ok: false, problem: `${what} "${text.slice(0, 40)}" is not a number.` };
  if (!unitFits(split.unit, unit)) {
    return { ok: false, problem: `${what} is given in "${split.unit.slice(0, 40)}", but it is measured ${unitPhrase(unit)}.` };
  }
  const kind = unitKind(unit);
  const v = split.number;
  if (kind.kind === 'percent' && (v < 0 || v > 100))
    return { ok: false, problem: `${what} must be a percentage from 0 to 100 (not ${v}).` };
  if (kind.kind === 'rate' && (v < 0 || v > kind.per)) {
    return { ok: false, problem: `${what} must be a rate ${unit} from 0 to ${kind.per.toLocaleString('en-GB')} (not ${v}).` };
  }
  if (kind.kind === 'count' && (v < 0 || !Number.isInteger(v)))
    return { ok: false, problem: `${what} must be a whole number, 0 or more (not ${v}).` };
  return { ok: true, value: v };
}

/** The unit of the count that goes with the indicator's figures ("children"), when it has one. */
export function countUnitOf(indicator: Indicator): string | null {
  return [...indicator.series].reverse().find((p) => p.count)?.count?.unit ?? null;
}

/** Typed text kept as typed, on one line and bounded. */
const clean = (text: string, max: number) => cleanText(text.replace(/\s+/g, ' '), max);

/** Checks `raw` for `indicator`; `today` is the clock's London date. */
export function checkFigure(
  indicator: Indicator,
  raw: RawFigure,
  options: { mode: FigureMode; today: string; defaultSource: string },
): FigureCheck {
  const problems: string[] = [];
  const name = indicator.name;
  const period = indicator.cycle ? parsePeriod(raw.period, indicator.cycle) : null;
  if (!indicator.cycle) problems.push(`${name} has no reporting cycle set, so I cannot place a new figure; please ask the clerk.`);
  else if (!period) {
    problems.push(
      `"${clean(raw.period, MAX_PERIOD_TEXT) || '(no period)'}" is not a period of ${name}, which is reported ${indicator.cycle}: name ${PERIOD_EXAMPLES[indicator.cycle]}.`,
    );
  }
  const existing = period ? indicator.series.find((p) => p.period === period.label) : undefined;
  const latest = [...indicator.series].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd)).at(-1);
  if (period && options.mode === 'record') {
    if (existing) {
      problems.push(
        `A figure for ${period.label} is already recorded (${formatIndicatorValue(existing.value, indicator.unit)}). To change it, say "correct ${indicator.aliases[0] ?? name} for ${period.label} to ..." and it is kept in the history.`,
      );
    } else if (latest && latest.periodEnd >= period.end) {
      problems.push(
        `${period.label} is not after the latest figure (${latest.period}); figures are recorded in order. To change an earlier figure, say "correct ${indicator.aliases[0] ?? name} for ${latest.period} to ...".`,
      );
    }
  }
  if (period && options.mode === 'correct' && !existing) {
    problems.push(`No figure for ${period.label} is recorded for ${name}, so there is nothing to correct.`);
  }

  const value = amount(raw.value, indicator.unit, 'The value');
  if (raw.value.trim() === '') problems.push(`The value is missing: give it ${unitPhrase(indicator.unit)}.`);
  else if (!value.ok) problems.push(value.problem);

  const countUnit = countUnitOf(indicator);
  let count: IndicatorValue['count'];
  if (raw.count.trim() !== '') {
    if (!countUnit) problems.push(`${name} has no count alongside its figures, so "${clean(raw.count, 40)}" cannot be recorded.`);
    else {
      const c = amount(raw.count, countUnit, 'The count');
      if (c.ok) count = { value: c.value, unit: countUnit };
      else problems.push(c.problem);
    }
  } else if (options.mode === 'correct' && existing?.count) count = existing.count;

  let asAt = options.today;
  if (raw.asAt.trim() !== '') {
    const day = parseDay(raw.asAt);
    if (!day) problems.push(`"${clean(raw.asAt, 40)}" is not a date; give the as-at date like 15 May 2024.`);
    else asAt = day;
  }
  if (asAt > options.today) problems.push(`The as-at date ${formatShortDate(asAt)} is in the future.`);
  else if (period && asAt < period.end) {
    problems.push(
      period.end > options.today
        ? `${period.label} has not ended yet (it ends on ${formatShortDate(period.end)}), so it has no figure yet.`
        : `The as-at date ${formatShortDate(asAt)} is before ${period.label} ended (${formatShortDate(period.end)}).`,
    );
  }

  const sourceText = clean(raw.source, MAX_SOURCE);
  const source = sourceText
    ? { document: sourceText }
    : options.mode === 'correct' && existing
      ? existing.source
      : { document: options.defaultSource };

  const comparators: Comparator[] = [];
  if (raw.comparators.length > MAX_COMPARATORS) problems.push(`At most ${MAX_COMPARATORS} comparators can go with a figure.`);
  raw.comparators.slice(0, MAX_COMPARATORS).forEach((c, i) => {
    const label = clean(c.name, MAX_NAME);
    if (!label && !c.value.trim() && !c.period.trim()) return;
    const which = label ? `The comparator "${label}"` : `Comparator ${i + 1}`;
    if (!label) problems.push(`${which} has no name: say who or what it is (for example "Statistical neighbours").`);
    if (!c.value.trim()) {
      problems.push(`${which} has no value.`);
      return;
    }
    const v = amount(c.value, indicator.unit, `${which}'s value`);
    if (!v.ok) problems.push(v.problem);
    else if (label) {
      const p = clean(c.period, MAX_PERIOD_TEXT);
      comparators.push({ name: label, value: v.value, ...(p ? { period: p } : {}), source });
    }
  });
  // A correction that names no comparators keeps the figure's own (or the indicator's, for the papers' figures).
  const keptComparators = comparators.length === 0 && options.mode === 'correct' ? existing?.comparators : comparators;

  if (problems.length > 0 || !period || !value.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      period: period.label,
      periodEnd: period.end,
      value: value.value,
      ...(count ? { count } : {}),
      asAt,
      source,
      ...(keptComparators ? { comparators: keptComparators } : {}),
    },
  };
}
