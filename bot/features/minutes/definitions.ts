import { defineFeature } from '../definition';
import { formatShortDate } from '../../format';
import { withMeeting } from '../meetings/meetings';
import { minutesText } from './minutesText';
import { minutesAnswer, minutesMore } from './decisions';
import { staleButton } from '../shared/answer';

/** The minutes held and what they decided (anyone); the apologies and declarations paragraphs for new minutes (clerks). */
export const minutesFeature = defineFeature({
  name: 'minutes',
  questions: [
    {
      intent: 'minutes',
      priority: 63,
      label: 'Minutes and decisions',
      patterns: [
        /\bminutes\b/,
        /\bminute (?:no |number )?\d/,
        /\b(?:decided|resolved?|resolutions?|agreed)\b/,
        /\bdecisions? (?:made|taken|of|from|at|on|about|in|for)\b|\bwhat (?:decisions?|was the decision)\b/,
        /\bwhat happened (?:at|in)\b/,
      ],
      // "What happened at the March meeting agenda" asks for the agenda.
      unless: [/\bagenda\b/],
      examples: [
        'Minutes of the June meeting',
        'What was decided about home to school transport?',
        'What did the committee resolve on fostering?',
        'Minute 38',
      ],
      entities: { dateDirection: 'past' },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'minutes',
      handler: (ctx, e, text) => minutesAnswer(ctx, e, text),
    },
    {
      intent: 'minutesText',
      priority: 95,
      label: 'Minutes text',
      patterns: [
        /\bminutes? (?:text|wording|words|entry|entries|paragraphs?)\b/,
        /\b(?:draft|write|prepare|generate|produce|create)\b.*\bminutes?\b/,
        /\btext for (?:the )?minutes\b/,
        /\bminute (?:the )?(?:apologies|declarations)\b/,
        /\bshould the minutes (?:say|record)\b/,
      ],
      examples: ['Minutes text for the next meeting', 'Draft the apologies and declarations minutes'],
      entities: { dateDirection: 'nearest' },
      audience: 'clerk',
      aboutCommittee: true,
      template: 'minutes-text',
      handler: (ctx, e) =>
        withMeeting(
          ctx,
          e,
          (meeting) => minutesText(ctx, meeting),
          (m) => `minutes text for ${formatShortDate(m.date)}`,
          { includePast: true },
        ),
    },
  ],
  submits: [
    { verb: 'minutes.more', templates: ['minutes'], handler: async (ctx, data) => (await minutesMore(ctx, data)) ?? staleButton() },
  ],
  help: {
    capabilities: ['The minutes held and what the committee decided, by meeting, minute number or subject'],
    clerkCommands: [
      'who has sent apologies; declarations for the next meeting; minutes text for the next meeting; withdraw the declaration for item <n> on behalf of <member>',
    ],
  },
});
