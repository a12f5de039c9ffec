import { indicator, INDICATORS_PER_PAGE, listIndicators } from '../bot/features/indicators/indicators';
import type { Indicator, IndicatorPoint } from '../bot/store/schema';
import { buildSeed } from './helpers/builders';
import { askContextAt, renderChecked } from './helpers/capability';
import { cardElements, cardLines } from './helpers/cards';

/* ---------- helpers ---------- */

type Json = Record<string, unknown>;

/** Everything a user reads on the card: text blocks, rich text lines, facts and button titles. */
const texts = (node: unknown): string[] => cardLines(node, { joinBlocks: true });

/** The chart rows: label, bar weight ("0" when no bar is drawn) and the value as text. */
function chartRows(card: Json): { label: string; bar: number; rest: number; value: string }[] {
  return cardElements(card, 'ColumnSet')
    .filter((cs) => (cs.columns as Json[]).length === 3 && cardElements(cs.columns, 'ColumnSet').length === 1)
    .map((cs) => {
      const [labelCol, barCol, valueCol] = cs.columns as Json[];
      const inner = cardElements(barCol, 'ColumnSet')[0]!.columns as Json[];
      const filled = inner.find((c) => c.style === 'accent');
      const rest = inner.find((c) => c.style === undefined);
      return {
        label: texts(labelCol).join(''),
        bar: filled ? Number(filled.width) : 0,
        rest: rest ? Number(rest.width) : 0,
        value: texts(valueCol).join(''),
      };
    });
}

const source = { document: 'test-report.txt', section: 'Section 2' };

function point(overrides: Partial<IndicatorPoint> & Pick<IndicatorPoint, 'period' | 'value'>): IndicatorPoint {
  return { periodEnd: '2023-03-31', asAt: '2023-06-01', source, ...overrides };
}

function buildIndicator(overrides: Partial<Indicator> & { id: string }): Indicator {
  return {
    name: `Indicator ${overrides.id}`,
    aliases: [overrides.id],
    unit: '%',
    polarity: 'neutral',
    series: [point({ period: '2022/23', value: 10 })],
    comparators: [],
    ...overrides,
  };
}

const seedWith = (indicators: Indicator[]) => () => buildSeed({ indicators });

/* ---------- the latest figure ---------- */

