import { defineFeature } from '../definition';
import { messageAnswer } from '../shared/answer';
import { parseAddAgendaItem, parseAddMeeting, parseCancelMeeting, parseMoveMeeting } from '../../recognition/commands';
import { agenda, nextMeeting } from './meetings';
import {
  addAgendaItem,
  addMeeting,
  agendaDeadlines,
  cancelMeeting,
  confirmAgendaItem,
  moveMeeting,
  publishAgenda,
  recordUrgencyReason,
} from './meetingAdmin';

/** Meetings: when and where, the agenda, and clerks' commands that keep the calendar and agendas. */
export const meetingsFeature = defineFeature({
  name: 'meetings',
  questions: [
    {
      intent: 'nextMeeting',
      priority: 40,
      label: 'Next meeting',
      patterns: [
        /\bnext (?:meeting|committee|session|o&s|scrutiny|one)\b/,
        /\bwhen\b.*\b(?:meet|meets|meeting|meetings|committee|scrutiny|o&s|csosc|session)\b/,
        /\b(?:is|are) there (?:a |any )?(?:meeting|meetings|committee)\b/,
        /\bmeetings? (?:date|dates|time|times|venue|location|schedule|calendar|in|on|this|next)\b/,
        /\b(?:upcoming|future|forthcoming) (?:meeting|meetings|committees)\b/,
        /\bwhere is (?:the )?(?:next )?(?:meeting|committee)\b/,
      ],
      examples: ['When is the next meeting?', 'Is there a meeting in January?', 'When do we meet next?', 'Next meeting date'],
      menu: {
        title: 'next meeting',
        description: 'When and where the next committee meeting is, with its agenda',
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'meeting',
      handler: (ctx, e) => nextMeeting(ctx, { date: e.date, relative: e.relative, unmatchedDate: e.unmatchedDate }),
    },
    {
      intent: 'agenda',
      priority: 55,
      label: 'Agenda',
      patterns: [
        /\bagenda\b/,
        /\bwhat is (?:on|being discussed|discussed|happening) (?:at|on|for)\b/,
        /\b(?:items|papers|reports|business) (?:for|on|at) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
      ],
      examples: ["What's on the agenda on 16 November?", 'Agenda for the next meeting', 'Show me the agenda'],
      menu: { title: 'agenda for the next meeting', description: "The items on the next meeting's agenda", scopes: ['personal'] },
      audience: 'anyone',
      aboutCommittee: true,
      template: 'agenda',
      handler: (ctx, e) => agenda(ctx, { date: e.date, relative: e.relative, unmatchedDate: e.unmatchedDate, itemNumber: e.itemNumber }),
    },
    {
      intent: 'addMeeting',
      priority: 97,
      label: 'Add a meeting',
      patterns: [/^(?:add|schedule|create|book) (?:a |an |the )?(?:new |extra |additional |special )?meeting\b/],
      examples: ['Add meeting on 14 March 2024 at 7pm in Committee Room 2'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'confirm',
      handler: (ctx, _e, text) => {
        const args = parseAddMeeting(text, ctx.now);
        if (args.impossible)
          return messageAnswer('No such date', [
            `There is no such date as ${args.impossible}. Nothing has been added.`,
            'Say the date, for example: add meeting on 14 March 2024 at 7pm in Committee Room 2.',
          ]);
        return addMeeting(ctx, {
          committeeId: ctx.committeeId,
          date: args.when?.date,
          time: args.when?.time,
          venue: args.venue,
          doubts: args.when?.doubts,
        });
      },
    },
    {
      intent: 'moveMeeting',
      priority: 96,
      label: 'Move a meeting',
      patterns: [/^(?:move|reschedule|rearrange|postpone)\b.*\bmeeting\b/, /^change the (?:date|time|venue) of\b/],
      examples: ['Move the 16 November meeting to 23 November at 6.30pm'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'confirm',
      handler: (ctx, _e, text) => {
        const args = parseMoveMeeting(text, ctx.now);
        if (args.toImpossible)
          return messageAnswer('No such date', [
            `There is no such date as ${args.toImpossible}, so nothing has been moved.`,
            'For example: move the 16 November meeting to 23 November at 6.30pm.',
          ]);
        if (!args.to && !args.venue)
          return messageAnswer('Where to?', ['For example: move the 16 November meeting to 23 November at 6.30pm.']);
        return moveMeeting(ctx, {
          from: args.from,
          fromNamed: args.fromNamed,
          date: args.to?.date,
          time: args.to?.time,
          venue: args.venue,
          doubts: args.to?.doubts,
        });
      },
    },
    {
      intent: 'cancelMeeting',
      priority: 94,
      label: 'Cancel a meeting',
      patterns: [/^(?:cancel|call off|scrap)\b.*\bmeeting\b/],
      unless: [/\bapolog/],
      examples: ['Cancel the meeting on 16 November because there is no business'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx, _e, text) => cancelMeeting(ctx, parseCancelMeeting(text, ctx.now)),
    },
    {
      intent: 'publishAgenda',
      priority: 93,
      label: 'Publish the agenda',
      patterns: [/^(?:publish|mark|record)\b.*\bagenda\b/, /^agenda (?:is )?published\b/],
      examples: ['Publish agenda for the next meeting'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx, e) =>
        publishAgenda(ctx, {
          when: e.date && e.date.from === e.date.to ? { date: e.date.from, time: null, text: e.date.text, doubts: [] } : null,
          named: e.unmatchedDate
            ? { text: e.unmatchedDate, range: null }
            : e.date && e.date.from !== e.date.to
              ? { text: e.date.text, range: { from: e.date.from, to: e.date.to } }
              : null,
        }),
    },
    {
      intent: 'addAgendaItem',
      priority: 92,
      label: 'Add an agenda item',
      patterns: [/^add (?:an |a )?(?:agenda )?item\b/, /^add to (?:the )?agenda\b/],
      examples: ['Add agenda item 11 Budget monitoring lead officer Jane Doe'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'confirm',
      handler: (ctx, _e, text) => addAgendaItem(ctx, parseAddAgendaItem(text, ctx.now)),
    },
    {
      intent: 'agendaDeadlines',
      priority: 91,
      label: 'Agenda deadlines',
      patterns: [/\b(?:agenda|publication) deadlines?\b/, /\bwhen (?:must|should|does) (?:the )?agenda (?:be |go )?(?:published|out)\b/],
      examples: ['Agenda deadlines'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: false,
      template: 'deadlines',
      handler: (ctx) => agendaDeadlines(ctx),
    },
  ],
  submits: [
    {
      verb: 'meeting.add',
      templates: ['message'],
      // The form names its committee: a submit without one adds to no committee.
      handler: (ctx, data) =>
        addMeeting(ctx, {
          committeeId: typeof data.committeeId === 'string' ? data.committeeId : '',
          date: data.date,
          time: data.time,
          venue: data.venue,
        }),
    },
    {
      verb: 'meeting.move',
      templates: ['meeting', 'confirm'],
      handler: (ctx, data) =>
        moveMeeting(ctx, { meetingId: data.meetingId, version: data.version, date: data.date, time: data.time || null, venue: data.venue }),
    },
    {
      verb: 'meeting.cancel',
      templates: ['meeting', 'confirm'],
      handler: (ctx, data) => cancelMeeting(ctx, { meetingId: data.meetingId, version: data.version, reason: data.reason }),
    },
    {
      verb: 'meeting.publishAgenda',
      templates: ['meeting', 'confirm'],
      handler: (ctx, data) => publishAgenda(ctx, { meetingId: data.meetingId, version: data.version }),
    },
    { verb: 'agendaItem.add', templates: ['meeting', 'urgency-form', 'confirm'], handler: (ctx, data) => confirmAgendaItem(ctx, data) },
    {
      verb: 'agendaItem.urgency',
      templates: ['message'],
      handler: (ctx, data) => recordUrgencyReason(ctx, { meetingId: data.meetingId, number: data.number, reason: data.reason }),
    },
  ],
  help: {
    capabilities: ['When the next meeting is, where, and what is on the agenda'],
    examples: [{ label: 'Next meeting', text: 'When is the next meeting?' }],
    clerkCommands: [
      'add meeting on <date> at <time> in <venue>; move the <date> meeting to <date>; cancel the meeting on <date> because <reason>',
      'publish agenda for <date>; add agenda item <n> <title> lead officer <name> [restricted] (a title in "quotes" is taken exactly); agenda deadlines',
    ],
  },
});
