import { defineFeature } from '../definition';
import { nonNegativeInt } from '../shared/cardData';
import { indicator, listIndicators } from './indicators';

/** Performance indicators: one indicator with its comparators, or the list of them. */
export const indicatorsFeature = defineFeature({
  name: 'indicators',
  questions: [
    {
      intent: 'indicator',
      priority: 52,
      label: 'An indicator',
      patterns: [/\brate\b/, /\bhow many (?:children|young people|kids|cases|families)\b/, /\bper 10 ?000\b/],
      orEntity: 'indicatorId',
      examples: ["What's the CP rate?", 'How many looked after children?', 'Children in need rate', 'Reoffending rate'],
      entities: { indicator: true },
      menu: {
        title: 'CP rate',
        description: 'The latest child protection rate per 10,000 children, with comparators and its source',
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'anyone',
      aboutCommittee: false,
      template: 'indicator',
      handler: (ctx, e) => indicator(ctx, { indicatorId: e.indicatorId }),
    },
    {
      intent: 'listIndicators',
      priority: 58,
      label: 'List indicators',
      patterns: [
        /\bindicators\b/,
        /\bkpis?\b/,
        /\bperformance (?:indicators|measures|data|figures|dashboard|scorecard)\b/,
        /\b(?:list|all|which|what) (?:of )?(?:the )?(?:measures|metrics|stats|statistics|figures)\b/,
        /\bwhat do you (?:measure|track|monitor)\b/,
      ],
      examples: ['List indicators', 'What indicators do you have?', 'Performance indicators'],
      entities: { indicator: true },
      audience: 'anyone',
      aboutCommittee: false,
      template: 'indicator-list',
      handler: (ctx) => listIndicators(ctx, {}),
    },
  ],
  submits: [
    {
      verb: 'indicators.more',
      templates: ['indicator-list'],
      handler: (ctx, data) => listIndicators(ctx, { offset: nonNegativeInt(data.offset) }),
    },
  ],
  help: {
    capabilities: ['Performance indicators, such as the child protection rate, with comparators'],
    examples: [{ label: 'Child protection rate', text: "What's the CP rate?" }],
  },
});
