import { defineFeature } from '../definition';
import { workProgramme } from './workProgramme';

/** What is coming to future meetings. */
export const workProgrammeFeature = defineFeature({
  name: 'workProgramme',
  questions: [
    {
      intent: 'workProgramme',
      priority: 60,
      label: 'Work programme',
      patterns: [
        /\bwork ?programme\b/,
        /\bforward (?:plan|programme)\b/,
        /\bwhat is (?:coming|going|planned|scheduled|due|expected) (?:up )?(?:to|for|at|in|on|before)\b/,
        /\bcoming (?:up )?(?:to|at|before) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
        /\bfuture (?:items|topics|reports|agendas?)\b/,
        /\bwhat is (?:coming|happening) up\b/,
      ],
      examples: ["What's coming to the January meeting?", 'Work programme', 'Forward plan'],
      audience: 'anyone',
      aboutCommittee: true,
      template: 'work-programme',
      handler: (ctx, e) => workProgramme(ctx, { date: e.date, relative: e.relative }),
    },
  ],
});
