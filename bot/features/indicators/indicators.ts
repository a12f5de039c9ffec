import type { CardViewModel } from '../../cards/render';
import { formatNumber, formatShortDate, londonDate } from '../../format';
import type { Actor, Comparator, Indicator, IndicatorPoint, Source } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { fitPage, shorten } from '../shared/paging';
import { overdueText } from './periods';

/**
 * Performance indicators: "what's the CP rate", "list indicators".
 *
 * Only figures already reported at the clock's London date count: a point whose `asAt` is later
 * than today was not yet known, so it is neither shown nor compared with. A comparator counts
 * once a figure from the same document has been reported (or when its document is not one any
 * point of the series came from, i.e. its report date is not known to us).
 */

/** How many indicators one list card shows; 27 compact rows stay well under 28 KB. */
export const INDICATORS_PER_PAGE = 30;

export interface IndicatorFact {
  title: string;
  value: string;
}

/** One row of the bar chart: a label, a bar as weighted column widths (0-100), the value. */
export interface IndicatorBar {
  label: string;
  valueText: string;
  /** Weight of the filled part, "0".."100" ("0" hides it). */
  bar: string;
  /** Weight of the empty remainder, "0".."100" ("0" hides it). */
  rest: string;
}

export interface IndicatorView extends CardViewModel {
  title: string;
  latestLabel: string;
  latestValue: string;
  /** "Q3 2023/24, 135 children" */
  latestDetail: string;
  changeHeading: string;
  /** "Up from 24 in 2022/23"; empty when there is no earlier figure. */
  changeText: string;
  /** Whether the change is good, in words; never colour alone. */
  judgementText: string;
  /** Semantic colour for the judgement: Good, Attention or Default. */
  judgementColour: 'Good' | 'Attention' | 'Default';
  previousHeading: string;
  /** Earlier figures, oldest first: period → value. */
  previous: IndicatorFact[];
  comparisonHeading: string;
  /** "Below statistical neighbours (39) and national (53)." Empty when no comparators. */
  comparisonText: string;
  comparators: IndicatorFact[];
  chartHeading: string;
  bars: IndicatorBar[];
  /** The chart's figures as a sentence, for screen readers and where the chart cannot show. */
  chartText: string;
  description: string;
  sourceHeading: string;
  sources: string[];
  /** "As at 31 December 2023" */
  asAt: string;
  /** "Recorded by Janet Simon on 1 May 2024." Empty for figures taken from the papers. */
  recordedText: string;
  /** "Corrected on 2 May 2024; it was 30 per 10,000 children." Empty when never corrected. */
  correctedText: string;
  /** "Possibly out of date: ..." when the next period's figure is overdue; else empty. */
  staleText: string;
  listButton: { label: string; text: string };
}

export interface IndicatorListRow {
  name: string;
  /** "30 per 10,000 children, Q3 2023/24" or "not yet reported" */
  latest: string;
  /** The single-indicator card's "Possibly out of date: ..." (overdueText); empty when current. */
  staleText: string;
  /** Button title and the question it sends. */
  buttonLabel: string;
  buttonTooltip: string;
  question: string;
}

export interface IndicatorListView extends CardViewModel {
  title: string;
  /** "I don't have that indicator; here are the ones I know." (empty when not needed) */
  intro: string;
  countText: string;
  rows: IndicatorListRow[];
  hasMore: boolean;
  moreLabel: string;
  nextOffset: number;
}

const LIST_TEMPLATE = 'indicator-list';
const INDICATOR_TEMPLATE = 'indicator';

/** "30 per 10,000 children", "18.4%", "292 children". */
export function formatIndicatorValue(value: number, unit: string): string {
  const number = formatNumber(value);
  if (unit === '%') return `${number}%`;
  return unit.trim() === '' ? number : `${number} ${unit}`;
}

/** "18.4%" keeps its percent sign; other units are named once in the chart heading. */
function shortValue(value: number, unit: string): string {
  return unit === '%' ? `${formatNumber(value)}%` : formatNumber(value);
}

