import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Clock } from '../../clock';
import { formatShortDate, londonDate } from '../../format';
import { lockStore } from '../../store/lock';
import { createLowdbRepository } from '../../store/lowdbRepository';
import type { ImportedIndicatorValue } from '../../store/repository';
import type { Indicator, Seed } from '../../store/schema';
import { Store, storeFromSeed } from '../../store/store';
import { checkFigure, MAX_COMPARATORS, type RawFigure } from './figures';
import { formatIndicatorValue } from './indicators';
import { parsePeriod } from './periods';

/**
 * `npm run import:indicators -- FILE.csv`: many figures at once, from a performance team's
 * spreadsheet. One row per comparator (a figure with none has one row with the comparator
 * columns empty); the figure's own columns repeat on each of its rows and must agree. Every
 * figure is checked as one typed in Teams is (cycle, order, unit, range, named comparators),
 * plus: `periodEnd` must be the period's last day, `source` and `asAt` are required. All or
 * nothing: any bad row stops the import, every problem is reported with its line, nothing is
 * written. A figure already recorded exactly as given is left alone, so running the same file
 * again changes nothing; a different figure for a recorded period is refused (corrections are
 * made in Teams, where the earlier figure is kept). Audited with the actor "import:indicators".
 */
export const INDICATOR_IMPORT_ACTOR = { personId: null, aadObjectId: null, name: 'import:indicators' };
export const INDICATOR_HEADER = [
  'indicatorId',
  'period',
  'periodEnd',
  'value',
  'count',
  'comparatorName',
  'comparatorValue',
  'comparatorPeriod',
  'source',
  'asAt',
] as const;
const MAX_ROWS = 10_000;
const MAX_FIELD = 1000;

type Column = (typeof INDICATOR_HEADER)[number];
export interface IndicatorRow extends Record<Column, string> {
  /** Line in the file (the header is line 1). */
  line: number;
}

export type ParsedIndicators = { kind: 'ok'; rows: IndicatorRow[] } | { kind: 'invalid'; problems: string[] };

/** Reads the CSV (RFC 4180 quoting): the header exactly as `INDICATOR_HEADER`, then the rows. */
export function parseIndicatorCsv(text: string): ParsedIndicators {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    return { kind: 'invalid', problems: [`The file is not valid CSV: ${(err as Error).message}`] };
  }
  const header = INDICATOR_HEADER.join(',');
  if (records.length === 0)
    return { kind: 'invalid', problems: [`The file is empty: it needs the header "${header}" and a row per figure.`] };
  if (records[0]!.join(',') !== header) {
    return { kind: 'invalid', problems: [`The first line must be exactly "${header}" (found "${records[0]!.join(',').slice(0, 200)}").`] };
  }
  if (records.length - 1 > MAX_ROWS) return { kind: 'invalid', problems: [`The file has more than ${MAX_ROWS} rows; split it.`] };
  const problems: string[] = [];
  const rows: IndicatorRow[] = [];
  records.slice(1).forEach((fields, i) => {
    const line = i + 2;
    if (fields.length !== INDICATOR_HEADER.length) {
      problems.push(`line ${line}: ${fields.length} columns, but the header has ${INDICATOR_HEADER.length}.`);
      return;
    }
    if (fields.some((f) => f.length > MAX_FIELD)) problems.push(`line ${line}: a field is longer than ${MAX_FIELD} characters.`);
    const row = { line } as IndicatorRow;
    INDICATOR_HEADER.forEach((column, c) => (row[column] = fields[c]!));
    rows.push(row);
  });
  if (rows.length === 0 && problems.length === 0) problems.push('The file has a header but no rows.');
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', rows };
}

export type IndicatorPlan = { kind: 'ok'; values: ImportedIndicatorValue[]; unchanged: number } | { kind: 'refused'; problems: string[] };

const FIGURE_COLUMNS = ['periodEnd', 'value', 'count', 'source', 'asAt'] as const;

