import type { CardViewModel } from '../../cards/render';
import { formatDate } from '../../format';
import type { Meeting, StoreData } from '../../store/schema';
import type { Answer, QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { isRestricted } from '../minutes/decisions';
import { fitPage, shorten } from '../shared/paging';

/**
 * Search across what the store holds: agenda items, minutes, actions, the work programme,
 * indicators and budget lines. "anything about home to school transport?", "search fostering",
 * and any message no definition recognises.
 *
 * Ranking: each query word (stop words dropped) counts its occurrences in a record's title
 * (weighted TITLE_WEIGHT) and body; records matching more distinct query words come first, then
 * the higher weighted count, then store order. Words of five letters or more match by prefix
 * ("fostering" finds "foster"); shorter words must match exactly ("care" never finds "career").
 *
 * A restricted (exempt) agenda item, and the minute of one, match on their title only and show
 * no content: their descriptions, summaries and resolutions are never read here.
 *
 * Each result carries a question (sent as a Teams imBack) that opens its own card.
 */

export const SEARCH_TEMPLATE = 'search';
export const RESULTS_PER_PAGE = 8;
export const TITLE_WEIGHT = 3;
const SNIPPET_CHARS = 240;
const MAX_QUERY_WORDS = 12;

/** Words that say nothing about what is being looked for. */
export const SEARCH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the is are am be been being was were of to on in at for by from it its this that these those and or not no ' +
    'what whats when who whom where which why how with about regarding concerning re there here do does did done can ' +
    'could would will should shall may might must you your we our us i me my some any anything something everything ' +
    'show tell give get let know find see search look looking lookup up please thanks thank hi hello info information ' +
    'have has had hold held got bot committee'
  ).split(' '),
);

export type ResultKind = 'agenda item' | 'minute' | 'action' | 'work programme' | 'indicator' | 'budget line';

interface Doc {
  kind: ResultKind;
  heading: string;
  detail: string;
  snippet: string;
  button: QuestionButton;
  title: string[];
  body: string[];
}

export interface SearchResult {
  kind: ResultKind;
  heading: string;
  detail: string;
  snippet: string;
  button: QuestionButton;
  score: number;
}

export interface SearchView extends CardViewModel {
  title: string;
  intro: string;
  results: { kind: string; heading: string; detail: string; snippet: string; label: string; text: string }[];
  showing: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
  suggestionsHeading: string;
  options: QuestionButton[];
}

