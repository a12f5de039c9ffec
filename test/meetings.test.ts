import type { AskContext } from '../bot/features/shared/context';
import { agenda, nextMeeting, type MeetingCardView, type AgendaCardView } from '../bot/features/meetings/meetings';
import type { SeedStore } from './helpers/capability';
import type { AgendaItem, Meeting } from '../bot/store/schema';
import { hasStarted } from '../bot/store/meetingTime';
import { buildCommittee, buildMeeting, buildSeed } from './helpers/builders';
import { askContext, openSeedStore, PUBLIC_URL, renderChecked } from './helpers/capability';
import { cardText, type ReadOptions } from './helpers/cards';

const COMMITTEE = "Children's Services Overview and Scrutiny Committee";
const JANUARY = { from: '2024-01-01', to: '2024-01-31', text: 'January' };

function ask(repo: SeedStore, now: string, committeeId: string | null = 'childrens-os'): AskContext {
  return askContext(repo, now, { committeeId });
}

/** Every string a reader can see or hear on the card (its summary and links too), invisible joiners removed. */
const READ: ReadOptions = { withSummary: true, withLinks: true, dropJoiners: true };

function actionsOf(card: Record<string, unknown>): Record<string, unknown>[] {
  return (card.actions as Record<string, unknown>[] | undefined) ?? [];
}

let seedRepo: SeedStore;
beforeAll(async () => {
  seedRepo = await openSeedStore();
});

