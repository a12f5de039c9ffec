import type { CardViewModel } from '../../cards/render';
import type { QuestionButton } from '../shared/answer';

/** What the bot can do, in the committee's words, with example questions users can tap. */
export interface HelpView extends CardViewModel {
  title: string;
  intro: string;
  capabilities: string[];
  examples: { label: string; text: string }[];
  footer: string;
}

/** What help lists, gathered from every feature's `help` lines (bot/features/catalogue.ts). */
export interface HelpContent {
  capabilities: readonly string[];
  examples: readonly QuestionButton[];
  /** What clerks can type, shown to them on top of everyone's questions. */
  clerkCommands: readonly string[];
}

export function helpView(content: HelpContent, options: { welcome: boolean; councilName: string; clerk?: boolean }): HelpView {
  const title = options.welcome ? 'Welcome to Committee Assistant' : 'What I can help with';
  const capabilities = [...content.capabilities];
  return {
    summary: `${title}. Ask me about meetings, indicators, actions, apologies and declarations of interest.`,
    title,
    intro: `I answer questions about ${options.councilName} committees from the published papers. Ask in your own words, for example:`,
    capabilities: options.clerk ? [...capabilities, ...content.clerkCommands.map((c) => `Clerks: ${c}`)] : capabilities,
    examples: content.examples.map((e) => ({ ...e })),
    footer: 'Type "help" at any time to see this again.',
  };
}
