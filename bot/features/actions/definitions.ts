import { defineFeature } from '../definition';
import { nonNegativeInt } from '../shared/cardData';
import { openActions } from './actions';

/** Open and overdue actions from the minutes and action plans. */
export const actionsFeature = defineFeature({
  name: 'actions',
  questions: [
    {
      intent: 'openActions',
      priority: 65,
      label: 'Open actions',
      patterns: [
        /\bactions?\b/,
        /\bthematic review\b/,
        /\b(?:my|open|overdue|outstanding) (?:tasks|to dos?|todos?)\b/,
        /\b(?:am i|i am) (?:responsible|down) for\b/,
      ],
      // Who attended, was present or absent is attendance, not actions: never answered with the actions.
      unless: [/\b(?:attend\w*|attendance|present|absent\w*|absence)\b/],
      examples: ['Open actions', 'My actions', 'Overdue actions', 'Actions from the June meeting', 'Action plan'],
      entities: { dateDirection: 'past', actionFilters: true },
      menu: {
        title: 'open actions',
        description: 'Open and overdue actions from the minutes and action plans',
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'anyone',
      aboutCommittee: false,
      template: 'actions',
      handler: (ctx, e) =>
        openActions(ctx, { personIds: e.personIds, self: e.self, date: e.date, overdue: e.overdue, actionOrigin: e.actionOrigin }),
    },
  ],
  submits: [
    {
      verb: 'actions.more',
      templates: ['actions'],
      handler: (ctx, data) => {
        const filter = typeof data.filter === 'object' && data.filter !== null ? (data.filter as Record<string, unknown>) : {};
        return openActions(ctx, { ...sanitiseActionFilter(filter), offset: nonNegativeInt(data.offset) });
      },
    },
  ],
  help: {
    capabilities: ['Open and overdue actions from the minutes and action plans'],
    examples: [{ label: 'Open actions', text: 'Open actions' }],
  },
});

/** Only the known filter fields, with the right types, survive a round trip through a card. */
function sanitiseActionFilter(filter: Record<string, unknown>) {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : undefined);
  const date = filter.date as { from?: unknown; to?: unknown; text?: unknown } | undefined;
  return {
    personIds: strings(filter.personIds),
    self: filter.self === true,
    overdue: filter.overdue === true,
    actionOrigin: filter.actionOrigin === 'minutes' ? ('minutes' as const) : filter.actionOrigin === 'plan' ? ('plan' as const) : undefined,
    date:
      date &&
      typeof date.from === 'string' &&
      typeof date.to === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(date.from) &&
      /^\d{4}-\d{2}-\d{2}$/.test(date.to)
        ? { from: date.from, to: date.to, text: typeof date.text === 'string' ? date.text.slice(0, 50) : '' }
        : undefined,
  };
}
