import { defineFeature } from '../definition';
import { nonNegativeInt } from '../shared/cardData';
import { openActions } from './actions';
import { actionCommand, addActionCommand, addActionFromForm, showAction, updateAction, updateForm } from './changes';
import { chaseOwners, stopChasing } from './chasing';

/** Words that say what became of an action, as normalised text has them ("1.1" reads "1 1"). */
const CHANGE_WORDS =
  'done|complete|completed|finished|closed|dropped|withdrawn|abandoned|no longer needed|in progress|started|underway|under way|ongoing|late|delayed|red|amber|green|reopened|new date|new due date|now due';
const REF = String.raw`(?:no |number )?(?:[a-z]{1,4} ?)?\d+(?: \d+){0,4}[a-z]?`;

/** Open, overdue and completed actions; adding and updating them; chasing their owners. */
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
    {
      intent: 'completedActions',
      priority: 66,
      label: 'Completed actions',
      patterns: [
        /\b(?:completed|complete|done|finished|closed|dropped) actions?\b/,
        /\bactions? (?:that are |which are |are |have been |that have been )?(?:completed|done|finished|closed)\b/,
      ],
      unless: [/\b(?:attend\w*|attendance|present|absent\w*|absence)\b/, /^action \d/],
      examples: ['Completed actions', 'Which actions are done'],
      entities: { dateDirection: 'past', actionFilters: true },
      audience: 'anyone',
      aboutCommittee: false,
      template: 'actions',
      handler: (ctx, e) =>
        openActions(ctx, { personIds: e.personIds, self: e.self, date: e.date, actionOrigin: e.actionOrigin, completed: true }),
    },
    {
      intent: 'addAction',
      priority: 104,
      label: 'Add an action',
      patterns: [/^(?:add|record|create|log|new) (?:an |a |new )*action\b(?! plan)/],
      examples: [
        'Add action for the 12 September meeting: a breakdown of agency staff costs, owner Janet Simon, due 30 October',
        'Add action',
      ],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'action',
      handler: (ctx, _e, text) => addActionCommand(ctx, text),
    },
    {
      intent: 'updateAction',
      priority: 103,
      label: 'Update an action',
      patterns: [
        new RegExp(String.raw`^(?:update|mark|set|close|complete|progress) (?:on )?action ${REF}\b`),
        new RegExp(String.raw`^action ${REF} (?:is |has been |was |will be |as |now )?(?:${CHANGE_WORDS})\b`),
      ],
      examples: ['Action 3 done', 'Update action 1.1: presented to the board', 'Action 2 will be late, new date 30 November'],
      suggest: false,
      audience: 'anyone',
      aboutCommittee: false,
      template: 'action',
      handler: (ctx, _e, text) => actionCommand(ctx, text),
    },
    {
      intent: 'showAction',
      priority: 68,
      label: 'One action and its history',
      patterns: [new RegExp(String.raw`^(?:show |open |see )?(?:me )?action ${REF}$`)],
      examples: ['Action 3', 'Show action 1.1'],
      audience: 'anyone',
      aboutCommittee: false,
      template: 'action',
      handler: (ctx, _e, text) => actionCommand(ctx, text),
    },
    {
      intent: 'chaseActions',
      priority: 81,
      label: 'Chase action owners',
      patterns: [/^(?:chase|remind) (?:the )?(?:action )?owners\b/, /^(?:start|turn on|resume) chasing\b/],
      examples: ['Chase action owners every Monday at 9am'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx, _e, text) => chaseOwners(ctx, text),
    },
    {
      intent: 'stopChasing',
      priority: 79,
      label: 'Stop chasing',
      patterns: [
        /^(?:stop|cancel|turn off|pause|switch off) (?:the )?chasing\b/,
        /^(?:stop|do not|dont) (?:chasing|chase) (?:the )?(?:action )?owners\b/,
      ],
      examples: ['Stop chasing'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx) => stopChasing(ctx),
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
    { verb: 'actions.add', templates: ['action'], handler: (ctx, data) => addActionFromForm(ctx, data) },
    { verb: 'actions.show', templates: ['action'], handler: (ctx, data) => showAction(ctx, data.actionId) },
    { verb: 'actions.updateForm', templates: ['action-update-form'], handler: (ctx, data) => updateForm(ctx, data.actionId) },
    {
      verb: 'actions.update',
      templates: ['action', 'action-update-form'],
      handler: (ctx, data) => updateAction(ctx, data.actionId, data.version, data),
    },
  ],
  help: {
    capabilities: [
      'Open, overdue and completed actions from the minutes and action plans',
      'Updating an action you own (or, as clerk or chair, any action): "action 3 done", "update action 1.1: presented to the board"',
    ],
    examples: [{ label: 'Open actions', text: 'Open actions' }],
    clerkCommands: [
      'add action for the 12 September meeting: <what>, owner <name>, due <date> (or "add action" for the form)',
      'chase action owners every Monday at 9am; stop chasing',
    ],
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
    completed: filter.completed === true,
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
