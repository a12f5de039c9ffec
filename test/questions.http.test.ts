import { buildUser } from './helpers/activities';
import { cardOf, cardText, checkedCardOf, startTestBot, type TestBot } from './helpers/testBot';
import { withCorporateParentingPanel } from './helpers/builders';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';

/**
 * Questions as officers and councillors ask them in Teams, answered over HTTP by the real
 * server, with the clock pinned; every card is checked as Teams would receive it.
 */
const officer = buildUser('Janet Simon');
const councillor = buildUser('Qaisar Abbas');

async function ask(t: TestBot, question: string, from = officer, kind: 'personal' | 'channel' = 'personal') {
  const sent = await t.say(question, from, kind);
  expect(sent).toHaveLength(1);
  const card = checkedCardOf(sent);
  expect(typeof sent[0]!.summary).toBe('string');
  return { card, text: cardText(card, { dropJoiners: true }), json: JSON.stringify(card) };
}

describe('questions on 5 September 2023', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(['when is the next meeting', 'next committee', "when's scrutiny next", 'next O&S'])(
    'When an officer asks "%s", then the card shows Tuesday 12 September 2023, 7.00 pm in Committee Room 2 with its agenda and buttons',
    async (q) => {
      const { text, json } = await ask(t, q);
      expect(text).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
      expect(text).toMatch(/Committee Room 2, Civic Offices/);
      expect(text).toMatch(/in 7 days/);
      expect(text).toMatch(/Youth Cabinet Update/);
      expect(text).toMatch(/13-20|13 to 20|13–20/);
      expect(text).toMatch(/Send apologies/);
      expect(text).toMatch(/Declare an interest/);
      expect(text).toMatch(/Add to calendar/);
      expect(json).toContain('/meetings/childrens-os-2023-09-12.ics');
    },
  );

  test('When someone asks in a channel with an @mention, then the mention is ignored and the answer is the same', async () => {
    const { text } = await ask(t, 'when is the next meeting', officer, 'channel');
    expect(text).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
  });

  test('When asked "is there a meeting in January", then it is 16 January 2024 with time to be confirmed', async () => {
    const { text } = await ask(t, 'is there a meeting in January');
    expect(text).toMatch(/16 January 2024/);
    expect(text).toMatch(/to be confirmed/i);
  });

  test('When asked "what\'s on the agenda on 16 November", then the meeting of Thursday 16 November 2023 is shown', async () => {
    const { text } = await ask(t, "what's on the agenda on 16 November");
    expect(text).toMatch(/Thursday 16 November 2023/);
  });

  test('When asked for open actions, then minutes actions and the thematic review plan are grouped, and completed ones are left out', async () => {
    const { text } = await ask(t, 'open actions');
    expect(text).toMatch(/Minutes of 15 June 2023/);
    expect(text).toMatch(/15 open actions/);
    expect(text).toMatch(/Show more/);
  });

  test('When "Show more" is pressed, then the next page of actions arrives', async () => {
    const first = await ask(t, 'open actions');
    const more = (first.card.actions as { title: string; data: Record<string, unknown> }[]).find((a) => a.title.startsWith('Show more'))!;
    expect(more).toBeDefined();
    const sent = await t.submit(more.data, officer);
    const text = cardText(cardOf(sent));
    expect(text).toMatch(/showing 9 to 15/);
  });

  test('When asked for actions for Janet Simon, then her action from the June minutes is listed', async () => {
    const { text } = await ask(t, 'actions for Janet Simon');
    expect(text).toMatch(/Janet Simon/);
    expect(text).toMatch(/ACTION 3/);
  });

  test('When asked who is on the committee, then chair, vice-chair, co-opted members and substitutes are listed', async () => {
    const { text } = await ask(t, 'who is on the committee');
    expect(text).toMatch(/Elizabeth Rigby/);
    expect(text).toMatch(/Sara Muldowney/);
    expect(text).toMatch(/Church of England/);
    expect(text).toMatch(/Cici Manwa/);
  });

  test('When asked who the clerk is, then Rhiannon Whiteley and how to send apologies are shown', async () => {
    const { text } = await ask(t, 'who is the clerk');
    expect(text).toMatch(/Rhiannon Whiteley/);
    expect(text).toMatch(/Direct\.Democracy@thurrock\.gov\.uk/);
  });

  test("When asked for the work programme for January, then that meeting's items are shown", async () => {
    const { text } = await ask(t, "what's coming to the January meeting");
    expect(text).toMatch(/16 January 2024/);
  });

  test('When asked for help, then example questions are offered as buttons that send text', async () => {
    const { card } = await ask(t, 'help');
    const actions = card.actions as { data: { msteams: { type: string; value: string } } }[];
    expect(actions.length).toBeGreaterThanOrEqual(4);
    expect(actions.every((a) => a.data.msteams.type === 'imBack' && a.data.msteams.value.length > 0)).toBe(true);
  });

  test('When the message is not understood, then suggestions come back as buttons, never an error', async () => {
    const { text, card } = await ask(t, 'purple elephant banana');
    expect(text).toMatch(/did not understand/);
    expect((card.actions as unknown[]).length).toBe(3);
  });

  test.each([
    '',
    '   ',
    '\u200b\u200b',
    '${$root}',
    '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
    '<script>alert(1)</script>',
    "'; DROP TABLE meetings; --",
    '🙂'.repeat(500),
    'x'.repeat(100_000),
  ])('When the message is hostile or empty (%#), then a clear card comes back', async (q) => {
    const { text } = await ask(t, q);
    expect(text.length).toBeGreaterThan(0);
  });

  test('When the calendar link is fetched, then a valid iCalendar with the London time comes back', async () => {
    const res = await fetch(`${t.url}/meetings/childrens-os-2023-09-12.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const body = await res.text();
    expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(body).toContain('DTSTART;TZID=Europe/London:20230912T190000');
    expect(body.trim().endsWith('END:VCALENDAR')).toBe(true);
    expect((await fetch(`${t.url}/meetings/no-such-meeting.ics`)).status).toBe(404);
  });
});

describe('indicators on 1 February 2024', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ now: '2024-02-01T09:00:00Z' });
  });
  afterAll(async () => {
    await t.stop();
  });

  test.each(["what's the CP rate", 'current child protection rate', 'how many children are on CP plans'])(
    'When asked "%s", then it is 30 per 10,000 children at Q3 2023/24 (135 children) against 39 and 53',
    async (q) => {
      const { text } = await ask(t, q);
      expect(text).toMatch(/30 per 10,000 children/);
      expect(text).toMatch(/Q3 2023\/24/);
      expect(text).toMatch(/135 children/);
      expect(text).toMatch(/39/);
      expect(text).toMatch(/53/);
      expect(text).toMatch(/portfolio-holder-report|Portfolio/i);
    },
  );

  test.each([
    ['children in need rate', /253/],
    ['re-referral rate', /18\.4/],
    ['reoffending rate', /36\.4/],
    ['how many looked after children', /292/],
  ])('When asked "%s", then the latest figure is shown', async (q, figure) => {
    const { text } = await ask(t, q);
    expect(text).toMatch(figure);
  });

  test('When asked to list indicators, then the known indicators come back with buttons', async () => {
    const { text } = await ask(t, 'list indicators');
    expect(text).toMatch(/child protection/i);
    expect(text).toMatch(/re-referral/i);
  });
});

describe('no meeting ahead', () => {
  test('When no meeting is scheduled after now, then the bot says so, shows the last meeting and how a clerk adds one', async () => {
    const t = await startTestBot({ now: '2024-04-01T09:00:00+01:00' });
    try {
      const { text } = await ask(t, 'when is the next meeting', councillor);
      expect(text).toMatch(/No meeting .* is scheduled/);
      expect(text).toMatch(/12 March 2024/);
      expect(text).toMatch(/add meeting/);
    } finally {
      await t.stop();
    }
  });
});

describe('questions on a council with two committees', () => {
  let t: TestBot;
  beforeAll(async () => {
    // The seed plus the Corporate Parenting Panel: Elizabeth Rigby chairs it and sits on the
    // Children's Services committee; Rhiannon Whiteley clerks both; Qaisar Abbas is on one.
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data: withCorporateParentingPanel(storeFromSeed(loadSeed())) });
  });
  afterAll(async () => {
    await t.stop();
  });

  test('When a member of one committee asks for the next meeting in a personal chat, then it is that committee’s', async () => {
    const { text } = await ask(t, 'When is the next meeting?', councillor);
    expect(text).toMatch(/Children's Services Overview and Scrutiny Committee/);
    expect(text).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
  });

  test('When someone on both committees, or their clerk, asks, then they are asked which committee, with a button for each', async () => {
    for (const who of [buildUser('Elizabeth Rigby'), buildUser('Rhiannon Whiteley')]) {
      const { text, json } = await ask(t, 'When is the next meeting?', who);
      expect(text).toMatch(/Which committee\?/);
      expect(json).toContain('When is the next meeting? (Corporate Parenting Panel)');
      expect(json).toContain("When is the next meeting? (Children's Services Overview and Scrutiny Committee)");
    }
  });

  test('When an officer on neither asks, then they are asked which committee; naming one answers about it', async () => {
    expect((await ask(t, 'When is the next meeting?', officer)).text).toMatch(/Which committee\?/);
    const { text } = await ask(t, 'When is the next meeting? (Corporate Parenting Panel)', officer);
    expect(text).toMatch(/Corporate Parenting Panel/);
    expect(text).toMatch(/Tuesday 3 October 2023, 2\.00 pm/);
  });
});
