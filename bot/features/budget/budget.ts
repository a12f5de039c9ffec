import type { CardViewModel } from '../../cards/render';
import { formatPounds, londonDate } from '../../format';
import type { BudgetLine, Source } from '../../store/schema';
import { messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { fitPage, shorten } from '../shared/paging';

/**
 * The budget figures the papers give: "children's social care budget", "how much is spent on the
 * youth offending service", "biggest budget lines", "total budget for 2023/24".
 *
 * Amounts are whole pounds as printed ("£4,595,917"), always with their financial year and the
 * paper they come from; summaries (read aloud, shown in notifications) say them the British way
 * ("£4.6 million", formatRoughAmount), and the card shows that beside the exact figure. A total is shown as the paper states it, beside the sum of the lines
 * printed under it, and the card says when the two differ: the bot never corrects a paper.
 * A line the store does not hold gets an honest "I don't hold a budget line for ..." and the
 * lines it does hold as buttons, never a different line.
 */

export const BUDGET_TEMPLATE = 'budget';
/** Rows on one list card at most (fitPage keeps the card under 28 KB whatever is stored). */
export const BUDGET_LINES_PER_PAGE = 12;
/** Buttons offered when a line is not held. */
const MAX_OFFERED = 8;

export interface BudgetRow {
  label: string;
  /** The exact figure as printed. */
  amount: string;
  /** "about £4.6 million", or '' when the exact figure is already round. */
  rough: string;
  /** "2023/24, budget. Statutory duties report, 5.1 Financial implications" */
  detail: string;
}

export interface BudgetCheck {
  /** "Children and Family Services total, 2023/24" */
  label: string;
  stated: string;
  summed: string;
  /** "The lines add up to £34,465,262, £2 less than the total the paper states." */
  verdict: string;
  differs: boolean;
}

export interface BudgetView extends CardViewModel {
  title: string;
  intro: string;
  rows: BudgetRow[];
  checks: BudgetCheck[];
  sources: string[];
  showing: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
  /** Lines offered when the one asked for is not held, one button each. */
  offers: QuestionButton[];
  options: QuestionButton[];
}

/** "£4,595,917"; income and offsets are negative: "−£5,063,993". */
export function formatAmount(amount: number): string {
  return amount < 0 ? `−${formatPounds(-amount)}` : formatPounds(amount);
}

/**
 * An amount as it is said in British English, for summaries (what Teams reads aloud and shows in
 * notifications) and beside the exact figure on the card, which always keeps the exact figure:
 *
 * - under £10,000, exactly: "£9,850" (a round figure would lose what matters at that size);
 * - from £10,000, to the nearest thousand: "£354,812" is "£355,000";
 * - from £999,500 (which rounds to a thousand thousands), in millions to one decimal place, a
 *   ".0" dropped: "£1,234,567" is "£1.2 million", "£999,999" and "£1,040,000" are "£1 million";
 * - from £999.95 million, in billions the same way: "£1.3 billion";
 * - income and offsets keep their minus: "−£5.1 million".
 */
export function formatRoughAmount(amount: number): string {
  const size = Math.abs(amount);
  const sign = amount < 0 ? '−' : '';
  const decimal = (value: number, unit: string) => `${sign}£${(Math.round(value * 10) / 10).toLocaleString('en-GB')} ${unit}`;
  if (size >= 999_950_000) return decimal(size / 1_000_000_000, 'billion');
  if (size >= 999_500) return decimal(size / 1_000_000, 'million');
  if (size >= 10_000) return `${sign}${formatPounds(Math.round(size / 1000) * 1000)}`;
  return formatAmount(amount);
}

/** The rough figure beside the exact one, when they differ: "about £4.6 million". */
function roughBeside(amount: number): string {
  const rough = formatRoughAmount(amount);
  return rough === formatAmount(amount) ? '' : `about ${rough}`;
}

function sourceLine(source: Source): string {
  const section = source.section ? `, ${source.section.replace(/\s*\(total as printed.*$/s, '')}` : '';
  const page = source.page ? `, page ${source.page}` : '';
  return `${source.document}${section}${page}`;
}

const KIND_WORDS: Record<BudgetLine['kind'], string> = {
  budget: 'budget',
  saving: 'saving',
  pressure: 'growth (pressure)',
  total: 'total as stated',
};

function row(line: BudgetLine): BudgetRow {
  return {
    label: shorten(line.service, 200).text,
    amount: formatAmount(line.amount),
    rough: roughBeside(line.amount),
    detail: shorten(`${line.year}, ${KIND_WORDS[line.kind]}. ${sourceLine(line.source)}`, 400).text,
  };
}

/** The financial year (April to March) that a London date falls in: "2023/24". */
export function financialYear(now: Date): string {
  const [y, m] = londonDate(now).split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** A year named in the question: "2023/24", "2023-24", "2023/2024", "23/24". */
export function yearNamed(text: string): string | undefined {
  const m = /\b(?:20)?(\d\d)\s*[/-]\s*(?:20)?(\d\d)\b/.exec(text);
  if (!m) return undefined;
  const first = Number(m[1]);
  const second = Number(m[2]);
  if ((first + 1) % 100 !== second) return undefined;
  return `20${m[1]}/${m[2]}`;
}

/** The year asked about, else the current financial year when held, else the latest held. */
function yearFor(lines: readonly BudgetLine[], now: Date, named: string | undefined): string {
  if (named) return named;
  const years = heldYears(lines);
  const current = financialYear(now);
  return years.includes(current) ? current : (years.at(-1) ?? current);
}

function heldYears(lines: readonly BudgetLine[]): string[] {
  return [...new Set(lines.filter((l) => /^\d{4}\/\d\d$/.test(l.year)).map((l) => l.year))].sort();
}

/** The first words of a section, before any note in brackets or after a full stop. */
function tableOf(line: BudgetLine): string {
  return `${line.source.document}|${line.year}|${(line.source.section ?? '').split(/\s\(|\.\s/)[0]!.trim()}`;
}

/** Totals of the budget itself (not of savings or growth), for a year. */
function budgetTotals(lines: readonly BudgetLine[], year: string): BudgetLine[] {
  return lines.filter((l) => l.kind === 'total' && l.year === year && !/\b(?:saving|growth)/i.test(l.service));
}

/** A stated total beside the sum of the budget lines printed in the same table. */
function check(lines: readonly BudgetLine[], total: BudgetLine): BudgetCheck | null {
  const table = tableOf(total);
  const under = lines.filter((l) => l.kind === 'budget' && tableOf(l) === table);
  if (under.length === 0) return null;
  const sum = under.reduce((s, l) => s + l.amount, 0);
  const gap = Math.round((sum - total.amount) * 100) / 100;
  const linesAddUp = under.length === 1 ? 'The one line printed under it comes to' : `The ${under.length} lines add up to`;
  const verdict =
    gap === 0
      ? `${linesAddUp} ${formatAmount(sum)}, the same as the total the paper states.`
      : `${linesAddUp} ${formatAmount(sum)}, ${formatPounds(Math.abs(gap))} ${gap < 0 ? 'less' : 'more'} than the total the paper states (${formatAmount(total.amount)}).`;
  return {
    label: `${total.service}, ${total.year}`,
    stated: `Stated total: ${formatAmount(total.amount)}`,
    summed: `Sum of the lines: ${formatAmount(sum)}`,
    verdict,
    differs: gap !== 0,
  };
}

// ---- matching what was asked against the lines held ----

const STOP = new Set(
  (
    'a an the of on in for to at by from and or is are was were be been being what whats how much many ' +
    'do does did we they you i me my our us council councils authority thurrock it its this that there ' +
    'spend spends spent spending budget budgets budgeted allocated allocation money cost costs funding ' +
    'line lines figure figures amount show tell give get find please about year years financial ' +
    'service services on going into get gets go total whole overall all current currently annual ' +
    'can could would will should know like want see held hold which who where when why'
  ).split(/\s+/),
);

/** Other names for a line, keyed by words of its service name (officers' and members' usage). */
const ALIASES: [RegExp, string][] = [
  [/\byos\b/i, 'youth offending youth justice yot youth offending team adolescent adolescents'],
  [/\blooked after\b/i, 'cla lac looked after children children in care care placements placement'],
  [/\blscb\b/i, 'safeguarding children board safeguarding partnership quality assurance qa'],
  [/\blado\b/i, 'local authority designated officer child protection safeguarding cp'],
  [/\bbrighter futures\b/i, 'prevention early help'],
  [/\bbusiness administration\b/i, 'admin administration business support'],
];

/** Phrases that mean the children's budget as a whole: answered with its totals. */
const WHOLE = /\b(?:children(?:['’]?s|s['’])? (?:social care|services?|portfolio|budget)|children and famil(?:y|ies) services?|csc)\b/i;

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ss')) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !STOP.has(w) && !/^\d+$/.test(w))
    .map(stem);
}

/** The words of the question that name what it is about (question words and years removed). */
export function subjectOf(text: string): string {
  const cleaned = text
    .replace(/\b(?:20)?\d\d\s*[/-]\s*(?:20)?\d\d\b/g, ' ')
    .replace(/\b(?:biggest|largest|top|highest|main|list|breakdown)\b/gi, ' ');
  return words(cleaned).join(' ');
}

function lineWords(line: BudgetLine): Set<string> {
  const extra = ALIASES.filter(([key]) => key.test(line.service)).map(([, alias]) => alias);
  return new Set(words([line.service, ...extra].join(' ')));
}

/** Lines of the year all of whose subject words they carry (by name or alias). */
function matching(lines: readonly BudgetLine[], subject: string[]): BudgetLine[] {
  return lines.filter((l) => {
    if (l.kind === 'total') return false;
    const have = lineWords(l);
    return subject.every((w) => have.has(w));
  });
}

// ---- answers ----

function baseView(title: string, summary: string): BudgetView {
  return {
    summary,
    title,
    intro: '',
    rows: [],
    checks: [],
    sources: [],
    showing: '',
    hasMore: false,
    moreLabel: '',
    more: null,
    offers: [],
    options: [],
  };
}

function yearButtons(years: string[]): QuestionButton[] {
  return years.map((y) => ({ label: `Budget ${y}`, text: `total budget for ${y}` }));
}

function offeredLines(lines: readonly BudgetLine[], year: string): QuestionButton[] {
  return lines
    .filter((l) => l.year === year && l.kind === 'budget' && l.amount > 0)
    .sort((a, b) => b.amount - a.amount)
    .slice(0, MAX_OFFERED)
    .map((l) => {
      const label = shorten(l.service.replace(/\s*\(.*\)$/, ''), 60).text;
      return { label, text: `budget for ${label} ${year}` };
    });
}

/** The totals the papers state for a year, each with the sum of its lines. */
export async function budgetTotal(ctx: AskContext, q: { year?: string }): Promise<Answer> {
  const lines = await ctx.records.budget.lines();
  const years = heldYears(lines);
  if (lines.length === 0) return messageAnswer('Budget', ['I hold no budget figures.']);
  const year = yearFor(lines, ctx.now, q.year);
  if (!years.includes(year)) return yearNotHeld(year, years);
  const totals = budgetTotals(lines, year);
  if (totals.length === 0) {
    return messageAnswer(`Budget ${year}`, [`I don't hold a budget total for ${year}.`], offeredLines(lines, year));
  }
  const checks = totals.flatMap((t) => check(lines, t) ?? []);
  const view = baseView(`Children's budget ${year}`, '');
  view.intro = `The totals the papers state for ${year}, each beside the sum of the lines printed under it.`;
  view.rows = totals.map(row);
  view.checks = checks;
  view.sources = [...new Set(totals.map((t) => sourceLine(t.source)))];
  const otherYears = years.filter((y) => y !== year && budgetTotals(lines, y).length > 0);
  view.options = [{ label: `Biggest budget lines ${year}`, text: `biggest budget lines ${year}` }, ...yearButtons(otherYears)];
  view.summary = `Budget ${year}: ${totals.map((t) => `${t.service} ${formatRoughAmount(t.amount)}`).join('; ')}. ${checks.map((c) => c.verdict).join(' ')}`;
  return { template: BUDGET_TEMPLATE, view };
}

function yearNotHeld(year: string, years: string[]): Answer {
  return messageAnswer('Budget', [`I don't hold budget figures for ${year}. I hold ${years.join(', ')}.`], yearButtons(years));
}

/** "Biggest budget lines": the year's budget lines, largest first, a page at a time. */
export async function budgetLines(ctx: AskContext, q: { year?: string; offset?: unknown }): Promise<Answer> {
  const lines = await ctx.records.budget.lines();
  const years = heldYears(lines);
  if (lines.length === 0) return messageAnswer('Budget', ['I hold no budget figures.']);
  const year = yearFor(lines, ctx.now, q.year);
  if (!years.includes(year)) return yearNotHeld(year, years);
  // One paper's table at a time: a line in one paper often sums lines printed in another, so
  // ranking them together would count the same money twice. The fullest table is shown.
  const tables = new Map<string, BudgetLine[]>();
  for (const l of lines) {
    if (l.year !== year || l.kind !== 'budget') continue;
    tables.set(tableOf(l), [...(tables.get(tableOf(l)) ?? []), l]);
  }
  const ofYear =
    [...tables.values()]
      .sort((a, b) => b.length - a.length)[0]
      ?.slice()
      .sort((a, b) => b.amount - a.amount) ?? [];
  if (ofYear.length === 0) {
    return messageAnswer(`Budget ${year}`, [`I don't hold budget lines for ${year}.`], yearButtons(years.filter((y) => y !== year)));
  }
  const from = sourceLine(ofYear[0]!.source);
  const view = fitPage<BudgetLine, BudgetView>(
    BUDGET_TEMPLATE,
    ofYear,
    q.offset,
    () => ({ verb: 'budget.more', year }),
    (page) => {
      const v = baseView(`Budget lines ${year}, largest first`, '');
      v.intro = `${ofYear.length} budget lines for ${year} from ${from}, as printed (income shown as a minus).`;
      v.rows = page.rows.map(row);
      v.sources = [...new Set(page.rows.map((l) => sourceLine(l.source)))];
      v.showing = page.view.showing;
      v.hasMore = page.view.hasMore;
      v.moreLabel = page.view.moreLabel;
      v.more = page.view.more;
      v.options = [{ label: `Total budget ${year}`, text: `total budget for ${year}` }];
      v.summary = `Budget lines ${year}, largest first: ${page.rows.map((l) => `${l.service} ${formatRoughAmount(l.amount)}`).join('; ')}.`;
      return v;
    },
    BUDGET_LINES_PER_PAGE,
  );
  return { template: BUDGET_TEMPLATE, view };
}

/** "How much is spent on the youth offending service": the line(s) asked about, or an honest answer. */
export async function budgetFor(ctx: AskContext, text: string): Promise<Answer> {
  const lines = await ctx.records.budget.lines();
  if (lines.length === 0) return messageAnswer('Budget', ['I hold no budget figures.']);
  const named = yearNamed(text);
  const years = heldYears(lines);
  if (named && !years.includes(named)) return yearNotHeld(named, years);
  if (/\b(?:biggest|largest|top|highest|main|list|breakdown|all)\b.*\b(?:budget|lines?|spend\w*)\b|\bbudget lines\b/i.test(text)) {
    return budgetLines(ctx, { year: named });
  }
  const subject = subjectOf(text.replace(WHOLE, ' '));
  if (WHOLE.test(text) && subject === '') return budgetTotal(ctx, { year: named });
  if (subject === '') return budgetTotal(ctx, { year: named });

  const year = yearFor(lines, ctx.now, named);
  const found = matching(lines, subject.split(' '));
  const ofYear = found.filter((l) => l.year === year);
  const shown = ofYear.length > 0 ? ofYear : found;
  if (shown.length === 0) {
    const asked = shorten(text.trim(), 120).text;
    return {
      template: BUDGET_TEMPLATE,
      view: {
        ...baseView('Budget', `I don't hold a budget line for "${asked}". The budget lines I hold for ${year} are buttons below.`),
        intro: `I don't hold a budget line for "${asked}". These are the budget lines I hold for ${year}:`,
        offers: offeredLines(lines, year),
        options: [{ label: `Total budget ${year}`, text: `total budget for ${year}` }],
      },
    };
  }
  const view = baseView(shown.length === 1 ? shorten(shown[0]!.service, 200).text : 'Budget lines', '');
  view.rows = shown.map(row);
  const totals = [...new Set(shown.map((l) => l.year))].flatMap((y) => budgetTotals(lines, y));
  const tables = new Set(shown.map(tableOf));
  view.checks = totals.filter((t) => tables.has(tableOf(t))).flatMap((t) => check(lines, t) ?? []);
  view.intro =
    ofYear.length === 0
      ? `I don't hold a ${year} figure for that; ${shown.length === 1 ? 'this is' : 'these are'} from ${[...new Set(shown.map((l) => l.year))].join(', ')}.`
      : '';
  view.sources = [...new Set(shown.map((l) => sourceLine(l.source)))];
  view.options = [
    { label: `Biggest budget lines ${year}`, text: `biggest budget lines ${year}` },
    { label: `Total budget ${year}`, text: `total budget for ${year}` },
  ];
  view.summary = `${shown.map((l) => `${l.service}: ${formatRoughAmount(l.amount)} (${l.year})`).join('; ')}. Source: ${view.sources.join('; ')}.`;
  return { template: BUDGET_TEMPLATE, view };
}
