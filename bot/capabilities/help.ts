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

/** What clerks can type, shown to them on top of everyone's questions. */
export const CLERK_COMMANDS: string[] = [
  'link this channel to <committee> (in the committee channel) / unlink',
  'add meeting on <date> at <time> in <venue>; move the <date> meeting to <date>; cancel the meeting on <date> because <reason>',
  'publish agenda for <date>; add agenda item <n> <title> lead officer <name> [restricted] (a title in "quotes" is taken exactly); agenda deadlines',
  'post agenda reminder [and members]; remind members 7 days and 1 day before each meeting at 9am; stop reminders',
  'who has sent apologies; declarations for the next meeting; minutes text for the next meeting; withdraw the declaration for item <n> on behalf of <member>',
  'who is linked (Teams accounts, and requests waiting for you to confirm); unlink Councillor <name>',
];

export function helpView(options: { welcome: boolean; councilName: string; clerk?: boolean }): HelpView {
  const title = options.welcome ? 'Welcome to Committee Assistant' : 'What I can help with';
  const capabilities = [
    'When the next meeting is, where, and what is on the agenda',
    'Performance indicators, such as the child protection rate, with comparators',
    'Open and overdue actions from the minutes and action plans',
    'Membership, the clerk, and the work programme',
    'Sending apologies and declaring interests, or withdrawing one made in error (councillors)',
    'Agenda reminders to the committee channel (clerks)',
  ];
  return {
    summary: `${title}. Ask me about meetings, indicators, actions, apologies and declarations of interest.`,
    title,
    intro: `I answer questions about ${options.councilName} committees from the published papers. Ask in your own words, for example:`,
    capabilities: options.clerk ? [...capabilities, ...CLERK_COMMANDS.map((c) => `Clerks: ${c}`)] : capabilities,
    examples: EXAMPLE_QUESTIONS,
    footer: 'Type "help" at any time to see this again.',
  };
}
