import { defineFeature } from '../definition';
import { decideLinkRequest, unlinkPerson, whoIsLinked } from './links';
import { whoIs } from './whoIs';

/**
 * People: who someone is (as the papers give them), and Teams accounts linked to people: who is
 * linked, requests waiting for a clerk, unlinking (clerks).
 */
export const peopleFeature = defineFeature({
  name: 'people',
  questions: [
    {
      intent: 'whoIs',
      priority: 57,
      label: 'Who someone is',
      patterns: [
        /^(?:(?:and|so|ok|okay|please|hi|hello)\s+)?who (?:is|was) (?!(?:on|in|my|a|an|there|here|coming|attending|going|absent|present|sending|declaring|linked|next|(?:the )?(?:vice )?chair\w*|(?:the )?clerk|(?:the )?members?|(?:the )?substitutes?|we)\b)\w/,
        /\bwho (?:leads|led|is leading|heads|runs|manages|presents|is presenting|deals with|looks after) (?:on |the |for )?\w/,
        /\bwho (?:is|was) (?:the )?(?:lead|responsible|in charge)\b/,
        /\b(?:lead|responsible) officer (?:for|on|of)\b/,
        /\bcontact details (?:for|of) (?!(?:the )?(?:clerk|committee|democratic|democracy)\b)\w/,
        /\b(?:email|e mail|phone number|telephone number) (?:address )?(?:for|of) (?!(?:the )?(?:clerk|committee|democratic|democracy)\b)\w/,
        /^what (?:does|did) (?:councillor |cllr )?[a-z]+ [a-z]+ do\b/,
      ],
      unless: [/\bwho (?:is|was) (?:the )?(?:next|last) (?:meeting|committee)\b/, /\bmeeting\b/],
      examples: ['Who is the lead officer for fostering?', "Who is the Corporate Director of Children's Services?"],
      audience: 'anyone',
      aboutCommittee: false,
      template: 'person',
      handler: (ctx, e, text) => whoIs(ctx, e.personIds, text),
    },
    {
      intent: 'whoIsLinked',
      priority: 80,
      label: 'Who is linked',
      patterns: [
        /^who is linked\b/,
        /^(?:list|show)(?: me)? (?:the )?(?:linked (?:accounts|people|users)|links|link requests)\b/,
        /^(?:linked accounts|link requests)\b/,
      ],
      examples: ['Who is linked'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: false,
      template: 'links',
      handler: (ctx) => whoIsLinked(ctx),
    },
    {
      intent: 'unlinkPerson',
      priority: 100,
      label: 'Unlink a person',
      patterns: [/^unlink (?!(?:this|the|our|my)\b|(?:channel|chat|conversation|team)\b)\w/],
      examples: ['Unlink Councillor Abbas'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: false,
      template: 'message',
      handler: (ctx, e, text) => unlinkPerson(ctx, e.personIds, text),
    },
  ],
  submits: [
    {
      verb: 'link.confirm',
      templates: ['message', 'link-request'],
      handler: (ctx, data) => decideLinkRequest(ctx, data.requestId, 'confirm', data.version),
    },
    {
      verb: 'link.reject',
      templates: ['message', 'link-request'],
      handler: (ctx, data) => decideLinkRequest(ctx, data.requestId, 'reject', data.version),
    },
  ],
  help: {
    capabilities: ['Who someone is: by name, by job title, or the lead officer for a topic'],
    clerkCommands: ['who is linked (Teams accounts, and requests waiting for you to confirm); unlink Councillor <name>'],
  },
});
