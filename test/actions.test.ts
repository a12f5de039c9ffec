import { ACTIONS_PER_CARD, openActions, type ActionsMoreData, type OpenActionsQuery } from '../bot/features/actions/actions';
import type { AskContext } from '../bot/features/shared/context';
import type { Action, Seed } from '../bot/store/schema';
import { buildMeeting, buildPerson, buildSeed } from './helpers/builders';
import { askContextAt, renderChecked } from './helpers/capability';
import { cardElements, cardLines } from './helpers/cards';

/* ---------- helpers ---------- */

type Json = Record<string, unknown>;

/** Everything a user reads: text blocks, each rich text block as one line, button titles. */
const texts = (node: unknown): string[] => cardLines(node, { joinBlocks: true });

/** Each action on the card as the lines a user reads, keyed by its reference line. */
function actionsOn(card: Json): Map<string, string[]> {
  const blocks = cardElements(card, 'Container').filter((c) => c.separator === true);
  return new Map(
    blocks.map((b) => {
      const lines = texts(b);
      return [lines[0]!, lines];
    }),
  );
}

/** The "Show more" button's data, or undefined when there is none. */
function moreData(card: Json): ActionsMoreData | undefined {
  const button = cardElements(card, 'Action.Submit').find((a) => (a.data as Json).verb === 'actions.more');
  return button?.data as ActionsMoreData | undefined;
}

/** Follows "Show more" the way the route does, returning every card. */
async function allPages(ctx: AskContext, query: OpenActionsQuery): Promise<Json[]> {
  const cards = [renderChecked(await openActions(ctx, query))];
  for (let more = moreData(cards[0]!); more; more = moreData(cards[cards.length - 1]!)) {
    cards.push(renderChecked(await openActions(ctx, { ...more.filter, offset: more.offset })));
    if (cards.length > 10) throw new Error('pagination does not end');
  }
  return cards;
}

const fixture = { document: 'test-fixture' };

function buildAction(overrides: Partial<Action> & { id: string }): Action {
  return {
    reference: overrides.id.toUpperCase(),
    origin: { kind: 'minutes', title: 'Minutes of 15 January 2030', meetingId: 'test-committee-2030-01-15' },
    text: `Do ${overrides.id}`,
    requestedBy: null,
    owner: null,
    due: null,
    dueText: null,
    status: 'open',
    rag: null,
    source: fixture,
    ...overrides,
  };
}

const seedWith =
  (actions: Action[], extra: Partial<Seed> = {}) =>
  () =>
    buildSeed({ actions, ...extra });

const SEPT_5 = '2023-09-05T09:00:00+01:00';

/* ---------- the committee's actions at 5 September 2023 ---------- */

