import { formatShortDate, londonDate } from '../../format';
import type { Versioned } from '../../store/repository';
import type { Indicator, IndicatorPoint } from '../../store/schema';
import { messageAnswer, staleButton, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { personLabel } from '../shared/guards';
import {
  checkFigure,
  countUnitOf,
  MAX_COMPARATORS,
  MAX_SOURCE,
  unitPhrase,
  type FigureMode,
  type RawComparator,
  type RawFigure,
} from './figures';
import { formatIndicatorValue, indicatorView, type IndicatorView } from './indicators';
import { PERIOD_EXAMPLES } from './periods';

/**
 * Owners of an indicator (its `ownerIds`; the clerks always) keep its figures current from
 * Teams: "record CP rate for Q4 2023/24: 32 per 10,000, 141 children", "correct CP rate for Q3
 * 2023/24 to 31", or the form card. Every route ends at a confirmation card showing the
 * indicator card as it will look; only its Confirm saves, at the version the card was made
 * from, after every check is made again (a card can be old, forged or pressed by someone else).
 */
const FORM_ROWS = 3;

/**
 * A field sent back by a card, as text. Cards show typed text with a word joiner inside "${" and
 * "{{" (bot/cards/render.ts) so it is never read as template syntax; the figure's text comes back
 * through the card's data, so those joiners are taken out again to store it as typed.
 */
const str = (v: unknown): string =>
  typeof v === 'string'
    ? v.replace(/\$\u2060\{/g, '${').replace(/\{\u2060\{/g, '{{')
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : '';

/** null when the person may keep the indicator's figures; else a refusal that says who can. */
async function mayKeep(ctx: QuestionContext, indicator: Indicator): Promise<Answer | null> {
  const person = ctx.identity.person;
  if (person && (ctx.identity.isClerk || (indicator.ownerIds ?? []).includes(person.id))) return null;
  const owners = (await Promise.all((indicator.ownerIds ?? []).map((id) => ctx.records.people.get(id)))).filter((p) => p !== undefined);
  const committees = await ctx.records.committees.all();
  const clerkIds = [...new Set(committees.flatMap((c) => c.clerkIds))];
  const clerks = (await Promise.all(clerkIds.map((id) => ctx.records.people.get(id)))).filter((p) => p !== undefined);
  const named = (list: typeof owners) => list.map((p) => `${personLabel(p)}${p.jobTitle ? ` (${p.jobTitle})` : ''}`).join(', ');
  const who = owners.length > 0 ? `${named(owners)}, who keeps these figures, or the clerk` : 'the clerk';
  return messageAnswer('Only the figure’s owner or a clerk can do that', [
    `Figures for ${indicator.name} are recorded by ${who}${clerks.length > 0 ? ` (${named(clerks)})` : ''}. Nothing has been recorded.`,
    person ? 'Please send them the figure and its source.' : 'I could not match your Teams account to anyone on our records.',
  ]);
}

function byOf(ctx: QuestionContext) {
  return { actor: ctx.identity.actor };
}

/** "32 per 10,000, 141 children; compared with national 52 (2022/23); source ...; as at 15 May 2024". */
export function parseFigureText(rest: string): { raw: Omit<RawFigure, 'period'>; problems: string[] } {
  const raw: Omit<RawFigure, 'period'> = { value: '', count: '', comparators: [], source: '', asAt: '' };
  const problems: string[] = [];
  const comparator = (part: string): RawComparator | null => {
    const m = /^(.*?)\s*(-?\d[\d,]*(?:\.\d+)?\s*(?:%|per ?cent|per [\d,]+(?: [a-z ]+?)?)?)\s*(?:\(([^)]*)\))?\s*$/i.exec(part);
    return m && m[1] ? { name: m[1].replace(/[:=]\s*$/, '').trim(), value: m[2]!.trim(), period: (m[3] ?? '').trim() } : null;
  };
  rest
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .forEach((segment, i) => {
      let m: RegExpExecArray | null;
      if ((m = /^source\s*[:=]?\s*(.*)$/i.exec(segment))) raw.source = m[1]!;
      else if ((m = /^as at\s*[:=]?\s*(.*)$/i.exec(segment))) raw.asAt = m[1]!;
      else if ((m = /^(?:compared with|comparators?|against)\s*[:=]?\s*(.*)$/i.exec(segment))) {
        for (const part of m[1]!.split(/,\s+/)) {
          const c = comparator(part);
          if (c) raw.comparators.push(c);
          else
            problems.push(
              `I could not read the comparator "${part.slice(0, 60)}": give a name and a value, such as "national 52 (2022/23)".`,
            );
        }
      } else if (i === 0) {
        const [value = '', ...others] = segment.split(/,\s+/);
        raw.value = value;
        for (const part of others) {
          if (/^\d/.test(part) && raw.count === '') raw.count = part;
          else {
            const c = comparator(part);
            if (c) raw.comparators.push(c);
            else problems.push(`I could not read "${part.slice(0, 60)}".`);
          }
        }
      } else problems.push(`I could not read "${segment.slice(0, 60)}".`);
    });
  return { raw, problems };
}

const COMMAND =
  /^\s*(?:please\s+)?(record|enter|log|add|correct)\s+(?:the\s+)?(?:(?:new\s+)?(?:figure|value)\s+(?:for|of)\s+)?(?:the\s+)?(.+?)\s+for\s+(.+?)\s*(?::|=|\s+is\s+|\s+as\s+|\s+to\s+)\s*(.+)$/i;

const PERIOD_TEXT =
  '(?:(?:q\\s?[1-4]|quarter\\s[1-4])\\s+(?:of\\s+)?)?(?:19|20)\\d\\d(?:\\s*[/-]\\s*(?:19|20)?\\d\\d(?!\\d))?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\s+(?:19|20)\\d\\d';
/**
 * A statement of the figure, read as a record: "the CP rate for Q4 2023/24 is 32 per 10,000",
 * "CP rate Q4 2023/24 = 32". Groups as COMMAND's: the verb (none), indicator, period, the rest.
 */
const STATEMENT = new RegExp(
  `^\\s*()(?:the\\s+)?(.+?)\\s+(?:(?:for|in)\\s+(?:the\\s+)?)?(${PERIOD_TEXT})\\s*(?::|=|\\s(?:is|was|were|will be|stands at|stood at|came in at|of|to)\\s|\\s(?=-?\\d))\\s*(.+)$`,
  'i',
);

/** The typed command: which indicator (recognised by the router), the period and the rest. */
export async function figureCommand(
  ctx: QuestionContext,
  indicatorId: string | undefined,
  text: string,
  mode: FigureMode,
): Promise<Answer> {
  const typed = text.replace(/\s+/g, ' ').slice(0, 2000);
  const m = COMMAND.exec(typed) ?? STATEMENT.exec(typed);
  const indicator = indicatorId ? await ctx.records.indicators.get(indicatorId) : undefined;
  if (indicator) {
    const refused = await mayKeep(ctx, indicator);
    if (refused) return refused;
  }
  if (!m) return figureForm(ctx, { indicatorId: indicator?.id ?? '', correction: mode === 'correct' }, []);
  if (!indicator) {
    return messageAnswer('Which indicator?', [
      `I do not know the indicator "${m[2]!.slice(0, 80)}", so nothing has been recorded.`,
      'Ask "list indicators" for their names, or say "record a figure" for the form.',
    ]);
  }
  const parsed = parseFigureText(m[4]!);
  const raw: RawFigure = { ...parsed.raw, period: m[3]! };
  if (parsed.problems.length > 0) return figureForm(ctx, formPrefill(indicator.id, raw, mode === 'correct'), parsed.problems);
  return checkAndConfirm(ctx, indicator, raw, mode);
}

interface FormPrefill {
  indicatorId: string;
  period?: string;
  value?: string;
  count?: string;
  source?: string;
  asAt?: string;
  correction?: boolean;
  comparators?: RawComparator[];
}

function formPrefill(indicatorId: string, raw: RawFigure, correction: boolean): FormPrefill {
  return { indicatorId, ...raw, correction };
}

/** The form card: the indicators the person keeps, the period, value, count, comparators, source and date. */
export async function figureForm(ctx: QuestionContext, prefill: FormPrefill, problems: string[]): Promise<Answer> {
  const all = await ctx.records.indicators.list();
  const person = ctx.identity.person;
  const mine = all.filter((i) => person && (ctx.identity.isClerk || (i.ownerIds ?? []).includes(person.id)));
  if (mine.length === 0) {
    const first = all.find((i) => i.id === prefill.indicatorId) ?? all[0];
    return first ? ((await mayKeep(ctx, first)) ?? staleButton()) : messageAnswer('Indicators', ['I have no indicators yet.']);
  }
  const chosen = mine.find((i) => i.id === prefill.indicatorId);
  const rows: RawComparator[] = [...(prefill.comparators ?? [])].slice(0, FORM_ROWS);
  while (rows.length < FORM_ROWS) rows.push({ name: '', value: '', period: '' });
  const title = prefill.correction ? 'Correct a figure' : 'Record a figure';
  const hint = chosen
    ? `${chosen.name} is reported ${chosen.cycle ?? 'with no cycle set'}${chosen.cycle ? `: name ${PERIOD_EXAMPLES[chosen.cycle]}` : ''}; its value is ${unitPhrase(chosen.unit)}${countUnitOf(chosen) ? `, with a count of ${countUnitOf(chosen)}` : ''}.`
    : 'Choose the indicator, then give the period as the indicator is reported: a financial year (2023/24), a quarter (Q4 2023/24) or a month (March 2024).';
  return {
    template: 'indicator-form',
    view: {
      summary: [title, ...problems, hint].join(' '),
      title,
      problems,
      hint,
      indicators: mine.map((i) => ({ title: i.name, value: i.id })),
      prefill: {
        indicatorId: chosen?.id ?? '',
        period: prefill.period ?? '',
        value: prefill.value ?? '',
        count: prefill.count ?? '',
        source: prefill.source ?? '',
        asAt: prefill.asAt && /^\d{4}-\d{2}-\d{2}$/.test(prefill.asAt) ? prefill.asAt : '',
        correction: prefill.correction ? 'true' : 'false',
      },
      comparatorRows: rows.map((r, i) => ({ n: String(i + 1), name: r.name, value: r.value, period: r.period })),
      maxSource: MAX_SOURCE,
      submitData: { verb: 'indicators.check' },
    },
  };
}

/** What the form sent, as a figure to check (every field untrusted). */
function rawFromForm(data: Record<string, unknown>): RawFigure {
  const comparators: RawComparator[] = [];
  for (let i = 1; i <= FORM_ROWS; i += 1) {
    comparators.push({ name: str(data[`c${i}Name`]), value: str(data[`c${i}Value`]), period: str(data[`c${i}Period`]) });
  }
  return {
    period: str(data.period),
    value: str(data.value),
    count: str(data.count),
    comparators,
    source: str(data.source),
    asAt: str(data.asAt),
  };
}

/** The form's submit: checked, then the confirmation card (or the form again with what to fix). */
export async function checkForm(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer> {
  const indicator = await ctx.records.indicators.get(str(data.indicatorId));
  const mode: FigureMode = data.correction === 'true' || data.correction === true ? 'correct' : 'record';
  const raw = rawFromForm(data);
  if (!indicator) return figureForm(ctx, { ...formPrefill('', raw, mode === 'correct') }, ['Choose the indicator.']);
  const refused = await mayKeep(ctx, indicator);
  if (refused) return refused;
  return checkAndConfirm(ctx, indicator, raw, mode);
}

/** The source of a figure typed with none: the card says who recorded it and when. */
const DEFAULT_SOURCE = 'Recorded in Teams';

/** The indicator as it will be once the figure is saved, stamped as the repository will. */
function preview(ctx: QuestionContext, indicator: Indicator, figure: IndicatorPoint, mode: FigureMode): Indicator {
  const stamped: IndicatorPoint = { ...figure, recordedBy: ctx.identity.actor, recordedAt: ctx.now.toISOString() };
  if (mode === 'record') return { ...indicator, series: [...indicator.series, stamped] };
  return {
    ...indicator,
    series: indicator.series.map((p) => {
      if (p.period !== figure.period) return p;
      const { corrections = [], ...was } = p;
      return { ...stamped, corrections: [...corrections, { ...was, correctedAt: ctx.now.toISOString(), correctedBy: ctx.identity.actor }] };
    }),
  };
}

async function checkAndConfirm(
  ctx: QuestionContext,
  indicator: Versioned<Indicator>,
  raw: RawFigure,
  mode: FigureMode,
  note?: string,
): Promise<Answer> {
  const today = londonDate(ctx.now);
  const checked = checkFigure(indicator, raw, { mode, today, defaultSource: DEFAULT_SOURCE });
  if (!checked.ok) {
    if (note) return messageAnswer('Not saved', [note, ...checked.problems]);
    return figureForm(ctx, formPrefill(indicator.id, raw, mode === 'correct'), checked.problems);
  }
  const figure = checked.value;
  const view = indicatorView(preview(ctx, indicator, figure, mode), { now: ctx.now, councilName: await ctx.records.council.name() });
  if (!view) return staleButton();
  const was = indicator.series.find((p) => p.period === figure.period);
  const heading =
    mode === 'record'
      ? `Record ${formatIndicatorValue(figure.value, indicator.unit)} for ${figure.period}?`
      : `Correct ${figure.period} from ${formatIndicatorValue(was!.value, indicator.unit)} to ${formatIndicatorValue(figure.value, indicator.unit)}?`;
  const intro = [
    ...(note ? [note] : []),
    'This is how the card will look. Nothing is saved until you confirm.',
    ...(mode === 'correct' ? ['The earlier figure is kept in the history.'] : []),
  ];
  const confirmData = {
    verb: 'indicators.confirm',
    indicatorId: indicator.id,
    expectedVersion: indicator.version,
    mode,
    figure: {
      period: figure.period,
      value: String(figure.value),
      count: figure.count ? String(figure.count.value) : '',
      comparators: (figure.comparators ?? []).map((c) => ({ name: c.name, value: String(c.value), period: c.period ?? '' })),
      source: figure.source.document,
      asAt: figure.asAt,
    },
  };
  const confirmView: IndicatorView & Record<string, unknown> = {
    ...view,
    summary: `${heading} ${intro.join(' ')} ${view.summary}`,
    confirmHeading: heading,
    confirmIntro: intro,
    confirmLabel: mode === 'record' ? 'Confirm and save' : 'Confirm the correction',
    confirmData,
    cancelData: { verb: 'indicators.cancel', indicatorId: indicator.id },
  };
  return { template: 'indicator-confirmation', view: confirmView };
}

function rawFromConfirm(figure: unknown): RawFigure | null {
  if (!figure || typeof figure !== 'object' || Array.isArray(figure)) return null;
  const f = figure as Record<string, unknown>;
  const list = Array.isArray(f.comparators) ? f.comparators.slice(0, MAX_COMPARATORS + 1) : [];
  return {
    period: str(f.period),
    value: str(f.value),
    count: str(f.count),
    comparators: list.map((c) => {
      const o = c && typeof c === 'object' ? (c as Record<string, unknown>) : {};
      return { name: str(o.name), value: str(o.value), period: str(o.period) };
    }),
    source: str(f.source),
    asAt: str(f.asAt),
  };
}

/** Confirm: everything checked again, saved at the version the card showed, or shown afresh. */
export async function confirmFigure(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer> {
  const indicator = await ctx.records.indicators.get(str(data.indicatorId));
  const raw = rawFromConfirm(data.figure);
  const mode: FigureMode | null = data.mode === 'record' || data.mode === 'correct' ? data.mode : null;
  const expected = typeof data.expectedVersion === 'number' && Number.isInteger(data.expectedVersion) ? data.expectedVersion : null;
  if (!indicator || !raw || !mode || expected === null) return staleButton();
  const refused = await mayKeep(ctx, indicator);
  if (refused) return refused;
  const changedMeanwhile = (latest: Versioned<Indicator>) => {
    const newest = [...latest.series].sort((a, b) => (a.recordedAt ?? '').localeCompare(b.recordedAt ?? '')).at(-1);
    const by = newest?.recordedBy?.name;
    return `Not saved: the figures for ${latest.name} changed after this card was made${
      by && newest?.recordedAt ? ` (${by} recorded ${newest.period} on ${formatShortDate(londonDate(new Date(newest.recordedAt)))})` : ''
    }.`;
  };
  if (indicator.version !== expected) return checkAndConfirm(ctx, indicator, raw, mode, changedMeanwhile(indicator));
  const checked = checkFigure(indicator, raw, { mode, today: londonDate(ctx.now), defaultSource: DEFAULT_SOURCE });
  if (!checked.ok) return messageAnswer('Not saved', ['Nothing has been recorded:', ...checked.problems]);
  const saved =
    mode === 'record'
      ? await ctx.records.indicators.recordValue(indicator.id, expected, checked.value, byOf(ctx))
      : await ctx.records.indicators.correctValue(indicator.id, expected, checked.value, byOf(ctx));
  if (!saved.ok) {
    const now = await ctx.records.indicators.get(indicator.id);
    if (saved.error.kind === 'stale' && now) return checkAndConfirm(ctx, now, raw, mode, changedMeanwhile(now));
    return messageAnswer('Not saved', [
      `Nothing has been recorded: ${saved.error.kind === 'conflict' ? saved.error.reason : 'the figure was not found'}.`,
    ]);
  }
  const view = indicatorView(saved.value, { now: ctx.now, councilName: await ctx.records.council.name() });
  if (!view) return staleButton();
  const done =
    mode === 'record' ? `Saved: ${saved.value.name}, ${checked.value.period}.` : `Corrected: ${saved.value.name}, ${checked.value.period}.`;
  return { template: 'indicator', view: { ...view, summary: `${done} ${view.summary}` } };
}

/** Cancel: nothing is saved. */
export function cancelFigure(): Answer {
  return messageAnswer('Nothing saved', ['The figure has not been recorded. Type the command again to start over.']);
}
