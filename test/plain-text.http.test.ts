import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { cardText, checkedCardOf, startTestBot, type TestBot } from './helpers/testBot';

/**
 * Text that people typed is shown as typed, never read as Markdown: on every card it sits in a
 * TextRun (plain by definition), never in a TextBlock or Fact (which Teams reads as Markdown).
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const SEPT = 'childrens-os-2023-09-12';
const TYPED = '[link](http://x) **bold** _x_ <at>Rhiannon Whiteley</at>\n# heading';
const PIECES = ['[link](http://x)', '**bold**', '_x_', '<at>Rhiannon Whiteley</at>', '# heading'];

type Json = Record<string, unknown>;

/** Every place on the card where Teams would read Markdown and that holds a piece of TYPED. */
function markdownPlaces(card: Json): string[] {
  const texts = [
    ...cardElements(card, 'TextBlock').map((b) => String(b.text)),
    ...cardElements(card, 'FactSet').flatMap((f) => (f.facts as { title: string; value: string }[]).flatMap((x) => [x.title, x.value])),
  ];
  return texts.filter((text) => PIECES.some((piece) => text.includes(piece)));
}

/** The card is valid, shows the typed text literally, and nowhere as Markdown. */
function expectLiteral(card: Json): void {
  expect(markdownPlaces(card)).toEqual([]);
  const text = cardText(card, { dropJoiners: true, joinBlocks: true });
  for (const piece of PIECES) expect(text).toContain(piece);
}

describe('typed text is never Markdown', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test("When an apology reason holds Markdown, then the confirmation, the replacement note and the clerk's list show it literally", async () => {
    expectLiteral(checkedCardOf(await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: TYPED }, abbas)));
    // Sending again with another reason: "This replaces the earlier apologies (reason: ...)".
    const replaced = checkedCardOf(await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'Work' }, abbas));
    expect(cardText(replaced)).toMatch(/This replaces the earlier apologies/);
    expectLiteral(replaced);
    await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: TYPED }, abbas);
    expectLiteral(checkedCardOf(await t.say('apologies for the next meeting', clerk)));
  });

  test("When a declaration's nature holds Markdown, then the confirmation, the update note and both lists show it literally", async () => {
    const declare = (nature: string) =>
      t.submit(
        { verb: 'declaration.submit', meetingId: SEPT, itemNumber: '8', kind: 'non-registrable', nature, onRegister: 'false' },
        abbas,
      );
    expectLiteral(checkedCardOf(await declare(TYPED)));
    const updated = checkedCardOf(await declare('My niece attends a family hub'));
    expect(cardText(updated)).toMatch(/replaces your earlier declaration/);
    expectLiteral(updated);
    await declare(TYPED);
    expectLiteral(checkedCardOf(await t.say('declarations for the next meeting', abbas)));
    expectLiteral(checkedCardOf(await t.say('my declarations', abbas)));
  });

  test('When a clerk cancels a meeting with a reason holding Markdown, then the confirmation and the agenda show it literally', async () => {
    const reason = '[link](http://x) **bold** _x_ <at>Rhiannon Whiteley</at> # heading';
    const cancelled = checkedCardOf(await t.say(`cancel the meeting on 16 November because ${reason}`, clerk));
    expect(markdownPlaces(cancelled)).toEqual([]);
    expect(cardText(cancelled, { dropJoiners: true, joinBlocks: true })).toContain('**bold**');
    const agenda = checkedCardOf(await t.say('agenda for 16 November', clerk));
    expect(markdownPlaces(agenda)).toEqual([]);
    expect(cardText(agenda, { dropJoiners: true, joinBlocks: true })).toContain('[link](http://x)');
  });
});
