import type { CardViewModel } from '../cards/render';

/** What the bot can do, in the committee's words, with example questions users can tap. */
export interface HelpView extends CardViewModel {
  title: string;
  intro: string;
  capabilities: string[];
  examples: { label: string; text: string }[];
  footer: string;
}

export const EXAMPLE_QUESTIONS: { label: string; text: string }[] = [
  { label: 'Next meeting', text: 'When is the next meeting?' },
  { label: 'Child protection rate', text: "What's the CP rate?" },
  { label: 'Open actions', text: 'Open actions' },
  { label: 'Send apologies', text: 'Send my apologies for the next meeting' },
  { label: 'Who is on the committee', text: 'Who is on the committee?' },
];

export function helpView(options: { welcome: boolean; councilName: string }): HelpView {
  const title = options.welcome ? 'Welcome to Committee Assistant' : 'What I can help with';
  const capabilities = [
    'When the next meeting is, where, and what is on the agenda',
    'Performance indicators, such as the child protection rate, with comparators',
    'Open and overdue actions from the minutes and action plans',
    'Membership, the clerk, and the work programme',
    'Sending apologies and declaring interests (councillors)',
    'Agenda reminders to the committee channel (clerks)',
  ];
  return {
    summary: `${title}. Ask me about meetings, indicators, actions, apologies and declarations of interest.`,
    title,
    intro: `I answer questions about ${options.councilName} committees from the published papers. Ask in your own words, for example:`,
    capabilities,
    examples: EXAMPLE_QUESTIONS,
    footer: 'Type "help" at any time to see this again.',
  };
}
