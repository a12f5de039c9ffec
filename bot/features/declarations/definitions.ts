import { defineFeature } from '../definition';
import { formatShortDate } from '../../format';
import { onePerson } from '../shared/people';
import { withMeeting } from '../meetings/meetings';
import { declarationForm, declareInterest, listDeclarations, withdrawDeclaration } from './declarations';

/** Declarations of interest: declare, withdraw one made in error, and the lists. */
export const declarationsFeature = defineFeature({
  name: 'declarations',
  questions: [
    {
      intent: 'declareInterest',
      priority: 74,
      label: 'Declare an interest',
      patterns: [
        /\bdeclar(?:e|ing)\b.*\binterests?\b/,
        /\binterests? in (?:agenda )?item\b/,
        /\bi (?:have|hold) (?:a |an |my )?(?:\w+ )?(?:interest|declaration|dpi)\b/,
        /\b(?:make|making|register|record|log|submit|add) (?:a |an |my )?(?:\w+ )?(?:declaration|dpi)\b/,
      ],
      unless: [/\bwho (?:has|have|is|are)\b/],
      examples: [
        'I need to declare an interest in item 6',
        'Declare a pecuniary interest in item 8, my wife works for the provider',
        'Declare an interest',
      ],
      entities: { actsForOthers: true, reason: 'declaration', interestKind: true, recordsForMeeting: true },
      menu: {
        title: 'declare an interest',
        description: 'Councillors: declare an interest in an item on the next agenda',
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'member',
      aboutCommittee: true,
      template: 'declaration-form',
      handler: (ctx, e) =>
        withMeeting(
          ctx,
          e,
          (meeting) => declarationForm(ctx, meeting.id, { itemNumber: e.itemNumber, kind: e.interestKind, nature: e.reason }),
          (m) => `declare an interest for ${formatShortDate(m.date)}${e.itemNumber ? ` item ${e.itemNumber}` : ''}`,
        ),
    },
    {
      intent: 'withdrawDeclaration',
      priority: 86,
      label: 'Withdraw a declaration',
      patterns: [
        /\b(?:withdraw\w*|cancel\w*|retract\w*|revoke|remove|delete|undo|take back)\b.*\b(?:declarations?|declared interests?|interests?|dpi)\b/,
        /\b(?:declarations?|interests?)\b.*\b(?:withdrawn|in error|by mistake|made in error)\b/,
      ],
      unless: [/\bapolog\w*\b/],
      examples: [
        'Withdraw my declaration for item 8',
        'Cancel my declaration of interest',
        'Withdraw the declaration for item 8 on behalf of Cllr Abbas',
      ],
      entities: { actsForOthers: true, recordsForMeeting: true },
      audience: 'member',
      aboutCommittee: true,
      template: 'declaration-confirmation',
      handler: async (ctx, e) => {
        const person = await onePerson(ctx, e.onBehalfOfIds, 'withdraw declaration on behalf of');
        if (person.kind === 'choose') return person.answer;
        return withMeeting(
          ctx,
          e,
          (meeting) => withdrawDeclaration(ctx, { meetingId: meeting.id, itemNumber: e.itemNumber, onBehalfOf: person.id }),
          (m) => `withdraw my declaration for ${formatShortDate(m.date)}${e.itemNumber ? ` item ${e.itemNumber}` : ''}`,
        );
      },
    },
    {
      intent: 'listDeclarations',
      priority: 72,
      label: 'Declarations of interest',
      patterns: [
        /\bdeclarations?\b/,
        /\bwho (?:has|have|is|are)\b.*\b(?:declared|declaring|interests?)\b/,
        /\bwho declared\b/,
        /\binterests? declared\b/,
        /\b(?:has|have) been declared\b/,
      ],
      examples: ['Declarations for the next meeting', 'Who has declared interests?', 'List declarations'],
      entities: { dateDirection: 'nearest', interestKind: true },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'declarations-list',
      handler: (ctx, e) =>
        withMeeting(
          ctx,
          e,
          (meeting) => listDeclarations(ctx, meeting, false),
          (m) => `declarations for ${formatShortDate(m.date)}`,
          { includePast: true },
        ),
    },
    {
      intent: 'myDeclarations',
      priority: 78,
      label: 'My declarations',
      patterns: [
        /\bmy (?:declarations?|declared interests|interests)\b/,
        /\b(?:have|did) i (?:declare|declared)\b/,
        /\binterests? (?:have|did) i\b/,
      ],
      unless: [/\bdeclar(?:e|ing) my\b/], // "declare my interest in item 6" is a new declaration
      examples: ['My declarations', 'What have I declared?'],
      entities: { dateDirection: 'nearest', interestKind: true },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'declarations-list',
      handler: (ctx, e) =>
        withMeeting(
          ctx,
          e,
          (meeting) => listDeclarations(ctx, meeting, true),
          (m) => `my declarations for ${formatShortDate(m.date)}`,
          { includePast: true },
        ),
    },
  ],
  submits: [
    { verb: 'declaration.form', templates: ['declaration-form'], handler: (ctx, data) => declarationForm(ctx, data.meetingId) },
    {
      verb: 'declaration.submit',
      templates: ['declaration-confirmation'],
      handler: (ctx, data) =>
        declareInterest(ctx, {
          meetingId: data.meetingId,
          itemNumber: data.itemNumber,
          kind: data.kind,
          nature: data.nature,
          onRegister: data.onRegister,
          onBehalfOf: data.onBehalfOf,
        }),
    },
    {
      verb: 'declaration.withdraw',
      templates: ['declaration-confirmation'],
      handler: (ctx, data) =>
        withdrawDeclaration(ctx, {
          declarationId: typeof data.declarationId === 'string' ? data.declarationId : '',
          version: data.version,
        }),
    },
  ],
});
