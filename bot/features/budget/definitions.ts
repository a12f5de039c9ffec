import { defineFeature } from '../definition';
import { budgetFor, budgetLines, yearNamed } from './budget';

/** The budget figures in the papers: one line, the biggest lines, the totals with their check. */
export const budgetFeature = defineFeature({
  name: 'budget',
  questions: [
    {
      intent: 'budget',
      priority: 53,
      label: 'The budget',
      patterns: [
        /\bbudget(?:s|ed)?\b/,
        /\bhow much (?:money )?(?:is|was|are|were|do|does|did|will)\b.*\b(?:spen[dt]|spending|allocated|put into|cost)\b/,
        /\b(?:spend|spending|expenditure) (?:on|for)\b/,
        /\b(?:biggest|largest|highest|top) (?:areas? of )?(?:spend|spending|costs?|expenditure)\b/,
        /\b(?:funding|money) (?:for|going (?:to|into))\b/,
      ],
      unless: [/^add agenda item\b/],
      examples: [
        "Children's social care budget",
        'How much is spent on the youth offending service?',
        'Biggest budget lines',
        'Total budget for 2023/24',
      ],
      audience: 'anyone',
      aboutCommittee: false,
      template: 'budget',
      handler: (ctx, _e, text) => budgetFor(ctx, text),
    },
  ],
  submits: [
    {
      verb: 'budget.more',
      templates: ['budget'],
      handler: (ctx, data) =>
        budgetLines(ctx, { year: typeof data.year === 'string' ? yearNamed(data.year) : undefined, offset: data.offset }),
    },
  ],
  help: {
    capabilities: ["The children's budget: lines, the biggest ones, and the totals with their check"],
  },
});