export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The words of a message worth searching for, each once, in order. */
export function queryWords(text: string): string[] {
  const words = tokens(text.slice(0, 500)).filter((w) => w.length > 1 && !SEARCH_STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

function dayMonthYear(date: string): string {
  return formatDate(date).replace(/^\w+ /, '');
}

function arisesFromRestricted(
  data: Readonly<StoreData>,
  meetings: Map<string, Meeting>,
  origin: { meetingId?: string; minuteNumber?: string },
): boolean {
  if (!origin.meetingId || !origin.minuteNumber) return false;
  const minutes = data.minutes.find((m) => m.meetingId === origin.meetingId);
  const item = minutes?.items.find((i) => i.minuteNumber === origin.minuteNumber);
  return item !== undefined && isRestricted(meetings.get(origin.meetingId), item);
}

function buildDocs(data: Readonly<StoreData>): Doc[] {
  const docs: Doc[] = [];
  const meetings = new Map<string, Meeting>(data.meetings.map((m) => [m.id, m]));
  const committeeName = new Map(data.committees.map((c) => [c.id, c.name]));
  for (const meeting of data.meetings) {
    if (meeting.status === 'cancelled') continue;
    const when = formatDate(meeting.date);
    for (const item of meeting.agendaItems) {
      const body = item.restricted ? [] : tokens(`${item.description ?? ''} ${item.leadOfficer ?? ''}`);
      docs.push({
        kind: 'agenda item',
        heading: shorten(`Item ${item.number}: ${item.title}`, 200).text,
        detail: `Agenda, ${committeeName.get(meeting.committeeId) ?? ''}, ${when}${item.restricted ? '. Restricted: not for publication' : ''}`,
        snippet: item.restricted ? '' : shorten(item.description ?? '', SNIPPET_CHARS).text,
        button: { label: `Agenda for ${dayMonthYear(meeting.date)}`, text: `agenda for ${dayMonthYear(meeting.date)}` },
        title: tokens(item.title),
        body,
      });
    }
  }
  for (const minutes of data.minutes) {
    const meeting = meetings.get(minutes.meetingId);
    const when = meeting ? formatDate(meeting.date) : '';
    for (const item of minutes.items) {
      const restricted = isRestricted(meeting, item);
      docs.push({
        kind: 'minute',
        heading: shorten(`Minute ${item.minuteNumber}: ${item.title}`, 200).text,
        detail: `Minutes${when ? ` of ${when}` : ''}${restricted ? '. Restricted: not for publication' : ''}`,
        snippet: restricted ? '' : shorten(item.summary, SNIPPET_CHARS).text,
        button: { label: `Minute ${item.minuteNumber}`, text: `minute ${item.minuteNumber}` },
        title: tokens(item.title),
        body: restricted ? [] : tokens(`${item.summary} ${item.resolutions.join(' ')}`),
      });
    }
  }
  for (const action of data.actions) {
    // An action arising from a restricted minute is part of that minute's content.
    if (arisesFromRestricted(data, meetings, action.origin)) continue;
    const meeting = action.origin.meetingId ? meetings.get(action.origin.meetingId) : undefined;
    const button: QuestionButton = meeting
      ? { label: `Actions from ${dayMonthYear(meeting.date)}`, text: `actions from the ${dayMonthYear(meeting.date)} meeting` }
      : { label: 'Open actions', text: 'open actions' };
    docs.push({
      kind: 'action',
      heading: shorten(`${action.reference}: ${action.text}`, 200).text,
      detail: `${action.origin.title}; ${action.status.replace('-', ' ')}${action.dueText ? `, due ${action.dueText}` : ''}`,
      snippet: action.update ? shorten(action.update, SNIPPET_CHARS).text : '',
      button,
      title: tokens(action.text),
      body: tokens(`${action.update ?? ''} ${action.owner?.name ?? ''}`),
    });
  }
  for (const entry of data.workProgramme) {
    const meeting = entry.meetingId ? meetings.get(entry.meetingId) : undefined;
    docs.push({
      kind: 'work programme',
      heading: shorten(entry.topic, 200).text,
      detail: `Work programme, ${meeting ? formatDate(meeting.date) : 'to be scheduled'}${entry.leadOfficer ? `; lead: ${entry.leadOfficer}` : ''}`,
      snippet: '',
      button: { label: 'Work programme', text: 'work programme' },
      title: tokens(entry.topic),
      body: tokens(`${entry.leadOfficer ?? ''} ${entry.status ?? ''}`),
    });
  }
  for (const indicator of data.indicators) {
    docs.push({
      kind: 'indicator',
      heading: shorten(indicator.name, 200).text,
      detail: `Indicator (${indicator.unit})`,
      snippet: shorten(indicator.description ?? '', SNIPPET_CHARS).text,
      button: { label: shorten(indicator.name, 60).text, text: indicator.name },
      title: tokens(`${indicator.name} ${indicator.aliases.join(' ')}`),
      body: tokens(indicator.description ?? ''),
    });
  }
  for (const line of data.budget) {
    docs.push({
      kind: 'budget line',
      heading: shorten(line.service, 200).text,
      detail: `Budget, ${line.year}`,
      snippet: '',
      button: { label: shorten(`${line.service} budget`, 60).text, text: `${line.service} budget` },
      title: tokens(line.service),
      body: [],
    });
  }
  return docs;
}

/** Where a word occurs: in which record, how often in its title and in its body. */
interface Posting {
  doc: number;
  title: number;
  body: number;
}

interface Index {
  docs: Doc[];
  postings: Map<string, Posting[]>;
  /** Every indexed word, sorted, to find the words a long query word is the start of. */
  vocabulary: string[];
}

function buildIndex(data: Readonly<StoreData>): Index {
  const docs = buildDocs(data);
  const postings = new Map<string, Posting[]>();
  docs.forEach((doc, index) => {
    const counts = new Map<string, Posting>();
    const add = (word: string, field: 'title' | 'body') => {
      let posting = counts.get(word);
      if (!posting) {
        posting = { doc: index, title: 0, body: 0 };
        counts.set(word, posting);
      }
      posting[field] += 1;
    };
    for (const w of doc.title) add(w, 'title');
    for (const w of doc.body) add(w, 'body');
    for (const [word, posting] of counts) {
      const list = postings.get(word);
      if (list) list.push(posting);
      else postings.set(word, [posting]);
    }
  });
  return { docs, postings, vocabulary: [...postings.keys()].sort() };
}

/** The lists the index is built from. */
function sourcesOf(data: Readonly<StoreData>): readonly unknown[] {
  return [data.meetings, data.committees, data.minutes, data.actions, data.workProgramme, data.indicators, data.budget];
}

/**
 * The index of the lists it is built from, built again only when one of them changes: the store
 * gives a changed list a new identity and keeps the others, so an apology or a declaration (which
 * a search never shows) does not make the next search rebuild it.
 */
let kept: { sources: readonly unknown[]; index: Index } | null = null;

function indexOf(data: Readonly<StoreData>): Index {
  const sources = sourcesOf(data);
  if (!kept || kept.sources.some((list, i) => list !== sources[i])) kept = { sources, index: buildIndex(data) };
  return kept.index;
}

/** The indexed words `wanted` matches (see the ranking rule above): itself, and for long words its prefixes and extensions. */
function matchingWords(index: Index, wanted: string): string[] {
  if (wanted.length < 5) return index.postings.has(wanted) ? [wanted] : [];
  const found = new Set<string>();
  for (let n = 5; n < wanted.length; n += 1) {
    const prefix = wanted.slice(0, n);
    if (index.postings.has(prefix)) found.add(prefix);
  }
  // Words starting with `wanted` (itself included) sit together in the sorted vocabulary.
  const v = index.vocabulary;
  let lo = 0;
  let hi = v.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v[mid]! < wanted) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < v.length && v[i]!.startsWith(wanted); i += 1) found.add(v[i]!);
  return [...found];
}

