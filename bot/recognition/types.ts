/**
 * What the recogniser hands to the routes: one intent and the entities found in the text.
 * Handlers take these plain values, so a model-backed planner could call the same handlers later.
 */
export const INTENTS = [
  'help',
  'greeting',
  'nextMeeting', // "when is the next meeting", "is there a meeting in January"
  'agenda', // "what's on the agenda on 16 November", "agenda for the next meeting"
  'indicator', // "what's the CP rate"
  'listIndicators', // "list indicators"
  'openActions', // "open actions", "actions for Janet Simon", "overdue actions"
  'membership', // "who is on the committee", "who chairs it", "substitutes"
  'workProgramme', // "what's coming to the January meeting"
  'clerk', // "who is the clerk", "how do I send apologies"
  'sendApologies', // "send my apologies for the next meeting"
  'withdrawApologies', // "withdraw my apologies"
  'listApologies', // "who has sent apologies"
  'declareInterest', // "I need to declare an interest in item 6"
  'withdrawDeclaration', // "withdraw my declaration for item 8"
  'listDeclarations', // "declarations for the next meeting"
  'myDeclarations', // "my declarations"
  'minutesText', // "minutes text for the next meeting"
  // Clerks' commands (Democratic Services): the calendar, channels and reminders.
  'linkChannel', // "link this channel to <committee>"
  'unlinkChannel', // "unlink this channel"
  'addMeeting', // "add meeting <committee> on <date> at <time> in <venue>"
  'moveMeeting', // "move the 16 November meeting to 23 November at 6.30pm"
  'cancelMeeting', // "cancel the meeting on 16 November because ..."
  'publishAgenda', // "publish agenda for the next meeting"
  'addAgendaItem', // "add agenda item 11 Budget monitoring lead officer Jane Doe"
  'agendaDeadlines', // "agenda deadlines"
  'postReminder', // "post agenda reminder [for <committee>] [and members]"
  'scheduleReminders', // "remind members 7 days and 1 day before each meeting at 9am"
  'cancelReminders', // "stop reminders"
  'whoIsLinked', // "who is linked": Teams accounts linked to people, requests waiting
  'unlinkPerson', // "unlink Councillor X"
] as const;

export type Intent = (typeof INTENTS)[number];

export interface DateEntity {
  /** The words that named the date, e.g. "16 November", "January", "Tuesday". */
  text: string;
  /** First and last London calendar day the words cover (YYYY-MM-DD); one day or a month. */
  from: string;
  to: string;
}

export interface Entities {
  date?: DateEntity;
  /** "next" / "last" / "previous" when the text says which meeting relative to now. */
  relative?: 'next' | 'last';
  /** Person ids named in the text (several when a name is ambiguous). */
  personIds?: string[];
  /** The text said "my" / "me" / "I" about the person (e.g. "my actions"). */
  self?: boolean;
  committeeId?: string;
  indicatorId?: string;
  /** Agenda item number, e.g. "6". */
  itemNumber?: string;
  /** Action list filters. */
  overdue?: boolean;
  /** Membership sub-question. */
  membershipPart?: 'all' | 'chair' | 'vice-chair' | 'substitutes' | 'co-opted';
  /** Free text after "because", "reason:", etc. (apologies) or the nature of an interest. */
  reason?: string;
  /** Declarations: kind if stated. */
  interestKind?: 'disclosable-pecuniary' | 'other-registrable' | 'non-registrable';
  /** Apologies: named substitute person id(s). */
  substituteIds?: string[];
  /** Apologies/declarations: a person named as "on behalf of X" / "for Cllr X". */
  onBehalfOfIds?: string[];
  /** Action plan source, e.g. "thematic review". */
  actionOrigin?: 'minutes' | 'plan';
}

export type Recognition =
  | { kind: 'intent'; intent: Intent; entities: Entities; score: number }
  /** Nothing matched well: the closest example phrasings, best first. */
  | { kind: 'unknown'; suggestions: { label: string; text: string }[] };