describe('indicator', () => {
  test('When the CP rate is asked on 1 February 2024, then the card shows 30 per 10,000 children at Q3 2023/24 with 135 children, the earlier figures and the comparators', async () => {
    const answer = await indicator(await askContextAt('2024-02-01T10:00:00Z'), { indicatorId: 'cp-rate' });
    expect(answer.template).toBe('indicator');
    const read = texts(renderChecked(answer));

    expect(read).toContain('Children subject to a child protection plan (rate per 10,000 children)');
    expect(read).toContain('30 per 10,000 children');
    expect(read).toContain('Q3 2023/24, 135 children');
    expect(read).toContain('2021/22: 25 per 10,000 children');
    expect(read).toContain('2022/23: 24 per 10,000 children');
    expect(read).toContain('Up from 24 in 2022/23.');
    expect(read).toContain('Below statistical neighbours (39) and national (53).');
    expect(read).toContain('Statistical neighbours: 39 per 10,000 children; Thurrock Council is 9 lower');
    expect(read).toContain('National: 53 per 10,000 children; Thurrock Council is 23 lower');
    expect(read).toContain('As at 31 December 2023');
    expect(read.some((t) => t.startsWith('portfolio-holder-report-childrens-social-care-2024.txt, 1.3 Child Protection'))).toBe(true);
    expect(read.some((t) => t.startsWith('Children subject to a child protection plan per 10,000 of the child population'))).toBe(true);
    expect(answer.view.summary).toBe(
      'Children subject to a child protection plan (rate per 10,000 children): 30 per 10,000 children at Q3 2023/24 (135 children), ' +
        'up from 24 in 2022/23; statistical neighbours 39, national 53. As at 31 December 2023.',
    );
  });

  test('When a neutral indicator rises, then the card says it is neither good nor bad in itself, with no colour judgement', async () => {
    const card = renderChecked(await indicator(await askContextAt('2024-02-01T10:00:00Z'), { indicatorId: 'cp-rate' }));
    const judgement = cardElements(card, 'TextBlock').find((t) => String(t.text).includes('neither good nor bad in itself'));
    expect(judgement).toBeDefined();
    expect(judgement!.color).toBe('Default');
  });

  test('When the CP rate card is rendered, then every figure has a proportional bar and the same figures are given as text', async () => {
    const card = renderChecked(await indicator(await askContextAt('2024-02-01T10:00:00Z'), { indicatorId: 'cp-rate' }));
    expect(chartRows(card)).toEqual([
      { label: '2021/22', bar: 47, rest: 53, value: '25' },
      { label: '2022/23', bar: 45, rest: 55, value: '24' },
      { label: 'Q3 2023/24 (latest)', bar: 57, rest: 43, value: '30' },
      { label: 'Statistical neighbours', bar: 74, rest: 26, value: '39' },
      { label: 'National', bar: 100, rest: 0, value: '53' },
    ]);
    expect(texts(card)).toContain(
      'The bars show (per 10,000 children): 2021/22: 25; 2022/23: 24; Q3 2023/24 (latest): 30; Statistical neighbours: 39; National: 53.',
    );
    // Bars are semantic containers, never hex colours (cardProblems checks hex too).
    const bars = cardElements(card, 'Column').filter((c) => c.style !== undefined);
    expect(bars.every((b) => b.style === 'accent')).toBe(true);
  });

  test('When a comparator is zero, then its row has no bar but still shows its value', async () => {
    const card = renderChecked(await indicator(await askContextAt('2024-02-01T10:00:00Z'), { indicatorId: 'complaints-upheld' }));
    const rows = chartRows(card);
    expect(rows.find((r) => r.label === 'City of London')).toEqual({ label: 'City of London', bar: 0, rest: 100, value: '0%' });
    expect(texts(card)).toContain('Down from 57% in 2021/22.');
    expect(texts(card)).toContain('Better: lower is better for this indicator.');
    expect(texts(card)).toContain('Below Newham (56%); above City of London (0%), London Borough of Redbridge (21%) and Hounslow (14%).');
  });

  test('When a lower-is-better indicator goes up, then the card calls it worse, in words and in the Attention colour', async () => {
    const ind = buildIndicator({
      id: 'waits',
      name: 'Waiting time',
      unit: 'days',
      polarity: 'lower-is-better',
      series: [
        point({ period: '2021/22', periodEnd: '2022-03-31', value: 12 }),
        point({ period: '2022/23', periodEnd: '2023-03-31', value: 15 }),
      ],
    });
    const answer = await indicator(await askContextAt('2023-09-05T09:00:00Z', { seed: seedWith([ind]) }), { indicatorId: 'waits' });
    const card = renderChecked(answer);
    expect(texts(card)).toEqual(
      expect.arrayContaining(['15 days', 'Up from 12 in 2021/22.', 'Worse: lower is better for this indicator.']),
    );
    const judgement = cardElements(card, 'TextBlock').find((t) => t.text === 'Worse: lower is better for this indicator.');
    expect(judgement!.color).toBe('Attention');
  });

  test('When a higher-is-better indicator goes up, then the card calls it better in the Good colour', async () => {
    const ind = buildIndicator({
      id: 'adopt',
      unit: 'children',
      polarity: 'higher-is-better',
      series: [
        point({ period: '2021/22', periodEnd: '2022-03-31', value: 10 }),
        point({ period: '2022/23', periodEnd: '2023-03-31', value: 14 }),
      ],
      comparators: [{ name: 'National', value: 12, source }],
    });
    const card = renderChecked(
      await indicator(await askContextAt('2023-09-05T09:00:00Z', { seed: seedWith([ind]) }), { indicatorId: 'adopt' }),
    );
    const judgement = cardElements(card, 'TextBlock').find((t) => t.text === 'Better: higher is better for this indicator.');
    expect(judgement!.color).toBe('Good');
    expect(texts(card)).toContain('National: 12 children; Test Council is 2 higher, which is better');
  });

  test('When there is only one figure, then the card shows it without a change line', async () => {
    const card = renderChecked(await indicator(await askContextAt('2024-02-01T10:00:00Z'), { indicatorId: 're-referral-rate' }));
    const read = texts(card);
    expect(read).toContain('18.4%');
    expect(read.some((t) => /^(Up|Down) from/.test(t))).toBe(false);
    expect(read).toContain('Below statistical neighbours (21%) and national (22%).');
    expect(read).toContain(
      'Statistical neighbours (2023/24 year to date): 21%; Thurrock Council is 2.6 percentage points lower, which is better',
    );
  });
});