describe('open actions from the seed on 5 September 2023', () => {
  test('When open actions are asked for, then the June minutes actions 1-6 and the 9 open plan actions are listed over two cards with their owners', async () => {
    const ctx = await askContextAt(SEPT_5);
    const cards = await allPages(ctx, {});
    expect(cards).toHaveLength(2);
    expect(texts(cards[0])).toEqual(expect.arrayContaining(['Open actions', '15 open actions; showing 1 to 8']));
    expect(texts(cards[1])).toContain('15 open actions; showing 9 to 15');
    const listed = new Map(cards.flatMap((c) => [...actionsOn(c)]));
    expect(listed.size).toBe(15);

    const expectedOwners: Record<string, string> = {
      'ACTION 1 (minute 34)': 'not recorded',
      'ACTION 2 (minute 36)': 'not recorded',
      'ACTION 3 (minute 38)': "The Assistant Director of Children's Social Care and Early Help (Janet Simon)",
      'ACTION 4 (minute 38)': 'not recorded',
      'ACTION 5 (minute 39)': 'The Assistant Director for Education (Michele Lucas)',
      'ACTION 6 (minute 39)': 'The Assistant Director for Education (Michele Lucas)',
      '1.1': 'Thurrock LSCP Business Team',
      '1.3.2': 'MSEFT',
      '1.3.3': 'Thurrock CSC',
      '2.1': 'LSCP Business Team and YOS',
      '2.2': 'LSCP Business Team',
      '3': 'LSCP Business Team, SAB to include CSC and ASC',
      '5.1': 'Thurrock Housing Council and Private Landlords and ASB Team',
      '5.2': 'Thurrock Housing',
      '6.1': 'Thurrock Education',
    };
    for (const [reference, owner] of Object.entries(expectedOwners)) {
      expect(listed.get(reference)).toContain(`Owner: ${owner}`);
    }
    // The six green, complete recommendations are never "open".
    for (const done of ['1.2', '1.3.1', '1.4', '4.1', '4.2', '6.2']) expect(listed.has(done)).toBe(false);
  });

  test('When open actions are asked for, then they are grouped under the minutes and the plan they come from, each with its source', async () => {
    const [first] = await allPages(await askContextAt(SEPT_5), {});
    const headings = cardElements(first, 'TextBlock')
      .filter((t) => t.style === 'heading')
      .map((t) => t.text);
    expect(headings).toEqual(['Open actions', 'Minutes of 15 June 2023', 'Thematic Review Action Plan']);
    const read = texts(first);
    expect(read).toContain('Source: agenda-pack-childrens-os-committee-2023-09-12.txt, pages 5-12');
    expect(read).toContain('Source: agenda-pack-childrens-os-committee-2023-09-12.txt, pages 47-52');
  });

  test('When an action is listed, then who asked, the owner, the due date and the RAG rating are given in words', async () => {
    const [first] = await allPages(await askContextAt(SEPT_5), {});
    const listed = actionsOn(first!);
    expect(listed.get('ACTION 1 (minute 34)')).toEqual([
      'ACTION 1 (minute 34)',
      'A further advert to be put out for co-opted members for the Committee.',
      'Asked by: Councillor Muldowney',
      'Owner: not recorded',
      'Due: not recorded',
    ]);
    const plan = listed.get('1.1')!;
    expect(plan).toEqual(expect.arrayContaining(['RAG: Amber', 'Asked by: not recorded', 'Due: 31 October 2023']));
    expect(plan.some((l) => l.startsWith('Latest update: Action plan presented to the Youth Crime Governance Board'))).toBe(true);
    expect(plan).not.toContain('Overdue');
    const amber = cardElements(first, 'TextBlock').find((t) => t.text === 'RAG: Amber');
    expect(amber!.color).toBe('Warning');
  });

  test('When the Show more button is pressed, then it carries the next offset and the filter without the offset', async () => {
    const card = renderChecked(await openActions(await askContextAt(SEPT_5), { actionOrigin: 'plan', offset: 0 }));
    expect(moreData(card)).toEqual({ verb: 'actions.more', offset: ACTIONS_PER_CARD, filter: { actionOrigin: 'plan' } });
  });

  test('When action plan actions are asked for, then the 9 open thematic review actions are listed and the minutes are not', async () => {
    const ctx = await askContextAt(SEPT_5);
    const cards = await allPages(ctx, { actionOrigin: 'plan' });
    expect(texts(cards[0])).toEqual(expect.arrayContaining(['Open actions on action plans', '9 open actions; showing 1 to 8']));
    const listed = cards.flatMap((c) => [...actionsOn(c).keys()]);
    expect(listed).toEqual(['1.1', '1.3.2', '1.3.3', '2.1', '2.2', '3', '5.1', '5.2', '6.1']);
    expect(cards.flatMap(texts)).not.toContain('Minutes of 15 June 2023');
  });

  test('When actions for Janet Simon are asked for, then the action she owns is listed under a filter line naming her', async () => {
    const card = renderChecked(await openActions(await askContextAt(SEPT_5), { personIds: ['janet-simon'] }));
    expect(texts(card)).toEqual(expect.arrayContaining(['Open actions for Janet Simon', '1 open action']));
    expect([...actionsOn(card).keys()]).toEqual(['ACTION 3 (minute 38)']);
  });

  test('When actions for a councillor are asked for, then the actions they asked for are listed', async () => {
    const card = renderChecked(await openActions(await askContextAt(SEPT_5), { personIds: ['sara-muldowney'] }));
    expect([...actionsOn(card).keys()]).toEqual(['ACTION 1 (minute 34)', 'ACTION 2 (minute 36)']);
  });

  test('When the actions from the June meeting are asked for, then the six June actions are listed', async () => {
    const card = renderChecked(
      await openActions(await askContextAt(SEPT_5), { date: { from: '2023-06-01', to: '2023-06-30', text: 'June' } }),
    );
    expect(texts(card)).toEqual(expect.arrayContaining(['Open actions from the June meeting', '6 open actions']));
    expect(actionsOn(card).size).toBe(6);
  });

  test('When overdue actions are asked for and none are, then a friendly message says what was searched', async () => {
    const answer = await openActions(await askContextAt(SEPT_5), { overdue: true });
    const read = texts(renderChecked(answer));
    expect(read).toContain('No open actions match');
    expect(read).toContain('I looked for overdue actions (due before 5 September 2023 and not yet complete) and found none.');
    expect(read).toContain('All open actions');
  });

  test('When actions from a month with no meeting are asked for, then the message names the dates searched', async () => {
    const answer = await openActions(await askContextAt(SEPT_5), { date: { from: '2023-08-01', to: '2023-08-31', text: 'August' } });
    expect(texts(renderChecked(answer))).toContain(
      'I looked for open actions from the August meeting (from meetings between 1 August 2023 and 31 August 2023) and found none.',
    );
  });

  test('When the thematic review actions pass their dates, then the overdue ones are flagged Overdue in the Attention colour', async () => {
    const card = renderChecked(await openActions(await askContextAt('2023-11-05T09:00:00Z'), { actionOrigin: 'plan' }));
    const listed = actionsOn(card);
    expect(listed.get('1.1')).toContain('Overdue'); // due 31 October 2023
    expect(listed.get('2.2')).not.toContain('Overdue'); // due 31 December 2023
    expect(texts(card)).toContain('9 open actions, 7 overdue; showing 1 to 8');
    const flag = cardElements(card, 'TextBlock').find((t) => t.text === 'Overdue');
    expect(flag!.color).toBe('Attention');
  });
});