describe('next meeting (real seed)', () => {
  test('When it is 5 September 2023, then the next meeting is Tuesday 12 September 2023, 7.00 pm, in Committee Room 2, in 7 days, with its published agenda', async () => {
    const answer = await nextMeeting(ask(seedRepo, '2023-09-05T09:00:00+01:00'), {});
    expect(answer.template).toBe('meeting');
    const card = renderChecked(answer);
    const text = cardText(card, READ);
    expect(text).toContain('Tuesday 12 September 2023, 7.00 pm');
    expect(text).toContain('Committee Room 2, Civic Offices, New Road, Grays, Essex, RM17 6SL');
    expect(text).toContain('in 7 days');
    expect(text).toContain('Agenda published on Monday 4 September 2023');
    expect(text).toContain('https://www.thurrock.gov.uk/webcast');
    expect(text).toContain('Source: agenda-pack-childrens-os-committee-2023-09-12.txt');
    expect(text).toContain('As at Tuesday 5 September 2023');
    expect(answer.view.summary).toMatch(
      new RegExp(`^The next meeting of the ${COMMITTEE} is on Tuesday 12 September 2023, 7\\.00 pm, at Committee Room 2`),
    );

    const view = answer.view as MeetingCardView;
    expect(view.meeting?.items).toHaveLength(10);
    const item5 = view.meeting?.items[4];
    expect(item5?.heading).toBe('5. Youth Cabinet Update');
    expect(item5?.details).toContain('pages 13-20');
    expect(item5?.details).toContain('Angela Surrey, Youth Worker');
    expect(text).toContain('5. Youth Cabinet Update');
    expect(text).toContain('pages 13-20');
  });

  test('When the next meeting is ahead, then the card has Send apologies, Declare an interest and Add to calendar for that meeting', async () => {
    const card = renderChecked(await nextMeeting(ask(seedRepo, '2023-09-05T09:00:00+01:00'), {}));
    expect(actionsOf(card)).toEqual([
      { type: 'Action.Submit', title: 'Send apologies', data: { verb: 'apologies.form', meetingId: 'childrens-os-2023-09-12' } },
      { type: 'Action.Submit', title: 'Declare an interest', data: { verb: 'declaration.form', meetingId: 'childrens-os-2023-09-12' } },
      { type: 'Action.OpenUrl', title: 'Add to calendar', url: `${PUBLIC_URL}/meetings/childrens-os-2023-09-12.ics` },
    ]);
  });

  test.each([
    ['2023-09-11T10:00:00+01:00', 'tomorrow'],
    ['2023-09-12T09:00:00+01:00', 'today'],
    ['2023-09-12T18:59:00+01:00', 'today'],
  ])('When it is %s, then the 12 September meeting is "%s"', async (now, relative) => {
    const view = (await nextMeeting(ask(seedRepo, now), {})).view as MeetingCardView;
    expect(view.meeting?.id).toBe('childrens-os-2023-09-12');
    expect(view.meeting?.relative).toBe(relative);
  });

  test('When the 12 September meeting has started, then the next meeting is 16 November 2023 with time and venue to be confirmed', async () => {
    const answer = await nextMeeting(ask(seedRepo, '2023-09-12T20:00:00+01:00'), {});
    const text = cardText(renderChecked(answer), READ);
    expect((answer.view as MeetingCardView).meeting?.id).toBe('childrens-os-2023-11-16');
    expect(text).toContain('Thursday 16 November 2023, time to be confirmed');
    expect(text).toContain('Venue to be confirmed');
    expect(text).toContain('Agenda not yet published');
    expect(answer.view.summary).toContain('Thursday 16 November 2023, time to be confirmed, venue to be confirmed');
  });

  test('When someone asks about January, then the meeting of Tuesday 16 January 2024 is shown', async () => {
    const answer = await nextMeeting(ask(seedRepo, '2023-09-05T09:00:00+01:00'), { date: JANUARY });
    const text = cardText(renderChecked(answer), READ);
    expect((answer.view as MeetingCardView).meeting?.id).toBe('childrens-os-2024-01-16');
    expect(text).toContain('Tuesday 16 January 2024, time to be confirmed');
    expect(answer.view.summary).toContain('meets on Tuesday 16 January 2024');
  });

  test('When someone asks about a month with no meeting, then it says only that and offers the meetings ahead as buttons', async () => {
    const answer = await nextMeeting(ask(seedRepo, '2023-09-05T09:00:00+01:00'), {
      date: { from: '2024-02-01', to: '2024-02-29', text: 'February' },
    });
    expect(answer.template).toBe('message');
    const card = renderChecked(answer);
    const text = cardText(card.body, READ);
    expect(text).toContain(`There is no meeting of the ${COMMITTEE} in February 2024.`);
    expect(text).not.toMatch(/Next meeting|Tuesday 12 September 2023/);
    const values = actionsOf(card).map((a) => (a.data as { msteams: { value: string } }).msteams.value);
    expect(values).toEqual([
      'Is there a meeting on 12 September 2023?',
      'Is there a meeting on 16 November 2023?',
      'Is there a meeting on 16 January 2024?',
      'Is there a meeting on 12 March 2024?',
    ]);
  });

  test('When no meeting is scheduled after now, then it says so, shows the most recent meeting and how a clerk adds one', async () => {
    const answer = await nextMeeting(ask(seedRepo, '2024-04-01T10:00:00+01:00'), {});
    const card = renderChecked(answer);
    const text = cardText(card, READ);
    expect(text).toContain(`No meeting of the ${COMMITTEE} is scheduled after Monday 1 April 2024.`);
    expect(text).toContain('Most recent meeting');
    expect(text).toContain('Tuesday 12 March 2024, time to be confirmed');
    expect(text).toContain('Venue to be confirmed');
    expect(text).toContain(`A clerk can add one by typing: add meeting ${COMMITTEE} on <date> at <time> in <venue>`);
    expect(actionsOf(card)).toEqual([]);
    expect(answer.view.summary).toContain('No meeting of the');
  });

  test('When someone asks for the last meeting, then the 15 June 2023 meeting is shown without apologies or declaration buttons', async () => {
    const answer = await nextMeeting(ask(seedRepo, '2023-09-05T09:00:00+01:00'), { relative: 'last' });
    const card = renderChecked(answer);
    expect((answer.view as MeetingCardView).meeting?.id).toBe('childrens-os-2023-06-15');
    expect(cardText(card, READ)).toContain('Thursday 15 June 2023, 7.00 pm');
    expect(actionsOf(card)).toEqual([]);
    expect(answer.view.summary).toContain('The last meeting of the');
  });
});