/* ---------- only what was known at the time ---------- */

describe('indicator figures reported later than the clock', () => {
  test('When no figure had been reported yet, then the answer says so with the date', async () => {
    const answer = await indicator(await askContextAt('2023-10-01T09:00:00+01:00'), { indicatorId: 'cp-rate' });
    const read = texts(renderChecked(answer));
    expect(read).toContain(
      'No figure for Children subject to a child protection plan (rate per 10,000 children) had been reported by 1 October 2023.',
    );
    expect(read.join(' ')).not.toContain('30 per 10,000');
  });

  test('When a newer figure is reported after the clock, then the card shows the figure known then and hides the later report', async () => {
    const later = { document: 'later-report.txt' };
    const ind = buildIndicator({
      id: 'rate',
      name: 'Rate',
      unit: '%',
      series: [
        point({ period: '2021/22', periodEnd: '2022-03-31', value: 20, asAt: '2022-06-01' }),
        point({ period: '2022/23', periodEnd: '2023-03-31', value: 25, asAt: '2023-06-01' }),
        point({ period: '2023/24', periodEnd: '2024-03-31', value: 99, asAt: '2024-06-01', source: later }),
      ],
      comparators: [
        { name: 'National', value: 30, source },
        { name: 'Regional', value: 77, source: later },
      ],
    });
    const answer = await indicator(await askContextAt('2024-05-31T12:00:00+01:00', { seed: seedWith([ind]) }), { indicatorId: 'rate' });
    const read = texts(renderChecked(answer));
    expect(read).toContain('25%');
    expect(read).toContain('Up from 20% in 2021/22.');
    expect(read).toContain('As at 1 June 2023');
    expect(read.join(' ')).not.toMatch(/99|77|Regional|2023\/24/);
    expect(answer.view.summary).toBe('Rate: 25% in 2022/23, up from 20% in 2021/22; national 30%. As at 1 June 2023.');
  });

  test('When it is just after midnight in London in summer, then a figure reported that London day counts', async () => {
    const ind = buildIndicator({ id: 'bst', series: [point({ period: '2022/23', value: 42, asAt: '2023-06-15' })] });
    // 23:30 UTC on 14 June is 00:30 BST on 15 June.
    const known = await indicator(await askContextAt('2023-06-14T23:30:00Z', { seed: seedWith([ind]) }), { indicatorId: 'bst' });
    expect(texts(renderChecked(known))).toContain('42%');
    const notYet = await indicator(await askContextAt('2023-06-14T22:30:00Z', { seed: seedWith([ind]) }), { indicatorId: 'bst' });
    expect(texts(renderChecked(notYet))).toContain('No figure for Indicator bst had been reported by 14 June 2023.');
  });
});

/* ---------- the list ---------- */