/** "at Q3 2023/24" reads better than "in Q3 2023/24"; years and months take "in". */
function periodPhrase(period: string): string {
  return /^Q\d/i.test(period) ? `at ${period}` : `in ${period}`;
}

/** Points reported on or before the London date of `now`, oldest period first. */
export function knownPoints(indicator: Indicator, now: Date): IndicatorPoint[] {
  const today = londonDate(now);
  return indicator.series
    .filter((p) => p.asAt <= today)
    .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd) || a.asAt.localeCompare(b.asAt));
}

/** A figure recorded with its own comparators is compared with those; the papers' figures with the indicator's. */
function knownComparators(indicator: Indicator, known: IndicatorPoint[]): Comparator[] {
  const own = known.at(-1)?.comparators;
  if (own) return own;
  const knownDocs = new Set(known.map((p) => p.source.document));
  const seriesDocs = new Set(indicator.series.map((p) => p.source.document));
  return indicator.comparators.filter((c) => knownDocs.has(c.source.document) || !seriesDocs.has(c.source.document));
}

/** Generic comparator names read in lower case mid-sentence; places keep their capitals. */
function comparatorInSentence(name: string): string {
  return /^(statistical|national|regional|programme|target|england average)\b/i.test(name)
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : name;
}

function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

function sourceLine(source: Source): string {
  const parts = [source.document];
  if (source.section) parts.push(source.section);
  if (source.page) parts.push(/[-–]/.test(source.page) ? `pages ${source.page}` : `page ${source.page}`);
  return parts.join(', ');
}

type Direction = 'up' | 'down' | 'same';

function judge(polarity: Indicator['polarity'], direction: Direction): Pick<IndicatorView, 'judgementText' | 'judgementColour'> {
  if (direction === 'same') return { judgementText: 'No change from the previous figure.', judgementColour: 'Default' };
  if (polarity === 'neutral') {
    return {
      judgementText: `A ${direction === 'up' ? 'rise' : 'fall'} in this figure is neither good nor bad in itself; it needs the context in the report.`,
      judgementColour: 'Default',
    };
  }
  const better = (polarity === 'higher-is-better') === (direction === 'up');
  const rule = polarity === 'higher-is-better' ? 'higher is better' : 'lower is better';
  return better
    ? { judgementText: `Better: ${rule} for this indicator.`, judgementColour: 'Good' }
    : { judgementText: `Worse: ${rule} for this indicator.`, judgementColour: 'Attention' };
}

function difference(who: string, ours: number, theirs: number, unit: string): string {
  const gap = Math.abs(ours - theirs);
  const amount = unit === '%' ? `${formatNumber(gap)} percentage points` : formatNumber(gap);
  if (ours === theirs) return `${who} is the same`;
  return `${who} is ${amount} ${ours < theirs ? 'lower' : 'higher'}`;
}

function comparedWording(polarity: Indicator['polarity'], ours: number, theirs: number): string {
  if (polarity === 'neutral' || ours === theirs) return '';
  const better = polarity === 'higher-is-better' ? ours > theirs : ours < theirs;
  return better ? ', which is better' : ', which is worse';
}

/** Bars share one scale: the largest value shown is the full width. */
function bars(rows: { label: string; value: number }[], unit: string): IndicatorBar[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  return rows.map((r) => {
    let filled = max > 0 ? Math.round((Math.max(0, r.value) / max) * 100) : 0;
    if (r.value > 0 && filled === 0) filled = 1;
    return { label: r.label, valueText: shortValue(r.value, unit), bar: String(filled), rest: String(100 - filled) };
  });
}

/** "What's the CP rate": the latest known figure, its trend, comparators and source. */
export async function indicator(ctx: AskContext, q: { indicatorId?: string }): Promise<Answer> {
  const found = q.indicatorId ? await ctx.records.indicators.get(q.indicatorId) : undefined;
  if (!found) {
    return listIndicators(ctx, { intro: "I don't have that indicator; here are the ones I know." });
  }
  const view = indicatorView(found, { now: ctx.now, councilName: await ctx.records.council.name() });
  if (!view) {
    const today = formatShortDate(londonDate(ctx.now));
    return messageAnswer(
      found.name,
      [`No figure for ${found.name} had been reported by ${today}.`],
      [{ label: 'All indicators', text: 'list indicators' }],
    );
  }
  return { template: INDICATOR_TEMPLATE, view };
}