/* ---------- who is asking ---------- */

describe('my actions', () => {
  test('When a guest asks for my actions, then the bot says politely it does not know who they are', async () => {
    const answer = await openActions(await askContextAt(SEPT_5, { personId: null }), { self: true });
    expect(answer.template).toBe('message');
    const read = texts(renderChecked(answer));
    expect(read[0]).toBe("I don't know who you are yet");
    expect(read.join(' ')).toContain("I can't tell who you are");
  });

  test('When a known person asks for my actions, then their own actions are listed as "Your open actions"', async () => {
    const card = renderChecked(await openActions(await askContextAt(SEPT_5, { personId: 'michele-lucas' }), { self: true }));
    expect(texts(card)).toEqual(expect.arrayContaining(['Your open actions', '2 open actions']));
    expect([...actionsOn(card).keys()]).toEqual(['ACTION 5 (minute 39)', 'ACTION 6 (minute 39)']);
  });

  test('When a name matches more than one person, then the bot asks which, with a button per person', async () => {
    // "actions for Smith": the recogniser finds two people.
    const answer = await openActions(await askContextAt(SEPT_5), { personIds: ['natalie-smith', 'dave-smith'] });
    expect(answer.template).toBe('choose');
    const buttons = cardElements(renderChecked(answer), 'Action.Submit');
    expect(buttons.map((b) => [b.title, (b.data as { msteams: { value: string } }).msteams.value])).toEqual([
      ['Actions for Natalie Smith', 'actions for Natalie Smith'],
      ['Actions for Dave Smith', 'actions for Dave Smith'],
    ]);
  });
});

/* ---------- edge cases with built data ---------- */