describe('listIndicators', () => {
  test('When the indicators are listed, then all 27 show with their latest value and a button that asks about each', async () => {
    const answer = await listIndicators(await askContextAt('2024-02-01T10:00:00Z'));
    const card = renderChecked(answer);
    const read = texts(card);
    expect(read).toContain('27 indicators. Choose one for its trend, comparators and source.');
    expect(read).toContain('Children subject to a child protection plan (rate per 10,000 children)');
    expect(read).toContain('30 per 10,000 children, Q3 2023/24');
    expect(read).toContain('47%, 2022/23');
    const buttons = cardElements(card, 'Action.Submit');
    expect(buttons).toHaveLength(27);
    expect(buttons[0]).toMatchObject({ title: 'CP rate', data: { msteams: { type: 'imBack', value: 'CP rate' } } });
    expect(buttons.map((b) => (b.data as { msteams: { value: string } }).msteams.value)).toContain('re-referral rate');
  });

  test('When an indicator has no figure reported yet, then the list says "not yet reported"', async () => {
    const card = renderChecked(await listIndicators(await askContextAt('2023-09-05T09:00:00+01:00')));
    const read = texts(card);
    const cpAt = read.indexOf('Children subject to a child protection plan (rate per 10,000 children)');
    expect(read[cpAt + 1]).toBe('not yet reported');
    // Looked after children was reported in June 2023, so it is known by September.
    const lacAt = read.indexOf('Looked after children (number)');
    expect(read[lacAt + 1]).toBe('292 children, 2022/23');
  });

  test.each([
    ['an unknown id', { indicatorId: 'nope' }],
    ['no id', {}],
  ])('When the indicator asked about is %s, then the list comes back with a line saying so', async (_label, query) => {
    const answer = await indicator(await askContextAt('2024-02-01T10:00:00Z'), query);
    expect(answer.template).toBe('indicator-list');
    const read = texts(renderChecked(answer));
    expect(read[1]).toBe("I don't have that indicator; here are the ones I know.");
    expect(answer.view.summary).toMatch(/^I don't have that indicator; here are the ones I know\. I have figures for 27 indicators/);
  });

  test('When there are more indicators than fit on one card, then "Show more" pages through them by offset', async () => {
    const many = Array.from({ length: INDICATORS_PER_PAGE + 10 }, (_, i) =>
      buildIndicator({ id: `ind-${String(i + 1).padStart(2, '0')}` }),
    );
    const ctx = await askContextAt('2023-09-05T09:00:00Z', { seed: seedWith(many) });
    const first = renderChecked(await listIndicators(ctx));
    const more = cardElements(first, 'Action.Submit').filter((a) => (a.data as Json).verb === 'indicators.more');
    expect(more).toHaveLength(1);
    expect(more[0]!.data).toEqual({ verb: 'indicators.more', offset: INDICATORS_PER_PAGE });
    expect(texts(first)).toContain(`${INDICATORS_PER_PAGE + 10} indicators; showing 1 to ${INDICATORS_PER_PAGE}.`);

    const second = renderChecked(await listIndicators(ctx, { offset: INDICATORS_PER_PAGE }));
    expect(texts(second)).toContain(`Indicator ind-${INDICATORS_PER_PAGE + 10}`);
    expect(texts(second)).not.toContain('Indicator ind-01');
    expect(cardElements(second, 'Action.Submit').filter((a) => (a.data as Json).verb === 'indicators.more')).toHaveLength(0);
  });
});

/* ---------- stored text is data ---------- */

test('When an indicator description holds template or Teams function syntax, then it is shown literally', async () => {
  const raw = 'Counts ${$root} and {{DATE(2017-02-14T06:08:39Z, SHORT)}} and **bold**';
  const ind = buildIndicator({ id: 'odd', name: 'Odd', description: raw });
  const card = renderChecked(
    await indicator(await askContextAt('2023-09-05T09:00:00Z', { seed: seedWith([ind]) }), { indicatorId: 'odd' }),
  );
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(json).not.toContain('{{');
  const description = cardElements(card, 'RichTextBlock').map((b) =>
    texts(b)
      .join('')
      .replace(/\u2060/g, ''),
  );
  expect(description).toContain(raw);
});