/** Who recorded a figure, as the card names them. */
function recorder(actor: Actor): string {
  return actor.name ?? actor.personId ?? 'someone';
}

/** The indicator card's view at `now`, or null when no figure was known then. */
export function indicatorView(found: Indicator, at: { now: Date; councilName: string }): IndicatorView | null {
  const known = knownPoints(found, at.now);
  const latest = known[known.length - 1];
  if (!latest) return null;
  const earlier = known.slice(0, -1);
  const previousPoint = earlier[earlier.length - 1];
  const unit = found.unit;
  const latestValue = formatIndicatorValue(latest.value, unit);
  const countText = latest.count ? formatIndicatorValue(latest.count.value, latest.count.unit) : '';

  let changeText = '';
  let judgement: Pick<IndicatorView, 'judgementText' | 'judgementColour'> = { judgementText: '', judgementColour: 'Default' };
  if (previousPoint) {
    const direction: Direction = latest.value > previousPoint.value ? 'up' : latest.value < previousPoint.value ? 'down' : 'same';
    const previous = `${shortValue(previousPoint.value, unit)} ${periodPhrase(previousPoint.period)}`;
    changeText =
      direction === 'same'
        ? `The same as ${periodPhrase(previousPoint.period)} (${shortValue(previousPoint.value, unit)})`
        : `${direction === 'up' ? 'Up' : 'Down'} from ${previous}`;
    judgement = judge(found.polarity, direction);
  }

  const comparators = knownComparators(found, known);
  const relations: { word: 'Below' | 'Above' | 'The same as'; names: string[] }[] = [];
  for (const c of comparators) {
    const word = latest.value < c.value ? 'Below' : latest.value > c.value ? 'Above' : 'The same as';
    const phrase = `${comparatorInSentence(c.name)} (${shortValue(c.value, unit)})`;
    const group = relations.find((r) => r.word === word);
    if (group) group.names.push(phrase);
    else relations.push({ word, names: [phrase] });
  }
  const comparisonText = relations.map((r, i) => `${i === 0 ? r.word : r.word.toLowerCase()} ${joinWithAnd(r.names)}`).join('; ');

  const chartRows = [
    ...known.map((p) => ({ label: p === latest ? `${p.period} (latest)` : p.period, value: p.value })),
    ...comparators.map((c) => ({ label: c.period ? `${c.name} (${c.period})` : c.name, value: c.value })),
  ];
  const chartUnit = unit === '%' ? 'per cent' : unit;
  const chartText = `The bars show (${chartUnit}): ${chartRows.map((r) => `${r.label}: ${shortValue(r.value, unit)}`).join('; ')}.`;

  const sources = [...new Set([sourceLine(latest.source), ...comparators.map((c) => sourceLine(c.source))])];
  const asAt = `As at ${formatShortDate(latest.asAt)}`;

  const countInSummary = !countText ? '' : countText.includes('(') ? `, ${countText}` : ` (${countText})`;
  const summaryParts = [`${found.name}: ${latestValue} ${periodPhrase(latest.period)}${countInSummary}`];
  if (previousPoint) summaryParts[0] += `, ${changeText.charAt(0).toLowerCase()}${changeText.slice(1)}`;
  if (comparators.length > 0) {
    summaryParts.push(comparators.map((c) => `${comparatorInSentence(c.name)} ${shortValue(c.value, unit)}`).join(', '));
  }
  const recordedText =
    latest.recordedBy && latest.recordedAt
      ? `Recorded by ${recorder(latest.recordedBy)} on ${formatShortDate(londonDate(new Date(latest.recordedAt)))}.`
      : '';
  const lastCorrection = latest.corrections?.at(-1);
  const correctedText = lastCorrection
    ? `Corrected on ${formatShortDate(londonDate(new Date(lastCorrection.correctedAt)))}; it was ${formatIndicatorValue(lastCorrection.value, unit)}.`
    : '';
  const staleText = overdueText(found, latest, at.now);
  const summary = [`${summaryParts.join('; ')}. ${asAt}.`, recordedText, correctedText, staleText].filter((t) => t !== '').join(' ');

  const view: IndicatorView = {
    summary,
    title: found.name,
    latestLabel: 'Latest figure',
    latestValue,
    latestDetail: [latest.period, countText].filter((s) => s !== '').join(', '),
    changeHeading: 'Change',
    changeText: previousPoint ? `${changeText}.` : '',
    ...judgement,
    previousHeading: 'Earlier figures',
    previous: earlier.map((p) => ({ title: p.period, value: formatIndicatorValue(p.value, unit) })),
    comparisonHeading: 'Compared with others',
    comparisonText: comparisonText ? `${comparisonText}.` : '',
    comparators: comparators.map((c) => ({
      title: c.period ? `${c.name} (${c.period})` : c.name,
      value: `${formatIndicatorValue(c.value, unit)}; ${difference(at.councilName, latest.value, c.value, unit)}${comparedWording(found.polarity, latest.value, c.value)}`,
    })),
    chartHeading: `At a glance (${chartUnit})`,
    bars: bars(chartRows, unit),
    chartText,
    description: found.description ?? '',
    sourceHeading: 'Source',
    sources,
    asAt,
    recordedText,
    correctedText,
    staleText,
    listButton: { label: 'All indicators', text: 'list indicators' },
  };
  return view;
}

