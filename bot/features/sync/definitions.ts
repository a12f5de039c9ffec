import { defineFeature } from '../definition';
import { syncNow, syncStatus } from './answers';

/** Clerks' control of the modern.gov sync: run one now, and see how the last ones went. */
export const syncFeature = defineFeature({
  name: 'sync',
  questions: [
    {
      intent: 'syncNow',
      priority: 73,
      label: 'Sync with modern.gov now',
      patterns: [
        /^(?:sync|synchroni[sz]e|resync|re-sync)(?: (?:now|with modern ?gov|from modern ?gov|modern ?gov|meetings|again))+\b/,
        /^(?:refresh|update) (?:everything |meetings )?from modern ?gov\b/,
      ],
      examples: ['Sync now', 'Sync with modern.gov'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: false,
      template: 'message',
      handler: (ctx) => syncNow(ctx),
    },
    {
      intent: 'syncStatus',
      priority: 71,
      label: 'Sync status',
      patterns: [
        /^(?:sync|synchroni[sz]ation|modern ?gov)(?: sync)? status\b/,
        /^(?:when|how) (?:was|did) (?:the )?(?:last )?(?:modern ?gov )?sync\b/,
        /^(?:show|what is|what's) (?:the )?sync status\b/,
      ],
      examples: ['Sync status'],
      suggest: false,
      audience: 'clerk',
      aboutCommittee: false,
      template: 'message',
      handler: (ctx) => syncStatus(ctx),
    },
  ],
  help: {
    clerkCommands: ['sync now (from modern.gov); sync status'],
  },
});
