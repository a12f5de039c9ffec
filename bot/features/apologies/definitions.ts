import { defineFeature } from '../definition';
import { formatShortDate } from '../../format';
import { onePerson } from '../shared/people';
import { withMeeting } from '../meetings/meetings';
import { apologyForm, listApologies, sendApologies, withdrawApologies } from './apologies';

/** Councillors send or withdraw apologies (for themselves or, clerks, for a member); the list with the quorum forecast. */
export const apologiesFeature = defineFeature({
  name: 'apologies',
  questions: [
    {
      intent: 'sendApologies',
      priority: 75,
      label: 'Send apologies',
      patterns: [
        /\b(?:send|give|submit|tender|register|record|log|offer|pass on|put in|sending|giving)\b.*\bapolog\w*\b/,
        /\bmy apolog\w*\b/,
        /\bapolog\w*\b.*\b(?:i|me|my)\b/,
        /\b(?:i|me)\b.*\bapolog\w*\b/,
        /\bi (?:cannot|can not|will not|would not|could not|may not|might not|shall not) (?:make|attend|come|be there|be at|get to|join)\b/,
        /\bi (?:am unable|will be unable|am not able|will not be able|would not be able) to (?:make|attend|come|be there|get to|join)\b/,
        /\bi am not (?:going to make|going to attend|coming|attending)\b/,
        /\bi (?:am|will be) (?:away|absent|on leave|on holiday|unavailable|not available|not around)\b/,
        /\bapolog\w*\b.*\breason\b/,
      ],
      unless: [/\bwho\b/, /\b(?:list|any|how many)\b.*\bapolog\w*\b/],
      examples: [
        'Send my apologies for the next meeting',
        "Apologies for 16 November, I'm on leave",
        "I can't make Tuesday's committee, Cllr Green will substitute",
        'Send apologies on behalf of Cllr Abbas',
      ],
      entities: { actsForOthers: true, reason: 'apology', recordsForMeeting: true },
      menu: {
        title: 'send apologies',
        description: 'Councillors: send your apologies for the next meeting, with a reason and a substitute',
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'member',
      aboutCommittee: true,
      template: 'apology-confirmation',
      handler: async (ctx, e) => {
        const person = await onePerson(ctx, e.onBehalfOfIds, 'send apologies on behalf of');
        if (person.kind === 'choose') return person.answer;
        const substitute = await onePerson(ctx, e.substituteIds, 'send my apologies, substitute');
        if (substitute.kind === 'choose') return substitute.answer;
        return withMeeting(
          ctx,
          e,
          (meeting) => sendApologies(ctx, { meetingId: meeting.id, onBehalfOf: person.id, reason: e.reason, substituteId: substitute.id }),
          (meeting) => `send my apologies for ${formatShortDate(meeting.date)}`,
        );
      },
    },
    {
      intent: 'withdrawApologies',
      priority: 85,
      label: 'Withdraw apologies',
      patterns: [
        /\b(?:withdraw\w*|cancel\w*|retract\w*|revoke|remove|delete|scrap|undo|take back)\b.*\bapolog\w*\b/,
        /\bapolog\w*\b.*\b(?:withdrawn|cancelled|canceled|no longer needed)\b/,
        /\b(?:can|will|could|am able to|will be able to) (?:now )?(?:make|attend|come|be there)\b.*\bafter all\b/,
        /\bi can now (?:make|attend|come)\b/,
        /\bno longer\b.*\bapolog\w*\b/,
      ],
      examples: ['Withdraw my apologies', 'Cancel my apologies', 'I can make it after all'],
      entities: { actsForOthers: true, recordsForMeeting: true },
      audience: 'member',
      aboutCommittee: true,
      template: 'apology-confirmation',
      handler: async (ctx, e) => {
        const person = await onePerson(ctx, e.onBehalfOfIds, 'withdraw apologies on behalf of');
        if (person.kind === 'choose') return person.answer;
        return withMeeting(
          ctx,
          e,
          (meeting) => withdrawApologies(ctx, { meetingId: meeting.id, onBehalfOf: person.id }),
          (meeting) => `withdraw my apologies for ${formatShortDate(meeting.date)}`,
        );
      },
    },
    {
      intent: 'listApologies',
      priority: 70,
      label: 'Apologies received',
      patterns: [
        /\bapolog\w*\b/, // any other mention: "apologies for the next meeting" is a list request
        /\bquorum|quorate\b/,
        /\bwho (?:is|are|will be) (?:absent|away|missing|not coming|not attending)\b/,
        /\bwho (?:cannot|can not|is not able to|is unable to) (?:make|attend|come)\b/,
      ],
      examples: ['Who has sent apologies?', 'Apologies for the next meeting', 'List apologies', 'Quorum'],
      entities: { dateDirection: 'nearest' },
      menu: {
        title: 'who has sent apologies',
        description: 'Apologies received for the next meeting and the quorum forecast',
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'apologies-list',
      handler: (ctx, e) =>
        withMeeting(
          ctx,
          e,
          (meeting) => listApologies(ctx, meeting),
          (m) => `apologies for ${formatShortDate(m.date)}`,
          { includePast: true },
        ),
    },
  ],
  submits: [
    { verb: 'apologies.form', templates: ['apology-form'], handler: (ctx, data) => apologyForm(ctx, data.meetingId) },
    {
      verb: 'apologies.submit',
      templates: ['apology-confirmation'],
      handler: (ctx, data) =>
        sendApologies(ctx, {
          meetingId: data.meetingId,
          onBehalfOf: data.onBehalfOf,
          reason: data.reason,
          substituteId: data.substituteId,
        }),
    },
    {
      verb: 'apologies.withdraw',
      templates: ['apology-confirmation'],
      handler: (ctx, data) => withdrawApologies(ctx, { meetingId: data.meetingId, onBehalfOf: data.onBehalfOf, version: data.version }),
    },
  ],
  help: {
    capabilities: ['Sending apologies and declaring interests, or withdrawing one made in error (councillors)'],
    examples: [{ label: 'Send apologies', text: 'Send my apologies for the next meeting' }],
  },
});
