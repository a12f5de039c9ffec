import { nameTable, type NameSource, type RecognitionNames } from './memo';
import type { Person } from '../store/schema';
import { findDate, findImpossibleDate, findYear, type FoundDate } from './dates';
import { normaliseText, phraseWords, words } from './normalise';
import type { Entities, EntityNeeds } from './types';

/** "I", "me", "my" and friends: the user is talking about themselves. */
export const FIRST_PERSON = /\b(?:i|me|my|mine|myself)\b/;

/**
 * Entities: the dates, people, committee, indicator, item number and filters a message names.
 * Names come from the store (people, committees, indicators), so the recogniser knows whoever
 * the seed knows.
 */
export interface EntityInput {
  /** Cleaned text, case kept (dates and reasons are read from it). */
  clean: string;
  /** Normalised (and spelling-corrected) text. */
  norm: string;
  /** Which entities the recognised intent reads beyond those every message is searched for. */
  needs: EntityNeeds;
  now: Date;
  data: RecognitionNames;
}

/**
 * The entities of a message whose intent is known. Dates, "next"/"last", people, "my", the
 * committee and the item number are looked for in every message; the rest only where they mean
 * something: the indicator for indicator questions, overdue and origin for actions, the part of
 * the membership for membership, a reason for apologies and declarations, the kind of interest
 * for declarations, and substitutes / on-behalf-of only when sending or withdrawing apologies or
 * declaring (elsewhere "actions for Cllr Abbas" simply names a person).
 */
export function extractEntities(input: EntityInput): Entities {
  const { clean, norm, needs } = input;
  const tokens = words(norm);
  const entities: Entities = {};
  const direction = needs.dateDirection ?? 'future';

  const item = findItem(clean);
  if (item) entities.itemNumber = item.number;

  // A day no calendar has is matched to no meeting: it never falls back to "the next one". An
  // item number is never read as a date or a time ("item 5.10" is not ten past five).
  const dated = item ? clean.slice(0, item.start) + ' '.repeat(item.end - item.start) + clean.slice(item.end) : clean;
  const impossible = findImpossibleDate(dated);
  const date = impossible ? undefined : findDate(dated, input.now, direction);
  if (impossible) entities.unmatchedDate = impossible;
  else if (date) entities.date = date.entity;
  else {
    const year = findYear(dated);
    if (year) entities.date = year;
  }

  const relative = findRelative(norm, date);
  if (relative) entities.relative = relative;

  const mentions = classifyMentions(findPeople(tokens, clean, input), tokens, needs.actsForOthers === true);
  const ids = (role: MentionRole) => unique(mentions.filter((m) => m.role === role).flatMap((m) => m.ids));
  if (ids('person').length > 0) entities.personIds = ids('person');
  if (ids('substitute').length > 0) entities.substituteIds = ids('substitute');
  if (ids('onBehalfOf').length > 0) entities.onBehalfOfIds = ids('onBehalfOf');
  if (FIRST_PERSON.test(norm)) entities.self = true;

  const committeeId = findCommitteeId(tokens, input);
  if (committeeId) entities.committeeId = committeeId;

  if (needs.indicator) {
    const indicatorId = findIndicatorId(tokens, input);
    if (indicatorId) entities.indicatorId = indicatorId;
  }

  if (needs.actionFilters) {
    if (OVERDUE.test(norm)) entities.overdue = true;
    const origin = firstMatch(ACTION_ORIGINS, norm);
    if (origin) entities.actionOrigin = origin;
  }
  if (needs.membershipPart) entities.membershipPart = firstMatch(MEMBERSHIP_PARTS, norm) ?? 'all';

  let beforeReason = norm;
  let cleanBeforeReason = clean;
  if (needs.reason) {
    const reason = findReason(clean, needs.reason === 'declaration' ? DECLARATION_CORE : APOLOGY_CORE, [date, item]);
    if (reason) {
      entities.reason = reason.text;
      cleanBeforeReason = clean.slice(0, reason.index);
      beforeReason = normaliseText(cleanBeforeReason);
    }
  }
  // A reason may name any body ("I chair the Academy Trust's finance committee"): not the meeting meant.
  const unknownCommittee = findUnknownCommittee(cleanBeforeReason, input, needs.recordsForMeeting === true);
  if (unknownCommittee) entities.unknownCommittee = unknownCommittee;
  if (needs.interestKind) {
    const kind = firstMatch(INTEREST_KINDS, beforeReason);
    if (kind) entities.interestKind = kind;
  }
  return entities;
}

