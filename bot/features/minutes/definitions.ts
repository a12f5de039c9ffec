import { defineFeature } from '../definition';
import { formatShortDate } from '../../format';
import { withMeeting } from '../meetings/meetings';
import { minutesText } from './minutesText';

/** The apologies and declarations paragraphs for the minutes (clerks). */
export const minutesFeature = defineFeature({
  name: 'minutes',
  questions: [
    {
      intent: 'minutesText', priority: 95, label: 'Minutes text',
      patterns: [
        /\bminutes? (?:text|wording|words|entry|entries|paragraphs?)\b/,
        /\b(?:draft|write|prepare|generate|produce|create)\b.*\bminutes?\b/,
        /\btext for (?:the )?minutes\b/,
        /\bminute (?:the )?(?:apologies|declarations)\b/,
        /\bshould the minutes (?:say|record)\b/,
      ],
      examples: ['Minutes text for the next meeting', 'Draft the apologies and declarations minutes'],
      entities: { dateDirection: 'nearest' },
      audience: 'clerk', aboutCommittee: true, template: 'minutes-text',
      handler: (ctx, e) =>
        withMeeting(ctx, e, (meeting) => minutesText(ctx, meeting), (m) => `minutes text for ${formatShortDate(m.date)}`, { includePast: true }),
    },
  ],
  help: {
    clerkCommands: [
      'who has sent apologies; declarations for the next meeting; minutes text for the next meeting; withdraw the declaration for item <n> on behalf of <member>',
    ],
  },
});
