import type { Intent } from './types';

/**
 * The intent table: what each intent looks like, as data.
 *
 * Patterns are tested on normalised text (see normalise.ts: lowercase, "what's" -> "what is",
 * "can't" -> "cannot", punctuation -> spaces, "O & S" -> "o&s", misspellings already corrected).
 * When rows of several intents match, the highest `priority` wins, so specific requests beat
 * general ones that share their words:
 *
 *   86-100 clerks' commands, anchored at the start of the message ("add meeting ...",
 *         "post agenda reminder", "link this channel to ...", "unlink Councillor X"): a command is
 *         never a question
 *   95 minutesText       "draft the apologies and declarations minutes"
 *   90 clerk             "how do I send apologies", "who do I send apologies to"
 *   86 withdrawDeclaration "withdraw my declaration for item 8"
 *   85 withdrawApologies "cancel my apologies"
 *   80 whoIsLinked       "who is linked" (clerks: linked accounts and requests waiting)
 *   78 myDeclarations    "my declarations" (but not "declare my interest")
 *   75 sendApologies     "send my apologies", any first-person apologies (but not "who ...")
 *   74 declareInterest   "declare an interest in item 6"
 *   72 listDeclarations  "declarations for the next meeting"
 *   70 listApologies     any other mention of apologies: "apologies for the next meeting"
 *   65 openActions       "actions from the June meeting" (not nextMeeting)
 *   60 workProgramme     "what's coming to the January meeting" (not nextMeeting)
 *   58 listIndicators    "performance indicators"
 *   55 agenda            "agenda for the next meeting"
 *   52 indicator         "CP rate", or any indicator's name or alias
 *   50 membership        "who chairs it", "substitutes"
 *   40 nextMeeting       "is there a meeting in January"
 *   30 help, 20 greeting "hello, when is the next meeting?" is a nextMeeting question
 *
 * Row order does not matter for matching; it orders suggestions that score the same.
 * `examples` are real phrasings: the fuzzy fallback compares messages with them, the closest
 * are offered as "did you mean" suggestions, and their words (with the patterns' words) are the
 * vocabulary the spelling corrector knows.
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
  examples: readonly string[];
  /** Offer as a "did you mean" suggestion (default true). */
  suggest?: boolean;
}

/** "I", "me", "my" and friends: the user is talking about themselves. */
export const FIRST_PERSON = /\b(?:i|me|my|mine|myself)\b/;

