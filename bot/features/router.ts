import { chooseAnswer, messageAnswer, staleButton, type Answer } from './shared/answer';
import type { QuestionContext } from './shared/context';
import { resolveCommittee, unknownCommitteeAnswer } from './shared/guards';
import { noCommitteesAnswer } from './shared/noCommittees';
import { INTENT_TABLE, recognise, SUBMITS } from './catalogue';
import { searchResults } from './search/search';

/**
 * The router: a message is recognised against the features' definitions and answered by the
 * matching definition's handler; a card button by the handler of the verb it carries. A future
 * model-backed planner can call a definition's handler directly with the same plain inputs.
 */
const BY_INTENT = new Map(INTENT_TABLE.map((d) => [d.intent, d] as const));

export async function answerQuestion(ctx: QuestionContext, text: string): Promise<Answer> {
  if (text.trim() === '') {
    return messageAnswer(
      'I did not catch a question',
      ['Your message was empty. Try one of these, or type "help".'],
      [
        { label: 'Next meeting', text: 'When is the next meeting?' },
        { label: 'Open actions', text: 'Open actions' },
        { label: 'Help', text: 'help' },
      ],
    );
  }
  const [people, committees, indicators] = await Promise.all([
    ctx.records.people.all(),
    ctx.records.committees.all(),
    ctx.records.indicators.list(),
  ]);
  const recognition = recognise(text, { now: ctx.now, data: { people, committees, indicators } });
  if (recognition.kind === 'unknown') {
    if (recognition.unknownCommittee) return unknownCommitteeAnswer(ctx.records, ctx.now, recognition.unknownCommittee, text);
    // Words no definition recognises are searched for before the bot says it did not understand.
    const found = await searchResults(ctx, text, { suggestions: recognition.suggestions });
    if (found) return found;
    return chooseAnswer('Sorry, I did not understand that', 'Did you mean one of these?', recognition.suggestions);
  }
  const { intent, entities } = recognition;
  const definition = BY_INTENT.get(intent)!;
  if (entities.unknownCommittee) return unknownCommitteeAnswer(ctx.records, ctx.now, entities.unknownCommittee, text);
  let scoped = ctx;
  if (definition.aboutCommittee) {
    if (committees.length === 0) return noCommitteesAnswer(await ctx.records.council.name());
    const choice = resolveCommittee(committees, { namedId: entities.committeeId, linkedId: ctx.committeeId, personId: ctx.personId });
    if (choice.kind === 'choose') {
      return chooseAnswer(
        'Which committee?',
        'More than one committee could be meant. Which one?',
        choice.committees.map((c) => ({ label: c.name, text: `${text} (${c.name})` })),
      );
    }
    scoped = { ...ctx, committeeId: choice.committee.id };
  }
  return definition.handler(scoped, entities, text);
}

/**
 * Card buttons that carry data. Each names a verb; anything else (an old card, a tampered
 * payload) gets a polite message and changes nothing.
 */
export async function answerSubmit(ctx: QuestionContext, value: unknown): Promise<Answer> {
  const data = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const verb = typeof data.verb === 'string' ? data.verb : '';
  const submit = SUBMITS.get(verb);
  if (!submit) return staleButton();
  // Every card button acts on a committee's records: with none set up, none can apply.
  if ((await ctx.records.committees.all()).length === 0) return noCommitteesAnswer(await ctx.records.council.name());
  return submit.handler(ctx, data);
}
