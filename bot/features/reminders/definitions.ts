import { defineFeature } from '../definition';
import { parseReminderSchedule } from '../../recognition/commands';
import { cancelReminders, postAgendaReminder, scheduleReminders } from './reminders';

/** Agenda reminders to the committee's channel (and members), now or on a schedule (clerks). */
export const remindersFeature = defineFeature({
  name: 'reminders',
  questions: [
    {
      intent: 'postReminder',
      priority: 89,
      label: 'Post an agenda reminder',
      patterns: [/^(?:post|send|share) (?:an |the |a )?(?:agenda |meeting )?reminders?\b/],
      examples: ['Post agenda reminder', 'Post agenda reminder and members'],
      suggest: false,
      menu: {
        title: 'post agenda reminder',
        description: "Clerks: post a reminder of the next meeting and its agenda to the committee's channel",
        scopes: ['personal', 'team', 'groupChat'],
      },
      audience: 'clerk',
      aboutCommittee: true,
      template: 'delivery-report',
      handler: (ctx, _e, text) => postAgendaReminder(ctx, ctx.reminders, { includeMembers: /\bmembers\b|\beveryone\b/i.test(text) }),
    },
    {
      intent: 'scheduleReminders',
      priority: 88,
      label: 'Schedule reminders',
      patterns: [
        /^remind (?:the )?(?:members|channel|committee|everyone|councillors)\b/,
        /^(?:schedule|set up|turn on) (?:agenda )?reminders\b/,
      ],
      examples: ['Remind members 7 days and 1 day before each meeting at 9am'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx, _e, text) => scheduleReminders(ctx, parseReminderSchedule(text)),
    },
    {
      intent: 'cancelReminders',
      priority: 87,
      label: 'Stop reminders',
      patterns: [/^(?:stop|cancel|turn off|switch off|disable) (?:the |all )?(?:scheduled |agenda )?reminders\b/],
      examples: ['Stop reminders'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx) => cancelReminders(ctx),
    },
  ],
  help: {
    capabilities: ['Agenda reminders to the committee channel (clerks)'],
    clerkCommands: ['post agenda reminder [and members]; remind members 7 days and 1 day before each meeting at 9am; stop reminders'],
  },
});
