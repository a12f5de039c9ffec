import { defineFeature } from '../definition';
import { subscribeAlerts, unsubscribeAlerts } from './subscriptions';

/** Members opt in to alerts about their committee's meetings and papers, in their personal chat. */
export const alertsFeature = defineFeature({
  name: 'alerts',
  questions: [
    {
      intent: 'subscribeAlerts',
      priority: 77,
      label: 'Alert me when papers are published',
      patterns: [
        /^(?:please )?(?:alert|notify|message) me (?:when|if|about|of)\b/,
        /^(?:please )?(?:turn on|switch on|start|subscribe to|sign me up for|sign me up to|send me) (?:the |my )?(?:paper |papers |meeting )?alerts\b/,
        /^alert me\b/,
      ],
      examples: ['Alert me when papers are published'],
      suggest: false,
      audience: 'member',
      aboutCommittee: true,
      template: 'message',
      handler: (ctx) => subscribeAlerts(ctx),
    },
    {
      intent: 'unsubscribeAlerts',
      priority: 76,
      label: 'Stop alerts',
      patterns: [
        /^(?:please )?(?:stop|turn off|switch off|cancel|end|unsubscribe from|no more) (?:the |my |all )?(?:paper |papers |meeting )?alerts\b/,
      ],
      examples: ['Stop alerts'],
      suggest: false,
      audience: 'member',
      aboutCommittee: false,
      template: 'message',
      handler: (ctx, e) => unsubscribeAlerts(ctx, e.committeeId),
    },
  ],
  help: {
    capabilities: [
      'Alerts in your personal chat when papers are published or a meeting changes (members: "alert me when papers are published")',
    ],
  },
});
