/**
 * What the recogniser hands to the router: one intent and the entities found in the text.
 * Handlers take these plain values, so a model-backed planner could call the same handlers later.
 * The intents themselves are named by the feature definitions (bot/features/).
 */
/**
 * Which entities an intent reads beyond those every message is searched for (dates, "next" /
 * "last", people, "my", the committee, the item number). Each definition states its own.
 */
export interface EntityNeeds {
  /**
   * Which way a date without a year points (see dates.ts). Meetings, agendas, the work programme
   * and new apologies or declarations look forward (the default); action lists look back to the
   * meeting that made them; lists of records take the nearer of the two.
   */
  dateDirection?: 'future' | 'past' | 'nearest';
  /** "for Cllr X" / "on behalf of X" / "X will substitute" change who is meant. */
  actsForOthers?: boolean;
  /** The indicator named in the text. */
  indicator?: boolean;
  /** Overdue and the origin of actions (minutes or an action plan). */
  actionFilters?: boolean;
  /** The part of the membership asked about (chair, substitutes...). */
  membershipPart?: boolean;
  /** Free text after "because" / the nature of an interest: which core words precede it. */
  reason?: 'apology' | 'declaration';
  /** The kind of interest, if stated. */
  interestKind?: boolean;
  /**
   * The command records something for a meeting (apologies, declarations): a board or panel
   * named after "for", "at" or "to" is the meeting meant, so one the store does not hold is
   * never recorded against another committee's meeting.
   */
  recordsForMeeting?: boolean;
}

export interface DateEntity {
  /** The words that named the date, e.g. "16 November", "January", "Tuesday". */
  text: string;
  /** First and last London calendar day the words cover (YYYY-MM-DD); one day or a month. */
  from: string;
  to: string;
}

export interface Entities {
  date?: DateEntity;
  /** Words that name a day no calendar has ("31 February"): no meeting is matched to them. */
  unmatchedDate?: string;
  /** "next" / "last" / "previous" when the text says which meeting relative to now. */
  relative?: 'next' | 'last';
  /** Person ids named in the text (several when a name is ambiguous). */
  personIds?: string[];
  /** The text said "my" / "me" / "I" about the person (e.g. "my actions"). */
  self?: boolean;
  committeeId?: string;
  /** A committee named as typed that the store does not hold ("Cabinet", "Planning Committee"). */
  unknownCommittee?: string;
  indicatorId?: string;
  /** Agenda item number as typed, lowercased, without spaces: "6", "12a", "5.10", "6(a)". */
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

export type Recognition<I extends string = string> =
  | { kind: 'intent'; intent: I; entities: Entities; score: number }
  /** Nothing matched well: the closest example phrasings, best first. */
  | { kind: 'unknown'; suggestions: { label: string; text: string }[]; unknownCommittee?: string };