/** The records matching any of `words`, best first. */
export function search(data: Readonly<StoreData>, words: readonly string[]): SearchResult[] {
  if (words.length === 0) return [];
  const index = indexOf(data);
  const scores = new Map<number, { matched: number; score: number }>();
  for (const wanted of words) {
    const perDoc = new Map<number, number>();
    for (const word of matchingWords(index, wanted)) {
      for (const p of index.postings.get(word)!) {
        perDoc.set(p.doc, (perDoc.get(p.doc) ?? 0) + TITLE_WEIGHT * p.title + p.body);
      }
    }
    for (const [doc, tf] of perDoc) {
      const s = scores.get(doc);
      if (s) {
        s.matched += 1;
        s.score += tf;
      } else scores.set(doc, { matched: 1, score: tf });
    }
  }
  const ranked = [...scores].sort(([da, a], [db, b]) => b.matched - a.matched || b.score - a.score || da - db);
  return ranked.map(([doc, { score }]) => {
    const d = index.docs[doc]!;
    return { kind: d.kind, heading: d.heading, detail: d.detail, snippet: d.snippet, button: d.button, score };
  });
}

/**
 * The results card for `query` (the words searched for), or null when nothing matches.
 * `suggestions` ("did you mean") are shown under the results when the message was not recognised.
 */
export function searchResults(
  ctx: AskContext,
  query: string,
  options: { offset?: unknown; suggestions?: QuestionButton[] } = {},
): Answer | null {
  const words = queryWords(query);
  const results = search(
    ctx.repo.store.read((d) => d),
    words,
  );
  if (results.length === 0) return null;
  const shown = shorten(words.join(' '), 120).text;
  const suggestions = options.suggestions ?? [];
  const title = `Search: "${shown}"`;
  const intro = `${results.length} result${results.length === 1 ? '' : 's'}, best match first.`;
  const view = fitPage<SearchResult, SearchView>(
    SEARCH_TEMPLATE,
    results,
    options.offset,
    () => ({ verb: 'search.more', query: words.join(' ') }),
    (p) => {
      const rows = p.rows.map((r) => ({
        kind: r.kind,
        heading: r.heading,
        detail: r.detail,
        snippet: r.snippet,
        label: r.button.label,
        text: r.button.text,
      }));
      return {
        summary: shorten(`${title}. ${intro} ${rows.map((r) => `${r.heading} (${r.kind}, ${r.detail})`).join('; ')}`, 4000).text,
        title,
        intro,
        results: rows,
        showing: p.view.showing,
        hasMore: p.view.hasMore,
        moreLabel: p.view.moreLabel,
        more: p.view.more,
        suggestionsHeading: suggestions.length > 0 ? 'Or did you mean one of these?' : '',
        options: suggestions,
      };
    },
    RESULTS_PER_PAGE,
  );
  return { template: SEARCH_TEMPLATE, view };
}
