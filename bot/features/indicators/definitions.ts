import { defineFeature } from '../definition';
import { nonNegativeInt } from '../shared/cardData';
import { indicator, listIndicators } from './indicators';
import { cancelFigure, checkForm, confirmFigure, figureCommand } from './recordFigure';

/** Record-keeping words that belong to other features' commands, never to a figure. */
const NOT_A_FIGURE = [/\bapolog/, /\battendance\b/, /\bagenda\b/, /\binterests?\b/, /\bdeclar/, /\bactions?\b/, /\bminutes?\b/];
const PERIOD_WORD = '(?:q ?[1-4]|quarter [1-4]|(?:19|20)\\d\\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
/**
 * A period as it reads once normalised ("q4 2023 24", "2023 24", "march 2024"), matched whole: the
 * lookahead-and-backreference keeps "2023 24" from giving back its "24" to be read as a value.
 */
const WHOLE_PERIOD =
  '(?=((?:(?:q ?[1-4]|quarter [1-4]) (?:of )?)?(?:19|20)\\d\\d(?: (?:19|20)?\\d\\d(?!\\d))?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* (?:19|20)\\d\\d))\\1';
/**
 * A statement of a figure for a period, which is a record: "the CP rate for Q4 2023/24 is 32 per
 * 10,000", "CP rate Q4 2023/24 = 32", "the re-referral rate for 2023/24 was 21%". It must not
 * open like a question (or a correction, which correctFigure takes) or carry a question mark ("what was the CP rate in Q3 2023/24" stays a
 * question), must name a rate (or give the value per 10,000 or as a percentage) so that other
 * figures ("the budget for 2023/24 is ...") stay with their own features, and must give a number
 * straight after the period (or after "is", "was", "stands at").
 */
const NOT_A_QUESTION =
  '^(?!(?:what|whats|which|how|is|was|are|were|did|does|do|has|have|had|can|could|will|would|should|shall|why|when|where|who|tell|show|give|compare|list|correct)\\b)(?!.*\\?)';
const STATED_VALUE = ` (?:(?:is|was|were|will be|stands at|stood at|came in at|of|to) )?-?\\d`;
const FIGURE_STATEMENTS = [
  new RegExp(`${NOT_A_QUESTION}.*\\brate\\b.*\\b${WHOLE_PERIOD}${STATED_VALUE}`),
  new RegExp(`${NOT_A_QUESTION}.*\\b${WHOLE_PERIOD}${STATED_VALUE}[\\d ]*(?:%|per cent|percent|per 10)`),
];

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
    {
      intent: 'recordFigure',
      priority: 83,
      label: 'Record a figure',
      patterns: [
        /^(?:record|enter|log) (?:a |an |the )?(?:new )?(?:indicator |performance )?(?:figure|value|indicator|kpi)s?\b/,
        new RegExp(`^(?:record|enter|log) .*\\bfor ${PERIOD_WORD}\\w*\\b`),
        ...FIGURE_STATEMENTS,
        /^(?:record|enter|log|update) (?:the |a |an )?(?:new )?.*\brate\b/,
      ],
      unless: NOT_A_FIGURE,
      examples: ['Record CP rate for Q4 2023/24: 32 per 10,000, 141 children', 'Record a figure'],
      suggest: false,
      entities: { indicator: true },
      audience: 'anyone',
      aboutCommittee: false,
      template: 'indicator-confirmation',
      handler: (ctx, e, text) => figureCommand(ctx, e.indicatorId, text, 'record'),
    },
    {
      intent: 'correctFigure',
      priority: 82,
      label: 'Correct a figure',
      patterns: [
        new RegExp(`^correct (?:the )?.+ for ${PERIOD_WORD}\\w*\\b`),
        /^correct (?:a |an |the )?(?:indicator |performance )?(?:figure|value)\b/,
      ],
      unless: NOT_A_FIGURE,
      examples: ['Correct CP rate for Q3 2023/24 to 31 per 10,000'],
      suggest: false,
      entities: { indicator: true },
      audience: 'anyone',
      aboutCommittee: false,
      template: 'indicator-confirmation',
      handler: (ctx, e, text) => figureCommand(ctx, e.indicatorId, text, 'correct'),
    },
  ],
  submits: [
    { verb: 'indicators.check', templates: ['indicator-confirmation', 'indicator-form'], handler: checkForm },
    { verb: 'indicators.confirm', templates: ['indicator', 'indicator-confirmation'], handler: confirmFigure },
    { verb: 'indicators.cancel', templates: ['message'], handler: () => cancelFigure() },
    {
      verb: 'indicators.more',
      templates: ['indicator-list'],
      handler: (ctx, data) => listIndicators(ctx, { offset: nonNegativeInt(data.offset) }),
    },
  ],
  help: {
    capabilities: [
      'Performance indicators, such as the child protection rate, with comparators',
      "Their owners and clerks keep the figures current: 'record CP rate for Q4 2023/24: 32 per 10,000, 141 children'",
    ],
    examples: [{ label: 'Child protection rate', text: "What's the CP rate?" }],
  },
});
