import { defineFeature } from '../definition';
import { decideLinkRequest, unlinkPerson, whoIsLinked } from './links';

/** Teams accounts linked to people: who is linked, requests waiting for a clerk, unlinking (clerks). */
export const peopleFeature = defineFeature({
  name: 'people',
  questions: [
    {
      intent: 'whoIsLinked', priority: 80, label: 'Who is linked',
      patterns: [/^who is linked\b/, /^(?:list|show)(?: me)? (?:the )?(?:linked (?:accounts|people|users)|links|link requests)\b/, /^(?:linked accounts|link requests)\b/],
      examples: ['Who is linked'],
      suggest: false,
      audience: 'clerk', aboutCommittee: false, template: 'links',
      handler: (ctx) => whoIsLinked(ctx),
    },
    {
      intent: 'unlinkPerson', priority: 100, label: 'Unlink a person',
      patterns: [/^unlink (?!(?:this|the|our|my)\b|(?:channel|chat|conversation|team)\b)\w/],
      examples: ['Unlink Councillor Abbas'],
      suggest: false,
      audience: 'clerk', aboutCommittee: false, template: 'message',
      handler: (ctx, e, text) => unlinkPerson(ctx, e.personIds, text),
    },
  ],
  submits: [
    { verb: 'link.confirm', templates: ['message'], handler: (ctx, data) => decideLinkRequest(ctx, data.requestId, 'confirm') },
    { verb: 'link.reject', templates: ['message'], handler: (ctx, data) => decideLinkRequest(ctx, data.requestId, 'reject') },
  ],
  help: {
    clerkCommands: [
      'who is linked (Teams accounts, and requests waiting for you to confirm); unlink Councillor <name>',
    ],
  },
});