// ---------------------------------------------------------------------------------------------
// Small word tables. Where order matters the more specific entry comes first.

const OVERDUE = /\b(?:overdue|late|past (?:their |its )?(?:due|deadline)|behind schedule|missed)\b/;

const ACTION_ORIGINS: [RegExp, 'plan' | 'minutes'][] = [
  [/\b(?:thematic review|action plan|improvement plan|tr actions?)\b/, 'plan'],
  [/\bminutes\b|\b(?:from|out of|at|agreed at) (?:the )?(?:\w+ )?(?:meeting|committee)\b|\bmeeting actions\b/, 'minutes'],
];

const MEMBERSHIP_PARTS: [RegExp, 'vice-chair' | 'co-opted' | 'substitutes' | 'chair'][] = [
  [/\bvice ?chair/, 'vice-chair'], // before "chair"
  [/\bco ?opted\b/, 'co-opted'],
  [/\b(?:substitutes?|subs)\b/, 'substitutes'],
  [/\bchair/, 'chair'],
];

const INTEREST_KINDS: [RegExp, NonNullable<Entities['interestKind']>][] = [
  [/\bnon (?:registrable|registerable|pecuniary)\b|\bpersonal\b/, 'non-registrable'], // before "pecuniary"
  [/\bother (?:registrable|registerable)\b|\bregistrable\b|\bregisterable\b/, 'other-registrable'],
  [/\b(?:disclosable|pecuniary|dpi)\b/, 'disclosable-pecuniary'],
];

/** The word patterns above, for the spelling corrector's vocabulary. */
export const ENTITY_PATTERNS: readonly RegExp[] = [
  OVERDUE,
  ...[ACTION_ORIGINS, MEMBERSHIP_PARTS, INTEREST_KINDS].flatMap((table) => table.map(([pattern]) => pattern)),
];

