import { defineFeature, type Feature } from '../definition';
import { helpView, type HelpContent } from './help';

/**
 * Help and greetings. What help lists is gathered from every feature's `help` lines by the
 * catalogue, which hands it in here.
 */
export function helpFeature(content: HelpContent): Feature<'help' | 'greeting'> {
  return defineFeature({
    name: 'help',
    questions: [
      {
        intent: 'help',
        priority: 30,
        label: 'Help',
        patterns: [
          /^\?$/,
          /\bhelp\b/,
          /\bwhat (?:can|do) you do\b/,
          /\bwhat can i (?:ask|say|do)\b/,
          /\bhow (?:does|do) (?:this|you|it) work\b/,
          /\b(?:commands|menu|instructions)\b/,
          /\b(?:who|what) are you\b/,
        ],
        examples: ['Help', 'What can you do?'],
        menu: { title: 'help', description: 'What I can help with, and example questions', scopes: ['personal', 'team', 'groupChat'] },
        audience: 'anyone',
        aboutCommittee: false,
        template: 'welcome',
        handler: async (ctx) => ({
          template: 'welcome',
          view: helpView(content, { welcome: false, councilName: await ctx.records.council.name(), clerk: ctx.identity.isClerk }),
        }),
      },
      {
        intent: 'greeting',
        priority: 20,
        label: 'Hello',
        patterns: [/^(?:hi|hello|hey|hiya|howdy|greetings|morning|afternoon|evening|good (?:morning|afternoon|evening|day))\b/],
        examples: ['Hi', 'Hello', 'Good morning'],
        suggest: false,
        audience: 'anyone',
        aboutCommittee: false,
        template: 'welcome',
        handler: async (ctx) => ({
          template: 'welcome',
          view: helpView(content, { welcome: false, councilName: await ctx.records.council.name(), clerk: ctx.identity.isClerk }),
        }),
      },
    ],
  });
}
