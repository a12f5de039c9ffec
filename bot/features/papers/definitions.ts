import { defineFeature } from '../definition';
import { papersAnswer } from './papers';

/** The papers for an agenda item: its pages in the pack, lead officer and source document. */
export const papersFeature = defineFeature({
  name: 'papers',
  questions: [
    {
      intent: 'papers',
      priority: 67,
      label: 'Papers for an item',
      patterns: [
        /\b(?:papers?|reports?|documents?|pages?)\b.*\bitem\s*(?:no\.?\s*)?\d/,
        /\bitem\s*(?:no\.?\s*)?\d+\w?\b.*\b(?:papers?|reports?|documents?|pages?)\b/,
        /\bwhat pages?\b|\bwhich pages?\b|\bpage numbers?\b|\bpages? (?:is|are|does|do)\b|\bon (?:what|which) page\b/,
        /\breports? (?:on|about|into|regarding|concerning|from)\b/,
        /\b(?:papers?|documents?) (?:on|about|regarding|concerning)\b/,
        /\b(?:show|open|see|read|find|get|where is|where are|send)\b.*\breport\b/,
        /\b(?:the|a) [\w’'-]+(?: [\w’'-]+)? report\b/,
        // An item named on its own ("item 5.10", "what's item 6 about"); numbers are read in entities.ts.
        /^(?:(?:what|which) is |show (?:me )?|open |see |read )?(?:the )?item (?:no |number )?\d{1,3}(?: \d{1,3})*[a-z]?(?: [a-z])?(?: about)?(?: \?)?$/,
      ],
      unless: [
        /\bagenda\b/,
        /^(?:\w+ )?who\b/,
        /\bbudget\b/,
        /\b(?:declar\w*|interest)\b/,
        /\b(?:minutes?|decided|resolved|decision)\b/,
        /^(?:add|move|cancel|schedule|publish|post)\b/,
        /\b(?:papers|items|reports|business) (?:for|on|at) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
      ],
      examples: ['Papers for item 6', 'What page is the complaints report on?', 'Report on family hubs'],
      entities: { dateDirection: 'nearest' },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'papers',
      handler: (ctx, e, text) => papersAnswer(ctx, e, text),
    },
  ],
  help: {
    capabilities: ["An item's papers: its pages in the agenda pack, lead officer and source document"],
  },
});