describe('agenda (real seed)', () => {
  test('When someone asks for the agenda of 12 September, then every item shows with its pages, lead officer and description', async () => {
    const answer = await agenda(ask(seedRepo, '2023-09-05T09:00:00+01:00'), {
      date: { from: '2023-09-12', to: '2023-09-12', text: '12 September' },
    });
    expect(answer.template).toBe('agenda');
    const view = answer.view as AgendaCardView;
    const text = cardText(renderChecked(answer), READ);
    expect(view.items.map((i) => i.heading.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(text).toContain("6. 2022/23 Annual Complaints and Representations Report - Children's Social Care");
    expect(text).toContain('pages 21-38 · Lead officer: Lee Henley, Strategic Lead, Information Management');
    expect(text).toContain('Section 100B (4) (b) of the Local Government Act 1972');
    expect(text).toContain('Agenda published on Monday 4 September 2023');
  });

  test('When someone asks about one agenda item, then only that item is shown', async () => {
    const answer = await agenda(ask(seedRepo, '2023-09-05T09:00:00+01:00'), { itemNumber: '5' });
    const view = answer.view as AgendaCardView;
    renderChecked(answer);
    expect(view.items.map((i) => i.heading)).toEqual(['5. Youth Cabinet Update']);
    expect(answer.view.summary).toContain(
      'Item 5, Youth Cabinet Update, is on the agenda for Tuesday 12 September 2023, 7.00 pm (pages 13-20',
    );
  });

  test('When someone asks for an item the agenda does not have, then it says so and shows the whole agenda', async () => {
    const answer = await agenda(ask(seedRepo, '2023-09-05T09:00:00+01:00'), { itemNumber: '14' });
    const view = answer.view as AgendaCardView;
    expect(cardText(renderChecked(answer), READ)).toContain('There is no item 14 on this agenda.');
    expect(view.items).toHaveLength(10);
  });

  test('When someone asks for the agenda of 16 November, then it says the agenda is not yet published and when it is due', async () => {
    const answer = await agenda(ask(seedRepo, '2023-09-05T09:00:00+01:00'), {
      date: { from: '2023-11-16', to: '2023-11-16', text: '16 November' },
    });
    const text = cardText(renderChecked(answer), READ);
    expect(text).toContain('The agenda has not been published yet.');
    expect(text).toContain('It is due by Wednesday 8 November 2023');
    expect((answer.view as AgendaCardView).items).toEqual([]);
  });

  test('When someone asks for the agenda on a day with no meeting, then it says so and offers the nearest meetings', async () => {
    const answer = await agenda(ask(seedRepo, '2023-09-05T09:00:00+01:00'), {
      date: { from: '2023-11-17', to: '2023-11-17', text: '17 November' },
    });
    expect(answer.template).toBe('message');
    const card = renderChecked(answer);
    expect(cardText(card, READ)).toContain(`There is no meeting of the ${COMMITTEE} on Friday 17 November 2023.`);
    const values = actionsOf(card).map((a) => (a.data as { msteams: { value: string } }).msteams.value);
    expect(values).toEqual(['agenda 12 September 2023', 'agenda 16 November 2023', 'agenda 16 January 2024']);
  });
});

describe('edge cases (built data)', () => {
  const restrictedItem: AgendaItem = {
    number: '7',
    title: 'Placement Contract Award',
    description: 'SECRET-DESCRIPTION about a named child',
    pages: { from: 91, to: 99 },
    leadOfficer: 'SECRET-OFFICER, Head of Placements',
    restricted: true,
    exemptParagraph: '1',
    late: true,
    urgencyReason: 'SECRET-URGENCY',
  };
  const withRestricted = () =>
    buildSeed({
      meetings: [buildMeeting({ agendaPublished: '2030-01-06', agendaItems: [...buildMeeting().agendaItems, restrictedItem] })],
    });

  test('When an agenda has a restricted item, then only its number, title and "Restricted (not for publication)" appear on any card', async () => {
    const repo = await openSeedStore(withRestricted);
    const ctx = { ...ask(repo, '2030-01-10T09:00:00Z'), committeeId: 'test-committee' };
    const answers = [
      await nextMeeting(ctx, {}),
      await nextMeeting(ctx, { date: { from: '2030-01-01', to: '2030-01-31', text: 'January' } }),
      await agenda(ctx, {}),
      await agenda(ctx, { itemNumber: '7' }),
    ];
    for (const answer of answers) {
      const json = JSON.stringify(renderChecked(answer));
      expect(json).toContain('7. Placement Contract Award');
      expect(json).toContain('Restricted (not for publication)');
      expect(json).not.toMatch(/SECRET|pages 91|91-99|Late item/);
      expect(JSON.stringify(answer.view)).not.toMatch(/SECRET|91/);
    }
    // The public item beside it still shows its details.
    expect(cardText(renderChecked(await agenda(ctx, {})), READ)).toContain('pages 5-12 · Lead officer: Ann Officer');
  });

  test('When a meeting ahead is cancelled, then the next meeting says so and the cancelled one shows as cancelled with its reason and no buttons', async () => {
    const repo = await openSeedStore(() =>
      buildSeed({
        meetings: [
          buildMeeting({ id: 'm-cancelled', date: '2030-01-15', status: 'cancelled', cancelledReason: 'Insufficient business' }),
          buildMeeting({ id: 'm-next', date: '2030-02-12' }),
        ],
      }),
    );
    const ctx = { ...ask(repo, '2030-01-10T09:00:00Z'), committeeId: 'test-committee' };
    const next = await nextMeeting(ctx, {});
    expect((next.view as MeetingCardView).meeting?.id).toBe('m-next');
    expect(cardText(renderChecked(next), READ)).toContain(
      'The meeting on Tuesday 15 January 2030 has been cancelled: Insufficient business.',
    );

    const cancelled = await nextMeeting(ctx, { date: { from: '2030-01-15', to: '2030-01-15', text: '15 January' } });
    const card = renderChecked(cancelled);
    expect(cardText(card, READ)).toContain('Cancelled: Insufficient business');
    expect(actionsOf(card)).toEqual([]);
    expect(cancelled.view.summary).toContain('has been cancelled: Insufficient business');
  });

  test('When a month has two meetings, then the user is asked which one, with a button per meeting', async () => {
    const repo = await openSeedStore(() =>
      buildSeed({
        meetings: [buildMeeting({ id: 'm-1', date: '2030-01-07' }), buildMeeting({ id: 'm-2', date: '2030-01-21', startTime: null })],
      }),
    );
    const ctx = { ...ask(repo, '2030-01-01T09:00:00Z'), committeeId: 'test-committee' };
    const january = { from: '2030-01-01', to: '2030-01-31', text: 'January' };
    const answer = await agenda(ctx, { date: january });
    expect(answer.template).toBe('choose');
    const card = renderChecked(answer);
    expect(actionsOf(card).map((a) => (a.data as { msteams: { value: string } }).msteams.value)).toEqual([
      'agenda 7 January 2030',
      'agenda 21 January 2030',
    ]);
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Monday 7 January 2030, 7.00 pm', 'Monday 21 January 2030, time to be confirmed']);
    expect((await nextMeeting(ctx, { date: january })).template).toBe('choose');
  });

  test('When stored text holds template or Teams function syntax, then the cards show it literally', async () => {
    const tricky = '${$root} {{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const repo = await openSeedStore(() =>
      buildSeed({
        meetings: [
          buildMeeting({
            venue: tricky,
            agendaItems: [{ number: '1', title: tricky, description: tricky, pages: null, leadOfficer: tricky, restricted: false }],
          }),
        ],
      }),
    );
    const ctx = { ...ask(repo, '2030-01-10T09:00:00Z'), committeeId: 'test-committee' };
    for (const answer of [await nextMeeting(ctx, {}), await agenda(ctx, {})]) {
      const card = renderChecked(answer);
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      expect(json).not.toContain('{{');
      expect(cardText(card, READ)).toContain(`1. ${tricky}`);
      expect(cardText(card, READ)).toContain(`Lead officer: ${tricky}`);
    }
  });

  test('When an agenda is very long, then the cards stay under 28 KB and say that items were left out', async () => {
    const items: AgendaItem[] = Array.from({ length: 80 }, (_, i) => ({
      number: String(i + 1),
      title: `Item ${i + 1}: ${'a long report title '.repeat(6)}`,
      description: 'A long description of the report and its recommendations. '.repeat(12),
      pages: { from: i * 10 + 1, to: i * 10 + 9 },
      leadOfficer: 'Somebody Long-Named, Assistant Director of Something Important',
      restricted: false,
    }));
    const repo = await openSeedStore(() => buildSeed({ meetings: [buildMeeting({ agendaItems: items, agendaPublished: '2030-01-06' })] }));
    const ctx = { ...ask(repo, '2030-01-10T09:00:00Z'), committeeId: 'test-committee' };

    const meeting = await nextMeeting(ctx, {});
    expect(cardText(renderChecked(meeting), READ)).toMatch(/Showing items 1 to \d+ of 80/);
    const full = await agenda(ctx, {});
    expect(cardText(renderChecked(full), READ)).toMatch(/Showing items 1 to \d+ of 80/);
    expect((full.view as AgendaCardView).items.length).toBeGreaterThan(0);
  });

  test('When the conversation has no committee and there are two, then the user is asked which, with the question repeated per committee', async () => {
    const repo = await openSeedStore(() =>
      buildSeed({
        committees: [buildCommittee(), buildCommittee({ id: 'planning', name: 'Planning Committee', aliases: ['planning'] })],
      }),
    );
    const answer = await nextMeeting(ask(repo, '2030-01-10T09:00:00Z', null), {});
    expect(answer.template).toBe('choose');
    const card = renderChecked(answer);
    expect(actionsOf(card).map((a) => (a.data as { msteams: { value: string } }).msteams.value)).toEqual([
      'When is the next meeting of Test Committee?',
      'When is the next meeting of Planning Committee?',
    ]);
  });

  test('When the conversation has no committee but there is only one, then it is answered for that committee', async () => {
    const repo = await openSeedStore(() => buildSeed());
    const answer = await nextMeeting(ask(repo, '2030-01-10T09:00:00Z', null), {});
    expect(answer.template).toBe('meeting');
    expect((answer.view as MeetingCardView).meeting?.id).toBe('test-committee-2030-01-15');
  });
});

describe('whether a meeting has started', () => {
  // hasStarted decides from the London date first and works out an instant only for today's meetings.
  const cases: [string, Partial<Meeting>, string, boolean][] = [
    ['late the evening before', { date: '2023-09-11', startTime: '23:30' }, '2023-09-12T00:10:00+01:00', true],
    ['time to be confirmed, the day before', { date: '2023-09-11', startTime: null }, '2023-09-12T00:00:00+01:00', true],
    ['time to be confirmed, late on its day', { date: '2023-09-12', startTime: null }, '2023-09-12T23:59:00+01:00', false],
    ['today, an hour before it starts', { date: '2023-09-12', startTime: '19:00' }, '2023-09-12T18:00:00+01:00', false],
    ['today, as it starts', { date: '2023-09-12', startTime: '19:00' }, '2023-09-12T19:00:00+01:00', true],
    ['tomorrow at midnight, a minute before', { date: '2023-09-13', startTime: '00:00' }, '2023-09-12T23:59:00+01:00', false],
    ['tomorrow, time to be confirmed', { date: '2023-09-13', startTime: null }, '2023-09-12T23:59:00+01:00', false],
    // 00:30 UTC on 12 March 2024 is still 12 March in London (GMT); on 12 September it is 01:30 BST
    ['in winter, just after midnight UTC', { date: '2024-03-11', startTime: '23:45' }, '2024-03-12T00:30:00Z', true],
    ['in summer, the UTC day behind London', { date: '2023-09-12', startTime: '00:30' }, '2023-09-11T23:45:00Z', true],
    ['in summer, London a day ahead of UTC', { date: '2023-09-12', startTime: '01:00' }, '2023-09-11T23:45:00Z', false],
  ];
  test.each(cases)('When a meeting is %s, then hasStarted says so', (_label, overrides, now, started) => {
    expect(hasStarted(buildMeeting(overrides), new Date(now))).toBe(started);
  });
});
