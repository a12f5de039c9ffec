import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AskContext } from '../bot/features/shared/context';
import { workProgramme, type WorkProgrammeView } from '../bot/features/workProgramme/workProgramme';
import type { SeedStore } from './helpers/capability';
import type { Meeting, WorkProgrammeEntry } from '../bot/store/schema';
import { buildMeeting, buildSeed } from './helpers/builders';
import { askContext, openSeedStore, renderChecked } from './helpers/capability';
import { cardText, type ReadOptions } from './helpers/cards';

const JANUARY = { from: '2024-01-01', to: '2024-01-31', text: 'January' };

function ask(repo: SeedStore, now: string, committeeId = 'childrens-os'): AskContext {
  return askContext(repo, now, { committeeId });
}

/** Every string a reader can see on the card (its summary too), invisible joiners removed. */
const READ: ReadOptions = { withSummary: true, dropJoiners: true };

/** The work programme as committed in data/, read directly rather than through the bot. */
function seedEntries(meetingId: string): WorkProgrammeEntry[] {
  const all = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'data', 'work-programme.json'), 'utf8')) as WorkProgrammeEntry[];
  return all.filter((e) => e.meetingId === meetingId);
}

let repo: SeedStore;
beforeAll(async () => {
  repo = await openSeedStore();
});

describe('work programme (real seed)', () => {
  test("When someone asks what's coming to the January meeting, then the card lists that meeting's entries from the work programme", async () => {
    const answer = await workProgramme(ask(repo, '2023-09-05T09:00:00+01:00'), { date: JANUARY });
    expect(answer.template).toBe('work-programme');
    const view = answer.view as WorkProgrammeView;
    const text = cardText(renderChecked(answer), READ);
    const expected = seedEntries('childrens-os-2024-01-16');
    expect(expected.length).toBe(7);

    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]?.heading).toBe('Tuesday 16 January 2024, time to be confirmed');
    expect(view.groups[0]?.status).toBe('Upcoming');
    expect(view.groups[0]?.entries.map((e) => e.topic)).toEqual(expected.map((e) => e.topic));
    for (const entry of expected) expect(text).toContain(entry.topic);
    expect(text).toContain('Lead officer: Councillor B Johnson');
    expect(text).toContain('Lead officer: Angela Surrey · Requested by: Standing Item');
    expect(answer.view.summary).toMatch(
      /^7 items are coming to the meeting on Tuesday 16 January 2024, time to be confirmed: Youth Cabinet Update; /,
    );
  });

  test('When someone asks for the work programme, then every meeting is listed: upcoming first in date order, then past ones marked held', async () => {
    const answer = await workProgramme(ask(repo, '2023-09-12T20:00:00+01:00'), {});
    const view = answer.view as WorkProgrammeView;
    renderChecked(answer);
    expect(view.groups.map((g) => [g.heading.split(',')[0], g.status])).toEqual([
      ['Thursday 16 November 2023', 'Upcoming'],
      ['Tuesday 16 January 2024', 'Upcoming'],
      ['Tuesday 12 March 2024', 'Upcoming'],
      ['Thursday 15 June 2023', 'Held'],
      ['Tuesday 12 September 2023', 'Held'],
    ]);
    const total = view.groups.reduce((n, g) => n + g.entries.length, 0);
    expect(total).toBe(
      ['2023-06-15', '2023-09-12', '2023-11-16', '2024-01-16', '2024-03-12'].reduce(
        (n, d) => n + seedEntries(`childrens-os-${d}`).length,
        0,
      ),
    );
    expect(view.hasNote).toBe(false);
    expect(answer.view.summary).toContain('The next meeting, Thursday 16 November 2023, time to be confirmed, has 9 items');
  });

  test("When someone asks for the next meeting's work programme, then only that meeting is listed", async () => {
    const view = (await workProgramme(ask(repo, '2023-09-05T09:00:00+01:00'), { relative: 'next' })).view as WorkProgrammeView;
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]?.entries.map((e) => e.topic)).toEqual(seedEntries('childrens-os-2023-09-12').map((e) => e.topic));
  });

  test('When someone asks about a month with no meeting, then it says so and offers the nearest meetings', async () => {
    const answer = await workProgramme(ask(repo, '2023-09-05T09:00:00+01:00'), {
      date: { from: '2024-02-01', to: '2024-02-29', text: 'February' },
    });
    expect(answer.template).toBe('message');
    const card = renderChecked(answer);
    expect(cardText(card, READ)).toContain(
      "There is no meeting of the Children's Services Overview and Scrutiny Committee in February 2024.",
    );
    expect((card.actions as { title: string }[]).map((a) => a.title)).toEqual(['16 November 2023', '16 January 2024', '12 March 2024']);
  });
});

describe('work programme (built data)', () => {
  test('When the programme is too long for one card, then upcoming meetings come first, "Show more" and the recent past ones are a tap away, and the card stays valid', async () => {
    const meetings: Meeting[] = Array.from({ length: 12 }, (_, i) =>
      buildMeeting({ id: `m-${i}`, date: `2030-${String(i + 1).padStart(2, '0')}-15` }),
    );
    const entries: WorkProgrammeEntry[] = meetings.flatMap((m) =>
      Array.from({ length: 12 }, (_, j) => ({
        id: `${m.id}-${j}`,
        committeeId: 'test-committee',
        meetingId: m.id,
        topic: `Topic ${j} for ${m.date}: ${'a long scrutiny topic title '.repeat(4)}`,
        leadOfficer: 'Somebody Long-Named, Assistant Director of Something',
        requestedBy: 'Members',
        source: { document: 'test-fixture' },
      })),
    );
    const built = await openSeedStore(() => buildSeed({ meetings, workProgramme: entries }));
    const answer = await workProgramme(ask(built, '2030-06-20T09:00:00+01:00', 'test-committee'), {});
    const view = answer.view as WorkProgrammeView;
    const card = renderChecked(answer);
    expect(view.groups.length).toBeGreaterThan(0);
    expect(view.groups.every((g) => g.status === 'Upcoming')).toBe(true);
    expect(view.note).toContain('The whole programme is too long for one card');
    expect((card.actions as { title: string }[]).map((a) => a.title)).toEqual([
      expect.stringMatching(/^Show more/),
      '15 June 2030',
      '15 May 2030',
      '15 April 2030',
      '15 March 2030',
    ]);
  });

  test('When a stored topic holds template or Teams function syntax, then the card shows it literally', async () => {
    const tricky = '${$root} {{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const built = await openSeedStore(() =>
      buildSeed({
        workProgramme: [
          {
            id: 'wp-1',
            committeeId: 'test-committee',
            meetingId: 'test-committee-2030-01-15',
            topic: tricky,
            leadOfficer: tricky,
            requestedBy: null,
            source: { document: 'test-fixture' },
          },
        ],
      }),
    );
    const card = renderChecked(await workProgramme(ask(built, '2030-01-01T09:00:00Z', 'test-committee'), {}));
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(json).not.toContain('{{');
    expect(cardText(card, READ)).toContain(tricky);
    expect(cardText(card, READ)).toContain(`Lead officer: ${tricky}`);
  });
});
