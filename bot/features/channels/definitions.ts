import { defineFeature } from '../definition';
import { linkChannel, unlinkChannel } from './conversations';

/** The committee's channel: where agenda reminders are posted (clerks link and unlink it). */
export const channelsFeature = defineFeature({
  name: 'channels',
  questions: [
    {
      intent: 'linkChannel',
      priority: 99,
      label: 'Link this channel',
      patterns: [/^link (?:this |the )?(?:channel|chat|conversation|team)\b/],
      examples: ["Link this channel to the Children's Services Overview and Scrutiny Committee"],
      suggest: false,
      menu: {
        title: 'link this channel to the committee',
        description: "Clerks: make this channel the committee's channel, where agenda reminders are posted",
        scopes: ['team'],
      },
      audience: 'clerk',
      aboutCommittee: false,
      template: 'message',
      handler: (ctx, e) => linkChannel(ctx, e.committeeId),
    },
    {
      intent: 'unlinkChannel',
      priority: 98,
      label: 'Unlink this channel',
      patterns: [/^unlink\b/],
      examples: ['Unlink this channel'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: false,
      template: 'message',
      handler: (ctx) => unlinkChannel(ctx),
    },
  ],
  help: {
    clerkCommands: ['link this channel to <committee> (in the committee channel) / unlink'],
  },
});