/** The question a list button asks: the indicator's first alias, which the recogniser knows. */
function questionFor(ind: Indicator): string {
  return ind.aliases[0] ?? `what's the ${ind.name}?`;
}

/** "List indicators": every indicator with its latest known figure and a button to ask about it. */
export async function listIndicators(ctx: AskContext, q: { offset?: number; intro?: string } = {}): Promise<Answer> {
  const all = await ctx.records.indicators.list();
  const total = all.length;
  if (total === 0) {
    return messageAnswer('Indicators', ['I have no indicators yet.']);
  }
  const intro = shorten(q.intro ?? '', 600).text;
  const view = fitPage<Indicator, IndicatorListView>(
    LIST_TEMPLATE,
    all,
    q.offset,
    () => ({ verb: 'indicators.more' }),
    (pageOf) => {
      const page = pageOf.rows;
      const { offset, end } = pageOf;
      const rows: IndicatorListRow[] = page.map((ind) => {
        const latest = knownPoints(ind, ctx.now).at(-1);
        const question = questionFor(ind);
        const name = shorten(ind.name, 200).text;
        return {
          name,
          latest: shorten(latest ? `${formatIndicatorValue(latest.value, ind.unit)}, ${latest.period}` : 'not yet reported', 200).text,
          staleText: latest ? shorten(overdueText(ind, latest, ctx.now), 300).text : '',
          buttonLabel: shorten(question.charAt(0).toUpperCase() + question.slice(1), 100).text,
          buttonTooltip: `Show the figures for ${name}`,
          question,
        };
      });
      const paged = total > page.length;
      const countText = paged
        ? `${total} indicators; showing ${offset + 1} to ${end}.`
        : `${total} indicator${total === 1 ? '' : 's'}. Choose one for its trend, comparators and source.`;
      return {
        summary: `${intro ? `${intro} ` : ''}I have figures for ${total} indicator${total === 1 ? '' : 's'}${
          paged ? ` (showing ${offset + 1} to ${end})` : ''
        }, including ${joinWithAnd(page.slice(0, 3).map((i) => shorten(i.name, 200).text))}.`,
        title: 'Indicators',
        intro,
        countText,
        rows,
        hasMore: pageOf.view.hasMore,
        moreLabel: `Show more (${end + 1} to ${Math.min(total, end + INDICATORS_PER_PAGE)} of ${total})`,
        nextOffset: end,
      };
    },
    INDICATORS_PER_PAGE,
  );
  return { template: LIST_TEMPLATE, view };
}