describe('open actions edge cases', () => {
  const people = [
    buildPerson({ id: 'ann-officer', name: 'Ann Officer', kind: 'officer' }),
    buildPerson({ id: 'bob-member', name: 'Bob Member' }),
  ];
  const now = '2030-02-10T12:00:00Z';

  test('When an action was due yesterday and is still open, then it is Overdue; one due today is not; a completed one is not listed', async () => {
    const seed = seedWith([
      buildAction({ id: 'late', due: '2030-02-09', rag: 'red' }),
      buildAction({ id: 'today', due: '2030-02-10', rag: 'green' }),
      buildAction({ id: 'done', due: '2030-02-09', status: 'complete' }),
    ]);
    const ctx = await askContextAt(now, { seed });
    const all = actionsOn(renderChecked(await openActions(ctx, {})));
    expect([...all.keys()]).toEqual(['LATE', 'TODAY']);
    expect(all.get('LATE')).toEqual(expect.arrayContaining(['Overdue', 'RAG: Red', 'Due: 9 February 2030']));
    expect(all.get('TODAY')).not.toContain('Overdue');
    const overdue = renderChecked(await openActions(ctx, { overdue: true }));
    expect(texts(overdue)).toEqual(expect.arrayContaining(['Overdue actions', '1 overdue action']));
    expect([...actionsOn(overdue).keys()]).toEqual(['LATE']);
  });

  test('When the actions of two sources are interleaved in the records, then each source is listed together, in the order sources first appear', async () => {
    const plan = { kind: 'plan' as const, title: 'Improvement Plan' };
    const seed = seedWith([
      buildAction({ id: 'm1' }),
      buildAction({ id: 'p1', origin: plan }),
      buildAction({ id: 'm2' }),
      buildAction({ id: 'done', status: 'complete', origin: { ...plan, title: 'Finished Plan' } }),
      buildAction({ id: 'p2', origin: plan }),
      buildAction({ id: 'm3' }),
    ]);
    const card = renderChecked(await openActions(await askContextAt(now, { seed }), {}));
    expect([...actionsOn(card).keys()]).toEqual(['M1', 'M2', 'M3', 'P1', 'P2']);
    const headings = cardElements(card, 'TextBlock')
      .filter((t) => t.style === 'heading')
      .map((t) => t.text);
    expect(headings).toEqual(['Open actions', 'Minutes of 15 January 2030', 'Improvement Plan']);
  });

  test('When RAG ratings are shown, then each is a word with a semantic colour, never colour alone', async () => {
    const seed = seedWith([
      buildAction({ id: 'r', rag: 'red' }),
      buildAction({ id: 'a', rag: 'amber' }),
      buildAction({ id: 'g', rag: 'green' }),
    ]);
    const card = renderChecked(await openActions(await askContextAt(now, { seed }), {}));
    const colours = Object.fromEntries(
      cardElements(card, 'TextBlock')
        .filter((t) => String(t.text).startsWith('RAG: '))
        .map((t): [string, unknown] => [String(t.text), t.color]),
    );
    expect(colours).toEqual({ 'RAG: Red': 'Attention', 'RAG: Amber': 'Warning', 'RAG: Green': 'Good' });
  });

  test('When 30 actions are open, then they come 8, 8, 8 and 6 to a card, each "Show more" carrying the next offset', async () => {
    const actions = Array.from({ length: 30 }, (_, i) =>
      buildAction({ id: `a${String(i + 1).padStart(2, '0')}`, owner: { name: 'Ann Officer' } }),
    );
    const ctx = await askContextAt(now, { seed: seedWith(actions, { people }) });
    const cards = await allPages(ctx, { personIds: ['ann-officer'] });
    expect(cards.map((c) => actionsOn(c).size)).toEqual([8, 8, 8, 6]);
    expect(cards.map((c) => moreData(c)?.offset)).toEqual([8, 16, 24, undefined]);
    expect(moreData(cards[0]!)!.filter).toEqual({ personIds: ['ann-officer'] });
    expect(texts(cards[3])).toContain('30 open actions; showing 25 to 30');
    expect(cards.flatMap((c) => [...actionsOn(c).keys()])).toEqual(actions.map((a) => a.reference));
    // An offset past the end (an old button) shows the last card rather than nothing.
    expect(texts(renderChecked(await openActions(ctx, { personIds: ['ann-officer'], offset: 99 })))).toContain(
      '30 open actions; showing 25 to 30',
    );
  });

  test('When an owner is stored by name only, then asking for that person finds the action by name', async () => {
    const seed = seedWith(
      [
        buildAction({ id: 'named', owner: { name: 'Head of Service (ann officer) with the LSCP' } }),
        buildAction({ id: 'someone-else', owner: { name: 'Annabel Officers' } }),
      ],
      { people },
    );
    const card = renderChecked(await openActions(await askContextAt(now, { seed }), { personIds: ['ann-officer'] }));
    expect(texts(card)).toContain('Open actions for Ann Officer');
    expect([...actionsOn(card).keys()]).toEqual(['NAMED']);
  });

  test('When a due date is only written in words, then it is shown as written', async () => {
    const seed = seedWith([
      buildAction({ id: 'words', dueText: 'Ongoing' }),
      buildAction({ id: 'month', due: '2030-03-31', dueText: 'March 2030' }),
    ]);
    const listed = actionsOn(renderChecked(await openActions(await askContextAt(now, { seed }), {})));
    expect(listed.get('WORDS')).toContain('Due: Ongoing');
    expect(listed.get('MONTH')).toContain('Due: 31 March 2030 (March 2030)');
  });

  test('When the conversation is about another committee, then minutes actions of this one are left out but plans stay', async () => {
    const seed = seedWith([buildAction({ id: 'mins' }), buildAction({ id: 'plan', origin: { kind: 'plan', title: 'Improvement Plan' } })], {
      meetings: [buildMeeting()],
    });
    const card = renderChecked(await openActions(await askContextAt(now, { seed, committeeId: 'other-committee' }), {}));
    expect([...actionsOn(card).keys()]).toEqual(['PLAN']);
  });

  test('When the same list is asked again after an action is completed or the committee differs, then the answer follows the records', async () => {
    const seed = seedWith(
      [
        buildAction({ id: 'mins' }),
        buildAction({ id: 'other' }),
        buildAction({ id: 'plan', origin: { kind: 'plan', title: 'Improvement Plan' } }),
      ],
      { meetings: [buildMeeting()] },
    );
    const ctx = await askContextAt(now, { seed });
    const keysOf = async (c: AskContext) => [...actionsOn(renderChecked(await openActions(c, {}))).keys()];
    expect(await keysOf(ctx)).toEqual(['MINS', 'OTHER', 'PLAN']);
    expect(await keysOf({ ...ctx, committeeId: 'other-committee' })).toEqual(['PLAN']);
    const done = await ctx.records.actions.update(
      'other',
      1,
      { status: 'complete' },
      { actor: { personId: null, aadObjectId: null, name: 'test' } },
    );
    expect(done.ok).toBe(true);
    expect(await keysOf(ctx)).toEqual(['MINS', 'PLAN']);
    expect(await keysOf({ ...ctx, committeeId: 'other-committee' })).toEqual(['PLAN']);
  });

  test('When stored action text holds template syntax, Teams functions or markdown, then it is shown literally', async () => {
    const raw = 'Report ${$root} by {{DATE(2017-02-14T06:08:39Z, SHORT)}} in **bold**';
    const update = 'Update ${summary} **not bold**';
    const seed = seedWith([buildAction({ id: 'odd', text: raw, update, owner: { name: '${title}' } })]);
    const card = renderChecked(await openActions(await askContextAt(now, { seed }), {}));
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(json).not.toContain('{{');
    const lines = actionsOn(card)
      .get('ODD')!
      .map((l) => l.replace(/\u2060/g, ''));
    expect(lines).toEqual(expect.arrayContaining([raw, 'Owner: ${title}', `Latest update: ${update}`]));
    // Free text goes in TextRuns, which Teams never reads as markdown.
    const runs = cardElements(card, 'TextRun').map((r) => String(r.text).replace(/\u2060/g, ''));
    expect(runs).toContain(raw);
  });
});
