import { defineFeature } from '../definition';
import { messageAnswer, staleButton } from '../shared/answer';
import { searchResults } from './search';

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
      handler: (ctx, _e, text) =>
        searchResults(ctx, text) ??
        messageAnswer(
          'Nothing found',
          ['I found nothing in the agendas, minutes, actions, work programme, indicators or budget I hold for that.'],
          [{ label: 'Help', text: 'help' }],
        ),
    },
  ],
  submits: [
    {
      verb: 'search.more',
      templates: ['search'],
      handler: (ctx, data) =>
        (typeof data.query === 'string' ? searchResults(ctx, data.query.slice(0, 500), { offset: data.offset }) : null) ?? staleButton(),
    },
  ],
  help: {
    capabilities: ['Search the agendas, minutes, actions, work programme, indicators and budget: "search fostering"'],
  },
});