/** Checks every figure of the file against the indicators as stored; changes nothing. */
export function planIndicatorImport(indicators: readonly Indicator[], rows: readonly IndicatorRow[], today: string): IndicatorPlan {
  const problems: string[] = [];
  const groups = new Map<string, IndicatorRow[]>();
  for (const row of rows) {
    const key = `${row.indicatorId}\u0000${row.period.toLowerCase().replace(/\s+/g, ' ')}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  // The figures each indicator will have, so several periods of one indicator are checked in order.
  const working = new Map<string, Indicator>();
  const values: ImportedIndicatorValue[] = [];
  let unchanged = 0;
  const figures = [...groups.values()].map((group) => {
    const first = group[0]!;
    const indicator = indicators.find((i) => i.id === first.indicatorId);
    const period = indicator?.cycle ? parsePeriod(first.period, indicator.cycle) : null;
    return { group, first, indicator, periodEnd: period?.end ?? first.periodEnd };
  });
  figures.sort((a, b) => a.periodEnd.localeCompare(b.periodEnd) || a.first.line - b.first.line);
  for (const { group, first, indicator } of figures) {
    const lines = group.length === 1 ? `line ${first.line}` : `lines ${group.map((r) => r.line).join(', ')}`;
    const at = `${lines} (${first.indicatorId || 'no indicator'} ${first.period || 'no period'})`;
    if (!indicator) {
      problems.push(`${at}: there is no indicator "${first.indicatorId.slice(0, 80)}"; "list indicators" in Teams shows them.`);
      continue;
    }
    const own: string[] = [];
    for (const row of group.slice(1)) {
      const differs = FIGURE_COLUMNS.filter((c) => row[c] !== first[c]);
      if (differs.length > 0) own.push(`line ${row.line} gives another ${differs.join(', ')} for the same figure as line ${first.line}.`);
    }
    if (!first.source) own.push('the source is empty.');
    if (!first.asAt) own.push('asAt is empty.');
    for (const row of group) {
      if (!row.comparatorName && (row.comparatorValue || row.comparatorPeriod)) own.push(`line ${row.line}: the comparator has no name.`);
      if (row.comparatorName && !row.comparatorValue)
        own.push(`line ${row.line}: the comparator "${row.comparatorName.slice(0, 80)}" has no value.`);
    }
    const comparatorRows = group.filter((r) => r.comparatorName || r.comparatorValue || r.comparatorPeriod);
    if (comparatorRows.length > MAX_COMPARATORS) own.push(`at most ${MAX_COMPARATORS} comparators can go with a figure.`);
    const raw: RawFigure = {
      period: first.period,
      value: first.value,
      count: first.count,
      comparators: comparatorRows.map((r) => ({ name: r.comparatorName, value: r.comparatorValue, period: r.comparatorPeriod })),
      source: first.source,
      asAt: first.asAt,
    };
    const current = working.get(indicator.id) ?? indicator;
    const period = indicator.cycle ? parsePeriod(first.period, indicator.cycle) : null;
    if (period && first.periodEnd !== period.end) {
      own.push(`periodEnd "${first.periodEnd.slice(0, 40)}" is not the last day of ${period.label} (${period.end}).`);
    }
    const recorded = period ? current.series.find((p) => p.period === period.label) : undefined;
    const checked = checkFigure(current, raw, { mode: recorded ? 'correct' : 'record', today, defaultSource: '' });
    if (!checked.ok) own.push(...checked.problems);
    if (own.length > 0 || !checked.ok) {
      problems.push(...own.map((p) => `${at}: ${p}`));
      continue;
    }
    const value = checked.value;
    if (recorded) {
      const same =
        JSON.stringify([recorded.value, recorded.count ?? null, recorded.asAt, recorded.source, recorded.comparators ?? null]) ===
        JSON.stringify([value.value, value.count ?? null, value.asAt, value.source, value.comparators ?? null]);
      if (same) unchanged += 1;
      else {
        problems.push(
          `${at}: ${value.period} is already recorded as ${formatIndicatorValue(recorded.value, indicator.unit)} (as at ${formatShortDate(recorded.asAt)}); a figure already recorded is changed only by a correction in Teams ("correct ${indicator.aliases[0] ?? indicator.name} for ${value.period} to ..."), which keeps the earlier one.`,
        );
      }
      continue;
    }
    working.set(indicator.id, { ...current, series: [...current.series, value] });
    values.push({ indicatorId: indicator.id, value });
  }
  return problems.length > 0 ? { kind: 'refused', problems } : { kind: 'ok', values, unchanged };
}

export type IndicatorImportReport =
  { kind: 'imported'; file: string; recorded: string[]; unchanged: number } | { kind: 'refused'; file: string; problems: string[] };

/**
 * Imports the rows into the store at `storePath` (created from the seed when absent, as the bot
 * does), holding the store's lock throughout: it refuses while the bot has the store open.
 */
export async function importIndicators(
  storePath: string,
  rows: readonly IndicatorRow[],
  options: { seed: () => Seed; clock: Clock },
): Promise<IndicatorImportReport> {
  const today = londonDate(options.clock.now());
  const lock = await lockStore(storePath, 'import:indicators');
  try {
    // A refused import leaves no trace, not even a new store: check against the seed first.
    if (!existsSync(storePath)) {
      const plan = planIndicatorImport(storeFromSeed(options.seed()).indicators, rows, today);
      if (plan.kind === 'refused') return { kind: 'refused', file: path.resolve(storePath), problems: plan.problems };
    }
    const store = await Store.open(storePath, { seed: options.seed, clock: options.clock });
    try {
      const repo = createLowdbRepository(store, options.clock);
      const plan = planIndicatorImport(await repo.indicators.list(), rows, today);
      if (plan.kind === 'refused') return { kind: 'refused', file: store.file, problems: plan.problems };
      if (plan.values.length === 0) return { kind: 'imported', file: store.file, recorded: [], unchanged: plan.unchanged };
      const result = await repo.indicators.importValues(plan.values, { actor: INDICATOR_IMPORT_ACTOR });
      if (!result.ok) {
        const why = result.error.kind === 'conflict' ? result.error.reason : result.error.kind;
        return { kind: 'refused', file: store.file, problems: [`${result.error.id}: ${why}.`] };
      }
      return { kind: 'imported', file: store.file, recorded: result.value.recorded, unchanged: plan.unchanged };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

/** What the command prints. */
export function describeIndicatorImport(report: IndicatorImportReport): string {
  if (report.kind === 'refused') {
    return [`Nothing was written to ${report.file}. Fix these and run the import again:`, ...report.problems.map((p) => `  - ${p}`)].join(
      '\n',
    );
  }
  const n = report.recorded.length;
  return [
    `${report.file}: ${n} figure${n === 1 ? '' : 's'} recorded, ${report.unchanged} already recorded as given.`,
    ...report.recorded.map((r) => `  - ${r}`),
  ].join('\n');
}
