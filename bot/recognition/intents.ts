import type { Intent } from './types';

/**
 * The intent table: what each intent looks like, as data.
 *
 * Patterns are tested on normalised text (see normalise.ts: lowercase, "what's" -> "what is",
 * "can't" -> "cannot", punctuation -> spaces, "O & S" -> "o&s", misspellings already corrected).
 * When rows of several intents match, the highest `priority` wins: specific requests sit above
 * general ones, so "how do I send apologies" (clerk, 90) beats "send ... apologies" (75), and
 * "what's coming to the January meeting" (workProgramme, 60) beats "meeting in January"
 * (nextMeeting, 40). Row order does not matter for matching; it only orders suggestions that
 * score the same.
 *
 * `examples` are real phrasings: the fuzzy fallback compares messages with them, and the closest
 * ones are offered as "did you mean" suggestions. `keywords` are extra words the spelling
 * corrector should know for this intent.
 */
export interface IntentRow {
  intent: Intent;
  /** Short name of the intent for a suggestion button. */
  label: string;
  priority: number;
  /** Any one matching selects the intent. */
  patterns: readonly RegExp[];
  /** Any one matching rules the intent out, whatever the patterns say. */
  unless?: readonly RegExp[];
  /** The intent is also selected when this entity is found in the text (an indicator's name). */
  orEntity?: 'indicatorId';
  keywords?: readonly string[];
  examples: readonly string[];
  /** Offer as a "did you mean" suggestion (default true). */
  suggest?: boolean;
}

/** "I", "me", "my" and friends: the user is talking about themselves. */
export const FIRST_PERSON = /\b(?:i|me|my|mine|myself)\b/;

