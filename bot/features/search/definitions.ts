import { defineFeature } from '../definition';
import { messageAnswer, staleButton, type Answer } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { whoIs } from '../people/whoIs';
import { openRecord, RECORD_TEMPLATE } from './record';
import { namesOnly, searchResults } from './search';

const nothingFound = (): Answer =>
  messageAnswer(
    'Nothing found',
    ['I found nothing in the agendas, minutes, actions, work programme, indicators or budget I hold for that.'],
    [{ label: 'Help', text: 'help' }],
  );

async function searchOrNothing(ctx: AskContext, text: string): Promise<Answer> {
  return (await searchResults(ctx, text)) ?? nothingFound();
}

/** Search across agenda items, minutes, actions, the work programme, indicators and budget lines. */
export const searchFeature = defineFeature({
  name: 'search',
  questions: [
    {
      intent: 'search',
      // Above the questions a searched word may also name ("search actions on fostering"),
      // below the clerks' commands.
      priority: 84,
      label: 'Search',
      patterns: [
        /^(?:please )?(?:search|look up|lookup)\b/,
        /^(?:is there |have we (?:got )?|do (?:you|we) (?:have|hold) )?(?:anything|something|everything) (?:about|on|regarding|concerning|to do with)\b/,
        /^what (?:do you|does the bot) (?:have|hold|know) (?:about|on)\b/,
      ],
      examples: ['Search fostering', 'Anything about home to school transport?'],
      audience: 'anyone',
      aboutCommittee: false,
      template: 'search',
      handler: (ctx, _e, text) => searchOrNothing(ctx, text),
    },
    {
      intent: 'tellMeAbout',
      // Above an indicator named in passing ("tell me about fostering" is wider than one figure),
      // below the questions with a card of their own; those that share lower-priority rows'
      // subjects (meetings, membership, rates, the budget) are left to those rows.
      priority: 54,
      label: 'Tell me about',
      patterns: [
        /^(?:(?:please|so|ok|okay|and|hi|hello) )?(?:(?:can|could|would) you )?(?:please )?tell me (?:a bit |a little |more |something )?about\b/,
        /^what can you tell me about\b/,
      ],
      unless: [
        /\b(?:meetings?|meet|committee|session|agenda|members?|membership|chair\w*|substitutes?|co ?opted)\b/,
        /\b(?:rate|how many|per 10 ?000|budget\w*|spend\w*|funding)\b/,
      ],
      examples: ['Tell me about home to school transport'],
      audience: 'anyone',
      aboutCommittee: false,
      template: 'search',
      // A person named on their own ("tell me about Janet Simon") gets who they are.
      handler: async (ctx, e, text) =>
        e.personIds && e.personIds.length > 0 && (await namesOnly(ctx, e.personIds, text))
          ? whoIs(ctx, e.personIds, text)
          : searchOrNothing(ctx, text),
    },
  ],
  submits: [
    {
      verb: 'search.more',
      templates: ['search'],
      handler: async (ctx, data) =>
        (typeof data.query === 'string'
          ? await searchResults(ctx, data.query.slice(0, 500), { offset: data.offset, everywhere: data.everywhere === true })
          : null) ?? staleButton(),
    },
    { verb: 'search.open', templates: [RECORD_TEMPLATE], handler: (ctx, data) => openRecord(ctx, data) },
  ],
  help: {
    capabilities: ['Search the agendas, minutes, actions, work programme, indicators and budget: "search fostering"'],
  },
});