function firstMatch<T>(table: readonly [RegExp, T][], text: string): T | undefined {
  return table.find(([pattern]) => pattern.test(text))?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------
// "next" / "last" meeting

/** "the last meeting", "the previous committee": which meeting, counting back. */
const LAST_MEETING =
  /\b(?:last|previous|latest|most recent|prior)\b(?: \w+)?? (?:meeting|committee|one|session|agenda|minutes|o&s|scrutiny|time)\b/;

function findRelative(norm: string, date: FoundDate | undefined): 'next' | 'last' | undefined {
  // Words inside the date ("next Tuesday", "last June") are about the date, not the meeting.
  const dateWords = date ? normaliseText(date.entity.text) : '';
  const text = dateWords ? norm.replace(new RegExp(`\\b${escapeRegExp(dateWords)}\\b`), ' ') : norm;
  if (/\bnext\b/.test(text)) return 'next';
  return LAST_MEETING.test(text) ? 'last' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Phrase lookup: names and aliases matched on whole words, longest first.

interface Phrase<T> {
  words: string[];
  value: T;
}

interface PhraseHit<T> {
  start: number;
  end: number;
  value: T;
}

function indexPhrases<T>(phrases: Phrase<T>[]): Map<string, Phrase<T>[]> {
  const byFirst = new Map<string, Phrase<T>[]>();
  for (const phrase of phrases) {
    const first = phrase.words[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push(phrase);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst;
}

function phraseAt<T>(tokens: readonly string[], at: number, index: Map<string, Phrase<T>[]>): Phrase<T> | undefined {
  const candidates = index.get(tokens[at] ?? '') ?? [];
  return candidates.find((p) => p.words.every((w, i) => tokens[at + i] === w));
}

/** Non-overlapping hits, left to right, the longest phrase at each position. */
function findPhrases<T>(tokens: readonly string[], index: Map<string, Phrase<T>[]>): PhraseHit<T>[] {
  const hits: PhraseHit<T>[] = [];
  for (let i = 0; i < tokens.length;) {
    const phrase = phraseAt(tokens, i, index);
    if (phrase) {
      hits.push({ start: i, end: i + phrase.words.length, value: phrase.value });
      i += phrase.words.length;
    } else {
      i += 1;
    }
  }
  return hits;
}

/** The longest hit (the most specific name), first in the text on a tie. */
function longest<T>(hits: PhraseHit<T>[]): PhraseHit<T> | undefined {
  const length = (hit: PhraseHit<T>) => hit.end - hit.start;
  return hits.reduce<PhraseHit<T> | undefined>((best, hit) => (!best || length(hit) > length(best) ? hit : best), undefined);
}

// ---------------------------------------------------------------------------------------------
// Committees

export function findCommitteeId(tokens: readonly string[], source: NameSource): string | undefined {
  const index = nameTable(source, 'committeePhrases', ['committees'], (data) =>
    indexPhrases(data.committees.flatMap((c) => [c.name, ...c.aliases].map((name) => ({ words: phraseWords(name), value: c.id })))),
  );
  return longest(findPhrases(tokens, index))?.value;
}

/** Words before "committee" that say which one, not what it is called. */
const NOT_A_COMMITTEE_NAME = new Set(
  (
    'a an the this that these those which what whose our your my their its his her next last previous latest upcoming ' +
    'coming same whole full each every any other another new old main sub at for of to in on by from with about and or ' +
    'special extraordinary extra additional emergency annual ordinary public ' +
    'before after is are was were be this the whole of todays tomorrows yesterdays today tomorrow yesterday tonight weeks months years ' +
    'monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays ' +
    'january february march april may june july august september october november december'
  ).split(' '),
);
const BODY = /\b((?:[a-z][a-z&'-]*\s+){0,6})(committee|sub-committee|sub committee|board|panel|forum|partnership|council|cabinet)\b/gi;
/**
 * Nouns that name a body only in what is said about its meetings: "the planning board meeting",
 * "when does the licensing panel meet", "apologies for the adoption panel". Elsewhere they are
 * topics the papers discuss ("presented to the Youth Crime Governance Board", "search Local
 * Safeguarding Children Board"), which are searched for, never taken for a committee.
 */
const MEETING_NOUNS = /^(?:board|panel|forum|partnership|council|cabinet)$/i;
/** Right after such a body's name: words about its meetings. */
const MEETING_AFTER = /^(?:'s?)?\s+(?:meetings?|meet|meets|met|agendas?|minutes|papers|members|membership|apologies)\b/i;
/** Right before it (after "the", "next", a day): "meeting of", "apologies for", "sits on". */
const MEETING_BEFORE =
  /\b(?:(?:meetings?|agendas?|minutes|papers|members|membership|apolog\w*|absence|interests?|attend\w*|make|chair\w*)\s+(?:(?:of|for|at|to|on|in|from)\s+)?|(?:sits?|sitting|serves?|serving|is|are|am|be)\s+on\s+)$/i;
/** A preposition that, in a command recording for a meeting, puts the body after it as the meeting's. */
const PREPOSITION_BEFORE = /\b(?:of|for|at|to|on|in|from)\s+$/i;
/** Words before a name that link it to the sentence ("apologies for", "sits on"), not which one it is. */
const LINKING_WORDS = new Set(['at', 'for', 'of', 'to', 'in', 'on', 'by', 'from', 'with', 'about', 'is', 'are', 'was', 'were', 'be']);

/** `text` without the words at its end that only say which one ("the", "next", "Tuesday's"), with a space after. */
function withoutWhichOne(text: string): string {
  const kept = text.split(/\s+/).filter((w) => w !== '');
  while (kept.length > 0) {
    const word = kept[kept.length - 1]!.toLowerCase().replace(/'s?$/, '');
    if (!NOT_A_COMMITTEE_NAME.has(word) || LINKING_WORDS.has(word)) break;
    kept.pop();
  }
  return `${kept.join(' ')} `;
}
/** Words that join the parts of a committee's name ("Overview and Scrutiny", "Health & Wellbeing"). */
const NAME_JOINERS = new Set(['and', '&', 'of']);
/** Bodies councils have that are named without "committee": "Cabinet" (not the Youth Cabinet, nor a cabinet member), "Full Council". */
const NAMED_BODIES = /\b(?<!youth\s)(cabinet)\b(?!\s+members?\b)|\b(full council)\b/i;

/**
 * A committee the message names that the store does not hold ("the Cabinet meeting", "at
 * Planning Committee", "the planning board meeting"), as typed; undefined when every committee
 * named is one the store holds. Such a question is never answered about another committee (see
 * the router). A Board, Panel, Forum, Partnership, Council or Cabinet counts only where the
 * message speaks of its meetings (MEETING_AFTER, MEETING_BEFORE) or, in a command that records
 * for a meeting (`recordsForMeeting`: apologies, declarations), where it is the place named after
 * "at", "for" or "to"; and only when its name is not a committee the store holds ("Corporate
 * Parenting Panel" in a store that holds it).
 */
export function findUnknownCommittee(clean: string, source: NameSource, recordsForMeeting = false): string | undefined {
  const { words: known, names } = nameTable(source, 'committeeWords', ['committees'], (data) => {
    const all = data.committees.flatMap((c) => [c.name, ...c.aliases].map((name) => phraseWords(name)));
    return { words: new Set(all.flat()), names: new Set(all.map((w) => w.join(' '))) };
  });
  const isKnown = (word: string) => known.has(words(normaliseText(word))[0] ?? '');
  const named = NAMED_BODIES.exec(clean);
  if (named) {
    const body = (named[1] ?? named[2])!;
    if (!body.split(/\s+/).every(isKnown)) return body;
  }
  for (const match of clean.matchAll(BODY)) {
    const before = match[1]!.trim().split(/\s+/).filter(Boolean);
    // The name is the words just before the noun, back to the first that only says which one.
    // A joiner ("and", "of") belongs to the name when a name word stands on each side of it:
    // "Housing Overview and Scrutiny Committee" is not "Scrutiny Committee".
    const plain = (word: string) => word.toLowerCase().replace(/'s?$/, '');
    let start = before.length;
    while (start > 0) {
      const word = plain(before[start - 1]!);
      const joins = NAME_JOINERS.has(word) && start < before.length && start >= 2 && !NOT_A_COMMITTEE_NAME.has(plain(before[start - 2]!));
      if (!joins && NOT_A_COMMITTEE_NAME.has(word)) break;
      start -= 1;
    }
    const name = before.slice(start);
    const nameWords = name.filter((w) => !NAME_JOINERS.has(plain(w)));
    if (nameWords.length === 0 || name.some((w) => /\d/.test(w))) continue;
    const typed = `${name.join(' ')} ${match[2]}`;
    if (MEETING_NOUNS.test(match[2]!)) {
      if (names.has(phraseWords(typed).join(' '))) continue;
      const end = match.index + match[0].length;
      const lead = withoutWhichOne(`${clean.slice(0, match.index)}${before.slice(0, start).join(' ')}`);
      const aboutMeetings =
        MEETING_AFTER.test(clean.slice(end)) || MEETING_BEFORE.test(lead) || (recordsForMeeting && PREPOSITION_BEFORE.test(lead));
      if (aboutMeetings) return typed;
      continue;
    }
    if (nameWords.every(isKnown)) continue;
    return typed;
  }
  // "The council meeting", with no name before it, is the meeting of the full council.
  return /\bcouncil(?=\s+meetings?\b)/i.exec(clean)?.[0];
}

// ---------------------------------------------------------------------------------------------
// Indicators

/**
 * Everyday names for indicators, beyond the aliases in the data. Each resolves to the indicator
 * whose name or alias contains `concept`, so only indicators that exist are ever returned.
 */
const INDICATOR_SYNONYMS: { phrases: string[]; concept: string }[] = [
  { phrases: ['cp', 'cpp', 'cpps', 'child protection', 'protection plans', 'cp plans'], concept: 'child protection' },
  { phrases: ['cin', 'children in need', 'child in need'], concept: 'children in need' },
  {
    phrases: ['lac', 'cla', 'looked after', 'looked after children', 'in care', 'children in care', 'cared for children'],
    concept: 'looked after',
  },
  { phrases: ['re referrals', 're referral', 'rereferrals', 'rereferral', 'repeat referrals'], concept: 're referral' },
  { phrases: ['reoffending', 're offending', 'reoffend', 'reoffenders', 'recidivism'], concept: 'reoffending' },
  { phrases: ['complaints upheld', 'upheld complaints', 'complaints were upheld'], concept: 'complaints upheld' },
  { phrases: ['adoption', 'adoptions', 'adopted'], concept: 'adoptions' },
  { phrases: ['foster carers', 'fostering', 'foster households'], concept: 'foster' },
];

const containsPhrase = (haystack: string[], needle: string[]) => haystack.some((_, i) => needle.every((w, j) => haystack[i + j] === w));

interface IndicatorNames {
  id: string;
  nameLength: number;
  /** The name and each alias, as words. */
  names: string[][];
}

/** The indicator a concept names: an exact alias first, else the shortest name containing it. */
function resolveConcept(concept: string, indicators: IndicatorNames[]): string | undefined {
  const needle = phraseWords(concept);
  const key = needle.join(' ');
  let best: { id: string; rank: number } | undefined;
  for (const indicator of indicators) {
    const exact = indicator.names.some((n) => n.join(' ') === key);
    if (!exact && !indicator.names.some((n) => containsPhrase(n, needle))) continue;
    const rank = exact ? 0 : 1000 + indicator.nameLength;
    if (!best || rank < best.rank) best = { id: indicator.id, rank };
  }
  return best?.id;
}

export function findIndicatorId(tokens: readonly string[], source: NameSource): string | undefined {
  if (tokens.length === 0) return undefined;
  const index = nameTable(source, 'indicatorPhrases', ['indicators'], (data) => {
    const indicators: IndicatorNames[] = data.indicators.map((indicator) => ({
      id: indicator.id,
      nameLength: indicator.name.length,
      names: [indicator.name, ...indicator.aliases].map(phraseWords),
    }));
    const phrases: Phrase<string>[] = indicators.flatMap((indicator) => indicator.names.map((words) => ({ words, value: indicator.id })));
    for (const synonym of INDICATOR_SYNONYMS) {
      const id = resolveConcept(synonym.concept, indicators);
      if (id) phrases.push(...synonym.phrases.map((p) => ({ words: phraseWords(p), value: id })));
    }
    return indexPhrases(phrases);
  });
  return longest(findPhrases(tokens, index))?.value;
}

// ---------------------------------------------------------------------------------------------
// People

/** Titles that may come before a name; they are not part of it. */
const TITLES: ReadonlySet<string> = new Set('cllr councillor councilor mr mrs ms miss mx dr doctor prof professor sir dame'.split(' '));
const COUNCILLOR_TITLES: ReadonlySet<string> = new Set(['cllr', 'councillor', 'councilor']);

/**
 * Surnames that are also everyday words ("green actions", "I may be late", "foster carers"):
 * on their own they only name a person after a title or when capitalised mid-sentence.
 */
const EVERYDAY_SURNAMES: ReadonlySet<string> = new Set(
  (
    'green little may hall marks knight foster brown white black young long wood hill rose bell king page ' +
    'cook baker price rich best bond fox moss lord bishop mills sharp chase ward close early hope gold'
  ).split(' '),
);

interface NameValue {
  ids: string[];
  /** The whole name (not just the surname). */
  full: boolean;
}

interface PersonMention {
  start: number;
  end: number;
  ids: string[];
}

function peoplePhrases(people: readonly Person[]): Phrase<NameValue>[] {
  const byKey = new Map<string, Phrase<NameValue>>();
  const add = (nameWords: string[], id: string, full: boolean) => {
    if (nameWords.length === 0) return;
    const key = nameWords.join(' ');
    const phrase = byKey.get(key) ?? { words: nameWords, value: { ids: [], full: false } };
    if (!phrase.value.ids.includes(id)) phrase.value.ids.push(id);
    phrase.value.full ||= full;
    byKey.set(key, phrase);
  };
  for (const person of people) {
    const parts = person.name
      .trim()
      .split(/\s+/)
      .filter((p) => !TITLES.has(p.toLowerCase().replace(/\.$/, '')));
    add(phraseWords(parts.join(' ')), person.id, true);
    const surname = parts[parts.length - 1];
    if (surname !== undefined && parts.length > 1) add(phraseWords(surname), person.id, false);
  }
  return [...byKey.values()];
}

function capitalisedMidSentence(clean: string, word: string): boolean {
  const capital = word.charAt(0).toUpperCase() + word.slice(1);
  return new RegExp(`[a-z,;]\\s+${escapeRegExp(capital)}\\b`).test(clean);
}

export function findPeople(tokens: readonly string[], clean: string, source: NameSource): PersonMention[] {
  const { index, titleOf } = nameTable(source, 'peoplePhrases', ['people'], ({ people }) => ({
    index: indexPhrases(peoplePhrases(people)),
    titleOf: new Map(people.map((p) => [p.id, (p.title ?? '').toLowerCase()])),
  }));
  const mentions: PersonMention[] = [];
  for (let i = 0; i < tokens.length;) {
    const title = TITLES.has(tokens[i] ?? '') ? tokens[i] : undefined;
    const at = title ? i + 1 : i;
    const phrase = phraseAt(tokens, at, index);
    const accepted =
      phrase &&
      (title !== undefined ||
        phrase.value.full ||
        !EVERYDAY_SURNAMES.has(phrase.words.join(' ')) ||
        capitalisedMidSentence(clean, phrase.words.join(' ')));
    if (!phrase || !accepted) {
      i += 1;
      continue;
    }
    let ids = phrase.value.ids;
    if (title !== undefined && COUNCILLOR_TITLES.has(title)) {
      const councillors = ids.filter((id) => COUNCILLOR_TITLES.has(titleOf.get(id) ?? ''));
      if (councillors.length > 0) ids = councillors;
    }
    mentions.push({ start: i, end: at + phrase.words.length, ids });
    i = at + phrase.words.length;
  }
  return mentions;
}

type MentionRole = 'person' | 'substitute' | 'onBehalfOf';

/** "substitute Cllr Green", "substituted by ...", before the name. */
const SUBSTITUTE_BEFORE =
  /\b(?:substitut\w*(?: by| will be| is| would be| being| to be)?|sub(?: is| will be)?|replaced by|covered by|stand in|standing in)$/;
/** "... will substitute", "... is my sub", "... will attend in my place", after the name. */
const SUBSTITUTE_AFTER = new RegExp(
  '^(?:(?:will|would|is|can|shall|to|has agreed to|agreed to|who will|who is)(?: kindly)? )?(?:be )?(?:my |a |the )?' +
    '(?:substitut\\w*|sub|subbing|stand(?:ing)? in|cover\\w*|replac\\w*|deputi[sz]\\w*|attend\\w* (?:instead|in my place|for me))\\b',
);
/** "on behalf of Cllr Abbas", "for Cllr Abbas", before the name. */
const ON_BEHALF_BEFORE = /\b(?:on behalf of|for|representing)$/;

/** Who each named person is in the request: a substitute, the person acted for, or just named. */
function classifyMentions(
  mentions: PersonMention[],
  tokens: readonly string[],
  actsForOthers: boolean,
): (PersonMention & { role: MentionRole })[] {
  const classified: (PersonMention & { role: MentionRole })[] = [];
  for (const mention of mentions) {
    const before = tokens.slice(Math.max(0, mention.start - 4), mention.start).join(' ');
    const after = tokens.slice(mention.end, mention.end + 6).join(' ');
    const previous = classified[classified.length - 1];
    const joined = previous !== undefined && /^(?:and|&)$/.test(tokens.slice(previous.end, mention.start).join(' '));
    let role: MentionRole = 'person';
    if (actsForOthers) {
      if (SUBSTITUTE_BEFORE.test(before) || SUBSTITUTE_AFTER.test(after)) role = 'substitute';
      else if (ON_BEHALF_BEFORE.test(before)) role = 'onBehalfOf';
      else if (joined) role = previous.role; // "on behalf of Cllr Abbas and Cllr Pearce"
      // "Cllr Abbas and Cllr Pearce will substitute": the first name shares the later role.
      if (role === 'substitute' && joined && previous.role === 'person') previous.role = 'substitute';
    }
    classified.push({ ...mention, role });
  }
  return classified;
}

// ---------------------------------------------------------------------------------------------
// Agenda item numbers

/**
 * An item number as agendas print them: "6", "12a", modern.gov's sub-items "5.10" (and "9." for
 * 9), and "6(a)". Read whole: "item 5.10" is 5.10, never 5, and a number running on ("5.1000",
 * "6abc") is no item number at all.
 */
const ITEM = /\bitem\s*(?:no\.?|number|num\.?|#)?\s*(\d{1,3}(?:\.\d{1,3})*(?:[a-z]|\s?\([a-z]{1,4}\))?)(?!\.?\w)/i;

function findItem(clean: string): { number: string; start: number; end: number } | undefined {
  const match = ITEM.exec(clean);
  if (!match?.[1]) return undefined;
  return { number: match[1].toLowerCase().replace(/\s+/g, ''), start: match.index, end: match.index + match[0].length };
}

// ---------------------------------------------------------------------------------------------
// Reasons: "apologies for 16 November, I'm on leave" -> "I'm on leave"

/** Where the request itself is in the text; a reason comes after it. */
const APOLOGY_CORE = /\b(?:apolog\w*|attend|make|come|be there|be present)\b/i;
const DECLARATION_CORE = /\binterests?\b|\bdeclar\w*/i;

const EXPLICIT_REASON = /\breason(?:\s+is)?\s*[:-]\s*/i;
/** What separates a request from its reason. "due to ..." is kept as part of the reason. */
const SEPARATOR = /\s*[,;:]\s*|\s+-\s+|\s+(?:because(?:\s+of)?|as|since|cos|cause)\s+|\s+(?=due to\b)/i;
/** Clauses that are not a reason: a substitute, whose behalf, politeness. */
const NOT_A_REASON = [
  /\b(?:substitut\w*|sub|subbing|standing in|stand in|covering|replacing|in my place|instead of me)\b/i,
  /^\s*on behalf of\b/i,
  /^\s*(?:please|thanks|thank you|many thanks|cheers|ta|regards|kind regards|best wishes)\W*$/i,
];
const MAX_REASON_CHARS = 300;

function findReason(clean: string, core: RegExp, anchors: ({ end: number } | undefined)[]): { text: string; index: number } | undefined {
  const explicit = EXPLICIT_REASON.exec(clean);
  if (explicit) return tidyReason(clean, explicit.index + explicit[0].length);
  const coreMatch = core.exec(clean);
  const coreEnd = coreMatch ? coreMatch.index + coreMatch[0].length : 0;
  // After the date or item when they follow the request ("apologies for 16 November, I'm on
  // leave"); else straight after the request ("send my apologies, I'm away on 16 November").
  for (const anchor of [Math.max(coreEnd, ...anchors.map((a) => a?.end ?? 0)), coreEnd]) {
    const separator = SEPARATOR.exec(clean.slice(anchor));
    if (separator) return tidyReason(clean, anchor + separator.index + separator[0].length);
  }
  return undefined;
}

function tidyReason(clean: string, from: number): { text: string; index: number } | undefined {
  const clauses = clean
    .slice(from)
    .split(/\s*[,;]\s*/)
    .map((c) => c.trim().replace(/^(?:and|but|so)\s+/i, ''))
    .filter((c) => c !== '' && !NOT_A_REASON.some((p) => p.test(c)));
  const text = clauses
    .join(', ')
    .replace(/[.!?\s]+$/, '')
    .trim()
    .slice(0, MAX_REASON_CHARS);
  return text === '' ? undefined : { text, index: from };
}