export const INTENT_TABLE: readonly IntentRow[] = [
  {
    intent: 'nextMeeting', priority: 40, label: 'Next meeting',
    patterns: [
      /\bnext (?:meeting|committee|session|o&s|scrutiny|one)\b/,
      /\bwhen\b.*\b(?:meet|meets|meeting|meetings|committee|scrutiny|o&s|csosc|session)\b/,
      /\b(?:is|are) there (?:a |any )?(?:meeting|meetings|committee)\b/,
      /\bmeetings? (?:date|dates|time|times|venue|location|schedule|calendar|in|on|this|next)\b/,
      /\b(?:upcoming|future|forthcoming) (?:meeting|meetings|committees)\b/,
      /\bwhere is (?:the )?(?:next )?(?:meeting|committee)\b/,
    ],
    examples: ['When is the next meeting?', 'Is there a meeting in January?', 'When do we meet next?', 'Next meeting date'],
  },
  {
    intent: 'agenda', priority: 55, label: 'Agenda',
    patterns: [
      /\bagenda\b/,
      /\bwhat is (?:on|being discussed|discussed|happening) (?:at|on|for)\b/,
      /\b(?:items|papers|reports|business) (?:for|on|at) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
    ],
    examples: ["What's on the agenda on 16 November?", 'Agenda for the next meeting', 'Show me the agenda'],
  },
  {
    intent: 'indicator', priority: 52, label: 'An indicator',
    patterns: [/\brate\b/, /\bhow many (?:children|young people|kids|cases|families)\b/, /\bper 10 ?000\b/],
    orEntity: 'indicatorId',
    examples: ["What's the CP rate?", 'How many looked after children?', 'Children in need rate', 'Reoffending rate'],
  },
  {
    intent: 'listIndicators', priority: 58, label: 'List indicators',
    patterns: [
      /\bindicators\b/,
      /\bkpis?\b/,
      /\bperformance (?:indicators|measures|data|figures|dashboard|scorecard)\b/,
      /\b(?:list|all|which|what) (?:of )?(?:the )?(?:measures|metrics|stats|statistics|figures)\b/,
      /\bwhat do you (?:measure|track|monitor)\b/,
    ],
    examples: ['List indicators', 'What indicators do you have?', 'Performance indicators'],
  },
  {
    intent: 'openActions', priority: 65, label: 'Open actions',
    patterns: [
      /\bactions?\b/,
      /\bthematic review\b/,
      /\b(?:my|open|overdue|outstanding) (?:tasks|to dos?|todos?)\b/,
      /\b(?:am i|i am) (?:responsible|down) for\b/,
    ],
    examples: ['Open actions', 'My actions', 'Overdue actions', 'Actions from the June meeting', 'Action plan'],
  },
  {
    intent: 'membership', priority: 50, label: 'Who is on the committee',
    patterns: [
      /\bwho (?:is|are|sits|sit) (?:on|in)\b/,
      /\bmembers(?:hip)?\b/,
      /\b(?:vice )?chair(?:s|man|woman|person|ed|ing)?\b/,
      /\b(?:substitutes|subs)\b/,
      /\bwho (?:can|may|could) substitute\b/,
      /\bco ?opted\b/,
      /\bcouncillors (?:on|in)\b/,
    ],
    examples: ['Who is on the committee?', 'Who chairs it?', 'Who is the vice-chair?', 'Substitutes', 'Co-opted members'],
  },
  {
    intent: 'workProgramme', priority: 60, label: 'Work programme',
    patterns: [
      /\bwork ?programme\b/,
      /\bforward (?:plan|programme)\b/,
      /\bwhat is (?:coming|going|planned|scheduled|due|expected) (?:up )?(?:to|for|at|in|on|before)\b/,
      /\bcoming (?:up )?(?:to|at|before) (?:the )?(?:\w+ )?(?:meeting|committee)\b/,
      /\bfuture (?:items|topics|reports|agendas?)\b/,
      /\bwhat is (?:coming|happening) up\b/,
    ],
    examples: ["What's coming to the January meeting?", 'Work programme', 'Forward plan'],
  },
  {
    intent: 'clerk', priority: 90, label: 'The clerk',
    patterns: [
      /\bclerks?\b/,
      /\bdemocratic services\b/,
      /\bdemocracy (?:team|officer|services)\b/,
      /\b(?:governance|committee) (?:team|officer|services|secretary|administrator)\b/,
      /\bhow (?:do|can|should|would|will|does) (?:i|we|one|members?|councillors?)\b.*\b(?:apolog\w*|substitut\w*|contact|get in touch)\b/,
      /\bwho (?:do|should|can|would) (?:i|we) (?:contact|email|ring|call|ask|tell|notify|inform|speak to)\b/,
      /\b(?:deadline|cut ?off)\b.*\bapolog\w*\b/,
      /\b(?:who|where) (?:do|should|can) (?:i|we)\b.*\bapolog\w*\b/,
      /\bcontact (?:details|the committee|someone)\b/,
    ],
    examples: ['Who is the clerk?', 'How do I send apologies?', 'Contact democratic services'],
  },
  {
    intent: 'sendApologies', priority: 75, label: 'Send apologies',
    patterns: [
      /\b(?:send|give|submit|tender|register|record|log|offer|pass on|put in|sending|giving)\b.*\bapolog\w*\b/,
      /\bmy apolog\w*\b/,
      /\bapolog\w*\b.*\b(?:i|me|my)\b/,
      /\b(?:i|me)\b.*\bapolog\w*\b/,
      /\bi (?:cannot|can not|will not|would not|could not|may not|might not|shall not) (?:make|attend|come|be there|be at|get to|join)\b/,
      /\bi (?:am unable|will be unable|am not able|will not be able|would not be able) to (?:make|attend|come|be there|get to|join)\b/,
      /\bi am not (?:going to make|going to attend|coming|attending)\b/,
      /\bi (?:am|will be) (?:away|absent|on leave|on holiday|unavailable|not available|not around)\b/,
      /\bapolog\w*\b.*\breason\b/,
    ],
    unless: [/\bwho\b/, /\b(?:list|any|how many)\b.*\bapolog\w*\b/],
    examples: [
      'Send my apologies for the next meeting',
      "Apologies for 16 November, I'm on leave",
      "I can't make Tuesday's committee, Cllr Green will substitute",
      'Send apologies on behalf of Cllr Abbas',
    ],
  },
  {
    intent: 'withdrawApologies', priority: 85, label: 'Withdraw apologies',
    patterns: [
      /\b(?:withdraw\w*|cancel\w*|retract\w*|revoke|remove|delete|scrap|undo|take back)\b.*\bapolog\w*\b/,
      /\bapolog\w*\b.*\b(?:withdrawn|cancelled|canceled|no longer needed)\b/,
      /\b(?:can|will|could|am able to|will be able to) (?:now )?(?:make|attend|come|be there)\b.*\bafter all\b/,
      /\bi can now (?:make|attend|come)\b/,
      /\bno longer\b.*\bapolog\w*\b/,
    ],
    examples: ['Withdraw my apologies', 'Cancel my apologies', 'I can make it after all'],
  },
  {
    intent: 'listApologies', priority: 70, label: 'Apologies received',
    patterns: [
      /\bapolog\w*\b/, // any other mention: "apologies for the next meeting" is a list request
      /\bquorum|quorate\b/,
      /\bwho (?:is|are|will be) (?:absent|away|missing|not coming|not attending)\b/,
      /\bwho (?:cannot|can not|is not able to|is unable to) (?:make|attend|come)\b/,
    ],
    examples: ['Who has sent apologies?', 'Apologies for the next meeting', 'List apologies', 'Quorum'],
  },
  {
    intent: 'declareInterest', priority: 74, label: 'Declare an interest',
    patterns: [
      /\bdeclar(?:e|ing)\b.*\binterests?\b/,
      /\binterests? in (?:agenda )?item\b/,
      /\bi (?:have|hold) (?:a |an |my )?(?:\w+ )?(?:interest|declaration|dpi)\b/,
      /\b(?:make|making|register|record|log|submit|add) (?:a |an |my )?(?:\w+ )?(?:declaration|dpi)\b/,
    ],
    unless: [/\bwho (?:has|have|is|are)\b/],
    examples: [
      'I need to declare an interest in item 6',
      'Declare a pecuniary interest in item 8, my wife works for the provider',
      'Declare an interest',
    ],
  },
  {
    intent: 'withdrawDeclaration', priority: 86, label: 'Withdraw a declaration',
    patterns: [
      /\b(?:withdraw\w*|cancel\w*|retract\w*|revoke|remove|delete|undo|take back)\b.*\b(?:declarations?|declared interests?|interests?|dpi)\b/,
      /\b(?:declarations?|interests?)\b.*\b(?:withdrawn|in error|by mistake|made in error)\b/,
    ],
    unless: [/\bapolog\w*\b/],
    examples: ['Withdraw my declaration for item 8', 'Cancel my declaration of interest', 'Withdraw the declaration for item 8 on behalf of Cllr Abbas'],
  },
  {
    intent: 'listDeclarations', priority: 72, label: 'Declarations of interest',
    patterns: [
      /\bdeclarations?\b/,
      /\bwho (?:has|have|is|are)\b.*\b(?:declared|declaring|interests?)\b/,
      /\bwho declared\b/,
      /\binterests? declared\b/,
      /\b(?:has|have) been declared\b/,
    ],
    examples: ['Declarations for the next meeting', 'Who has declared interests?', 'List declarations'],
  },
  {
    intent: 'myDeclarations', priority: 78, label: 'My declarations',
    patterns: [
      /\bmy (?:declarations?|declared interests|interests)\b/,
      /\b(?:have|did) i (?:declare|declared)\b/,
      /\binterests? (?:have|did) i\b/,
    ],
    unless: [/\bdeclar(?:e|ing) my\b/], // "declare my interest in item 6" is a new declaration
    examples: ['My declarations', 'What have I declared?'],
  },
  {
    intent: 'minutesText', priority: 95, label: 'Minutes text',
    patterns: [
      /\bminutes? (?:text|wording|words|entry|entries|paragraphs?)\b/,
      /\b(?:draft|write|prepare|generate|produce|create)\b.*\bminutes?\b/,
      /\btext for (?:the )?minutes\b/,
      /\bminute (?:the )?(?:apologies|declarations)\b/,
      /\bshould the minutes (?:say|record)\b/,
    ],
    examples: ['Minutes text for the next meeting', 'Draft the apologies and declarations minutes'],
  },
  {
    intent: 'help', priority: 30, label: 'Help',
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
  },
  {
    intent: 'greeting', priority: 20, label: 'Hello',
    patterns: [/^(?:hi|hello|hey|hiya|howdy|greetings|morning|afternoon|evening|good (?:morning|afternoon|evening|day))\b/],
    examples: ['Hi', 'Hello', 'Good morning'],
    suggest: false,
  },
  // Clerks' commands: the verb comes first, so they are anchored at the start.
  {
    intent: 'linkChannel', priority: 99, label: 'Link this channel',
    patterns: [/^link (?:this |the )?(?:channel|chat|conversation|team)\b/],
    examples: ['Link this channel to the Children\'s Services Overview and Scrutiny Committee'],
    suggest: false,
  },
  {
    intent: 'unlinkPerson', priority: 100, label: 'Unlink a person',
    patterns: [/^unlink (?!(?:this|the|our|my)\b|(?:channel|chat|conversation|team)\b)\w/],
    examples: ['Unlink Councillor Abbas'],
    suggest: false,
  },
  {
    intent: 'whoIsLinked', priority: 80, label: 'Who is linked',
    patterns: [/^who is linked\b/, /^(?:list|show)(?: me)? (?:the )?(?:linked (?:accounts|people|users)|links|link requests)\b/, /^(?:linked accounts|link requests)\b/],
    examples: ['Who is linked'],
    suggest: false,
  },
  {
    intent: 'unlinkChannel', priority: 98, label: 'Unlink this channel',
    patterns: [/^unlink\b/],
    examples: ['Unlink this channel'],
    suggest: false,
  },
  {
    intent: 'addMeeting', priority: 97, label: 'Add a meeting',
    patterns: [/^(?:add|schedule|create|book) (?:a |an |the )?(?:new |extra |additional |special )?meeting\b/],
    examples: ['Add meeting on 14 March 2024 at 7pm in Committee Room 2'],
    suggest: false,
  },
  {
    intent: 'moveMeeting', priority: 96, label: 'Move a meeting',
    patterns: [/^(?:move|reschedule|rearrange|postpone)\b.*\bmeeting\b/, /^change the (?:date|time|venue) of\b/],
    examples: ['Move the 16 November meeting to 23 November at 6.30pm'],
    suggest: false,
  },
  {
    intent: 'cancelMeeting', priority: 94, label: 'Cancel a meeting',
    patterns: [/^(?:cancel|call off|scrap)\b.*\bmeeting\b/],
    unless: [/\bapolog/],
    examples: ['Cancel the meeting on 16 November because there is no business'],
    suggest: false,
  },
  {
    intent: 'publishAgenda', priority: 93, label: 'Publish the agenda',
    patterns: [/^(?:publish|mark|record)\b.*\bagenda\b/, /^agenda (?:is )?published\b/],
    examples: ['Publish agenda for the next meeting'],
    suggest: false,
  },
  {
    intent: 'addAgendaItem', priority: 92, label: 'Add an agenda item',
    patterns: [/^add (?:an |a )?(?:agenda )?item\b/, /^add to (?:the )?agenda\b/],
    examples: ['Add agenda item 11 Budget monitoring lead officer Jane Doe'],
    suggest: false,
  },
  {
    intent: 'agendaDeadlines', priority: 91, label: 'Agenda deadlines',
    patterns: [/\b(?:agenda|publication) deadlines?\b/, /\bwhen (?:must|should|does) (?:the )?agenda (?:be |go )?(?:published|out)\b/],
    examples: ['Agenda deadlines'],
    suggest: false,
  },
  {
    intent: 'postReminder', priority: 89, label: 'Post an agenda reminder',
    patterns: [/^(?:post|send|share) (?:an |the |a )?(?:agenda |meeting )?reminders?\b/],
    examples: ['Post agenda reminder', 'Post agenda reminder and members'],
    suggest: false,
  },
  {
    intent: 'scheduleReminders', priority: 88, label: 'Schedule reminders',
    patterns: [/^remind (?:the )?(?:members|channel|committee|everyone|councillors)\b/, /^(?:schedule|set up|turn on) (?:agenda )?reminders\b/],
    examples: ['Remind members 7 days and 1 day before each meeting at 9am'],
    suggest: false,
  },
  {
    intent: 'cancelReminders', priority: 87, label: 'Stop reminders',
    patterns: [/^(?:stop|cancel|turn off|switch off|disable) (?:the |all )?(?:scheduled |agenda )?reminders\b/],
    examples: ['Stop reminders'],
    suggest: false,
  },
];
