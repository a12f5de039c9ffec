import { defineFeature } from '../definition';
import { whoIs } from '../people/whoIs';
import { clerk, membership, peopleByIds } from './membership';

const CONTACT = /\b(?:contact|e-?mail|get in touch|reach|get hold of|phone|ring|call)\b/i;

/** Who is on the committee (chair, vice-chair, members, co-opted, substitutes) and its clerk. */
export const membershipFeature = defineFeature({
  name: 'membership',
  questions: [
    {
      intent: 'membership',
      priority: 50,
      label: 'Who is on the committee',
      patterns: [
        /\bwho (?:is|are|sits|sit) (?:on|in)\b/,
        /\bmembers(?:hip)?\b/,
        /\b(?:vice )?chair(?:s|man|woman|person|ed|ing)?\b/,
        /\b(?:substitutes|subs)\b/,
        /\bwho (?:can|may|could) substitute\b/,
        /\bco ?opted\b/,
        /\bcouncillors (?:on|in)\b/,
      ],
      examples: ['Who is on the committee?', 'Who chairs it?', 'Who is the vice-chair?', 'Substitutes', 'Co-opted members'],
      entities: { membershipPart: true },
      menu: {
        title: 'who is on the committee',
        description: 'Chair, vice-chair, members, co-opted members, substitutes and the clerk',
        scopes: ['personal'],
      },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'membership',
      handler: (ctx, e) => membership(ctx, { part: e.membershipPart }),
    },
    {
      intent: 'clerk',
      priority: 90,
      label: 'The clerk',
      patterns: [
        /\bclerks?\b/,
        /\bdemocratic services\b/,
        /\bdemocracy (?:team|officer|services)\b/,
        /\b(?:governance|committee) (?:team|officer|services|secretary|administrator)\b/,
        /\bhow (?:do|can|should|would|will|does) (?:i|we|one|members?|councillors?)\b.*\b(?:apolog\w*|substitut\w*|contact|get in touch)\b/,
        /\bwho (?:do|should|can|would) (?:i|we) (?:contact|email|ring|call|ask|tell|notify|inform|speak to)\b/,
        /\b(?:deadline|cut ?off)\b.*\bapolog\w*\b/,
        /\b(?:who|where) (?:do|should|can) (?:i|we)\b.*\bapolog\w*\b/,
        /\bcontact (?:details|the committee|someone)\b/,
      ],
      // Someone else's contact details are a question about them (people/whoIs.ts).
      unless: [/\bcontact details (?:for|of) (?!(?:the )?(?:clerk|committee|democratic|democracy)\b)\w/],
      examples: ['Who is the clerk?', 'How do I send apologies?', 'Contact democratic services'],
      audience: 'anyone',
      aboutCommittee: true,
      template: 'clerk',
      // "How do I contact Sheila Murphy?" asks about her, not the clerk: a named person who is not
      // a clerk gets their own card, with the contact details the papers give (if any).
      handler: async (ctx, e, text) => {
        const people = await peopleByIds(ctx.records, e.personIds ?? []);
        const named = (e.personIds ?? []).filter((id) => people.get(id)?.kind !== 'clerk');
        return named.length > 0 && CONTACT.test(text) ? whoIs(ctx, named, text) : clerk(ctx);
      },
    },
  ],
  help: {
    capabilities: ['Membership, the clerk, and the work programme'],
    examples: [{ label: 'Who is on the committee', text: 'Who is on the committee?' }],
  },
});