export const INTENT_TABLE: readonly IntentRow[] = [
  {
    intent: 'nextMeeting',
    label: 'Next meeting',
    priority: 40,
    patterns: [
      /\bnext (?:meeting|committee|session|o&s|scrutiny|one)\b/,
      /\bwhen\b.*\b(?:meet|meets|meeting|meetings|committee|scrutiny|o&s|csosc|session)\b/,
      /\b(?:is|are) there (?:a |any )?(?:meeting|meetings|committee)\b/,
      /\bmeetings? (?:date|dates|time|times|venue|location|schedule|calendar|in|on|this|next)\b/,
      /\b(?:upcoming|future|forthcoming) (?:meeting|meetings|committees)\b/,
      /\bwhere is (?:the )?(?:next )?(?:meeting|committee)\b/,
    ],
    keywords: ['when', 'next', 'meeting', 'meet', 'committee', 'scrutiny', 'date', 'venue', 'upcoming'],
    examples: ['When is the next meeting?', 'Is there a meeting in January?', 'When do we meet next?', 'Next meeting date'],
  },
  {
    intent: 'agenda',
    label: 'Agenda',
    priority: 55,
    patterns: [
      /\bagenda\b/,
      /\bwhat is (?:on|being discussed|discussed|happening) (?:at|on|for)\b/,
      /\b(?:items|papers|reports|business) (?:for|on|at) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
    ],
    keywords: ['agenda', 'items', 'papers', 'reports', 'pack'],
    examples: ["What's on the agenda on 16 November?", 'Agenda for the next meeting', 'Show me the agenda'],
  },
  {
    intent: 'indicator',
    label: 'An indicator',
    priority: 52,
    patterns: [/\brate\b/, /\bhow many (?:children|young people|kids|cases|families)\b/, /\bper 10 ?000\b/],
    orEntity: 'indicatorId',
    keywords: ['rate', 'figure', 'performance', 'children', 'protection', 'looked', 'reoffending', 'complaints', 'upheld'],
    examples: ["What's the CP rate?", 'How many looked after children?', 'Children in need rate', 'Reoffending rate'],
  },
  {
    intent: 'listIndicators',
    label: 'List indicators',
    priority: 58,
    patterns: [
      /\bindicators\b/,
      /\bkpis?\b/,
      /\bperformance (?:indicators|measures|data|figures|dashboard|scorecard)\b/,
      /\b(?:list|all|which|what) (?:of )?(?:the )?(?:measures|metrics|stats|statistics|figures)\b/,
    ],
    keywords: ['indicators', 'kpis', 'measures', 'metrics', 'performance', 'list'],
    examples: ['List indicators', 'What indicators do you have?', 'Performance indicators'],
  },
  {
    intent: 'openActions',
    label: 'Open actions',
    priority: 65,
    patterns: [
      /\bactions?\b/,
      /\bthematic review\b/,
      /\b(?:my|open|overdue|outstanding) (?:tasks|to dos?|todos?)\b/,
      /\b(?:am i|i am) (?:responsible|down) for\b/,
    ],
    keywords: ['actions', 'action', 'open', 'outstanding', 'overdue', 'thematic', 'review', 'plan'],
    examples: ['Open actions', 'My actions', 'Overdue actions', 'Actions from the June meeting', 'Thematic review actions'],
  },
  {
    intent: 'membership',
    label: 'Who is on the committee',
    priority: 50,
    patterns: [
      /\bwho (?:is|are|sits|sit) (?:on|in)\b/,
      /\bmembers(?:hip)?\b/,
      /\b(?:vice )?chair(?:s|man|woman|person|ed|ing)?\b/,
      /\b(?:substitutes|subs)\b/,
      /\bco ?opted\b/,
      /\bcouncillors (?:on|in)\b/,
    ],
    keywords: ['members', 'membership', 'chair', 'chairs', 'vice', 'substitutes', 'co', 'opted', 'councillors'],
    examples: ['Who is on the committee?', 'Who chairs it?', 'Who is the vice-chair?', 'Substitutes', 'Co-opted members'],
  },
  {
    intent: 'workProgramme',
    label: 'Work programme',
    priority: 60,
    patterns: [
      /\bwork ?programme\b/,
      /\bforward (?:plan|programme)\b/,
      /\bwhat is (?:coming|going|planned|scheduled|due|expected) (?:up )?(?:to|for|at|in|on|before)\b/,
      /\bcoming (?:up )?(?:to|at|before) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
      /\bfuture (?:items|topics|reports|agendas?)\b/,
      /\bwhat is (?:coming|happening) up\b/,
    ],
    keywords: ['work', 'programme', 'forward', 'plan', 'coming', 'future', 'topics'],
    examples: ["What's coming to the January meeting?", 'Work programme', 'Forward plan'],
  },
  {
    intent: 'clerk',
    label: 'The clerk',
    priority: 90,
    patterns: [
      /\bclerks?\b/,
      /\bdemocratic services\b/,
      /\bdemocracy (?:team|officer|services)\b/,
      /\b(?:governance|committee) (?:team|officer|services|secretary|administrator)\b/,
      /\bhow (?:do|can|should|would|will|does) (?:i|we|one|members?|councillors?|you)\b.*\b(?:apolog\w*|substitut\w*|contact|get in touch)\b/,
      /\bwho (?:do|should|can|would) (?:i|we) (?:contact|email|ring|call|ask|tell|notify|inform|speak to)\b/,
      /\b(?:deadline|cut ?off)\b.*\bapolog\w*\b/,
      /\bcontact (?:details|the committee|someone)\b/,
    ],
    keywords: ['clerk', 'democratic', 'services', 'contact', 'officer'],
    examples: ['Who is the clerk?', 'How do I send apologies?', 'Contact democratic services'],
  },
  {
    intent: 'sendApologies',
    label: 'Send apologies',
    priority: 75,
    patterns: [
      /\b(?:send|give|submit|tender|register|record|log|offer|pass on|put in|sending|giving)\b.*\bapolog\w*\b/,
      /\bmy apolog\w*\b/,
      /\bapolog\w*\b.*\b(?:i|me|my)\b/,
      /\b(?:i|me)\b.*\bapolog\w*\b/,
      /\bi (?:cannot|can not|will not|would not|could not|am not able to|am unable to|will be unable to|will not be able to|am not going to|may not|might not|shall not) (?:make|attend|come|be there|be at|be present|get to|join)\b/,
      /\bi (?:am|will be) (?:away|absent|on leave|on holiday|unavailable|not available|not around)\b/,
      /\bapolog\w*\b.*\breason\b/,
    ],
    unless: [/\bwho\b/, /\b(?:list|any|how many)\b.*\bapolog\w*\b/],
    keywords: ['send', 'apologies', 'apology', 'cannot', 'attend', 'make', 'substitute', 'behalf'],
    examples: [
      'Send my apologies for the next meeting',
      "Apologies for 16 November, I'm on leave",
      "I can't make Tuesday's committee, Cllr Green will substitute",
      'Send apologies on behalf of Cllr Abbas',
    ],
  },
  {
    intent: 'withdrawApologies',
    label: 'Withdraw apologies',
    priority: 85,
    patterns: [
      /\b(?:withdraw\w*|cancel\w*|retract\w*|revoke|remove|delete|scrap|undo|take back)\b.*\bapolog\w*\b/,
      /\bapolog\w*\b.*\b(?:withdrawn|cancelled|canceled|no longer needed)\b/,
      /\b(?:can|will|could|am able to|will be able to) (?:now )?(?:make|attend|come|be there)\b.*\bafter all\b/,
      /\bi can now (?:make|attend|come)\b/,
      /\bno longer\b.*\bapolog\w*\b/,
    ],
    keywords: ['withdraw', 'cancel', 'apologies', 'after', 'all'],
    examples: ['Withdraw my apologies', 'Cancel my apologies', 'I can make it after all'],
  },
  {
    intent: 'listApologies',
    label: 'Apologies received',
    priority: 70,
    patterns: [
      /\bapolog\w*\b/, // any other mention: "apologies for the next meeting" is a list request
      /\bquorum|quorate\b/,
      /\bwho (?:is|are|will be) (?:absent|away|missing|not coming|not attending)\b/,
      /\bwho (?:cannot|can not|is not able to|is unable to) (?:make|attend|come)\b/,
    ],
    keywords: ['apologies', 'who', 'sent', 'quorum', 'absent', 'list'],
    examples: ['Who has sent apologies?', 'Apologies for the next meeting', 'List apologies', 'Quorum'],
  },
  {
    intent: 'declareInterest',
    label: 'Declare an interest',
    priority: 74,
    patterns: [
      /\bdeclar(?:e|ing)\b.*\binterests?\b/,
      /\binterests? in (?:agenda )?item\b/,
      /\bi (?:have|hold|need to make|want to make|wish to make|would like to make|must make|have to make|will make|am making) (?:a |an |my )?(?:\w+ )?(?:interest|declaration|dpi)\b/,
      /\b(?:make|making|register|record|log|submit|add) (?:a |an |my )?(?:\w+ )?declaration\b/,
    ],
    unless: [/\bwho (?:has|have|is|are)\b/],
    keywords: ['declare', 'interest', 'pecuniary', 'item', 'registrable'],
    examples: [
      'I need to declare an interest in item 6',
      'Declare a pecuniary interest in item 8, my wife works for the provider',
      'Declare an interest',
    ],
  },
  {
    intent: 'listDeclarations',
    label: 'Declarations of interest',
    priority: 72,
    patterns: [
      /\bdeclarations?\b/,
      /\bwho (?:has|have|is|are)\b.*\b(?:declared|declaring|interests?)\b/,
      /\binterests? declared\b/,
      /\b(?:has|have) been declared\b/,
    ],
    keywords: ['declarations', 'declared', 'interests', 'who'],
    examples: ['Declarations for the next meeting', 'Who has declared interests?', 'List declarations'],
  },
  {
    intent: 'myDeclarations',
    label: 'My declarations',
    priority: 78,
    patterns: [
      /\bmy (?:declarations?|declared interests|interests)\b/,
      /\b(?:have|did) i (?:declare|declared)\b/,
      /\binterests? (?:have|did) i\b/,
    ],
    unless: [/\bdeclar(?:e|ing) my\b/], // "declare my interest in item 6" is a new declaration
    keywords: ['my', 'declarations', 'declared'],
    examples: ['My declarations', 'What have I declared?'],
  },
  {
    intent: 'minutesText',
    label: 'Minutes text',
    priority: 95,
    patterns: [
      /\bminutes? (?:text|wording|words|entry|entries|paragraphs?)\b/,
      /\b(?:draft|write|prepare|generate|produce|create)\b.*\bminutes?\b/,
      /\btext for (?:the )?minutes\b/,
      /\bminute (?:the )?(?:apologies|declarations)\b/,
      /\bshould the minutes (?:say|record)\b/,
    ],
    keywords: ['minutes', 'text', 'draft', 'wording'],
    examples: ['Minutes text for the next meeting', 'Draft the apologies and declarations minutes'],
  },
  {
    intent: 'help',
    label: 'Help',
    priority: 30,
    patterns: [
      /^\?$/,
      /\bhelp\b/,
      /\bwhat (?:can|do) you do\b/,
      /\bwhat can i (?:ask|say|do)\b/,
      /\bhow (?:does|do) (?:this|you|it) work\b/,
      /\b(?:commands|menu|instructions)\b/,
      /\b(?:who|what) are you\b/,
    ],
    keywords: ['help', 'commands', 'menu'],
    examples: ['Help', 'What can you do?'],
  },
  {
    intent: 'greeting',
    label: 'Hello',
    priority: 20,
    patterns: [/^(?:hi|hello|hey|hiya|howdy|greetings|morning|afternoon|evening|good (?:morning|afternoon|evening|day))\b/],
    keywords: ['hi', 'hello', 'hey', 'good', 'morning', 'afternoon', 'evening'],
    examples: ['Hi', 'Hello', 'Good morning'],
    suggest: false,
  },
];
