import type { CardViewModel } from '../../cards/render';
import { formatDate } from '../../format';
import type { Repository, SearchSources } from '../../store/repository';
import type { Committee, Meeting } from '../../store/schema';
import type { Answer, QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { resolveCommittee } from '../shared/guards';
import { isRestricted } from '../minutes/decisions';
import { fitPage, shorten } from '../shared/paging';
import { agendaItemRef } from '../shared/agendaItems';

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
 * Scope: a conversation about one committee (a channel linked to it, or the asker's own
 * committee) searches that committee's records, and the card offers to search all committees;
 * elsewhere every committee's. Records of no committee (indicators, budget lines, action plans)
 * are always searched. Each result says which committee it belongs to.
 *
 * Each result is a button that opens its own card: an action, a work programme entry or an
 * agenda item opens that one record (a card button carrying its id, checked again when pressed:
 * see record.ts); minutes, indicators and budget lines send the question that opens theirs.
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

/** What a result's button sends: a question (Teams imBack) or card data naming the record. */
export type ResultOpen = { question: string } | { record: 'action' | 'work programme' | 'agenda item'; id: string };

interface Doc {
  kind: ResultKind;
  heading: string;
  detail: string;
  snippet: string;
  label: string;
  open: ResultOpen;
  /** The committee the record belongs to; null for records of no committee. */
  committeeId: string | null;
  title: string[];
  body: string[];
}

export interface SearchResult {
  kind: ResultKind;
  heading: string;
  detail: string;
  snippet: string;
  label: string;
  open: ResultOpen;
  committeeId: string | null;
  score: number;
}

export interface SearchView extends CardViewModel {
  title: string;
  intro: string;
  results: { kind: string; heading: string; detail: string; snippet: string; label: string; data: Record<string, unknown> }[];
  showing: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
  /** "Search all committees", when the search was of one committee's records. */
  widen: { label: string; data: Record<string, unknown> }[];
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

/** An action arising from a restricted (exempt) minute: part of that minute's content, never shown. */
export function arisesFromRestricted(
  minutes: readonly SearchSources['minutes'][number][],
  meetings: ReadonlyMap<string, Meeting>,
  origin: { meetingId?: string; minuteNumber?: string },
): boolean {
  if (!origin.meetingId || !origin.minuteNumber) return false;
  const minute = minutes.find((m) => m.meetingId === origin.meetingId);
  const item = minute?.items.find((i) => i.minuteNumber === origin.minuteNumber);
  return item !== undefined && isRestricted(meetings.get(origin.meetingId), item);
}

function buildDocs(data: SearchSources): Doc[] {
  const docs: Doc[] = [];
  const meetings = new Map<string, Meeting>(data.meetings.map((m) => [m.id, m]));
  const committeeName = new Map(data.committees.map((c) => [c.id, c.name]));
  const of = (committeeId: string | null | undefined) => (committeeId ? `, ${committeeName.get(committeeId) ?? ''}` : '');
  for (const meeting of data.meetings) {
    if (meeting.status === 'cancelled') continue;
    const when = formatDate(meeting.date);
    for (const item of meeting.agendaItems) {
      const body = item.restricted ? [] : tokens(`${item.description ?? ''} ${item.leadOfficer ?? ''}`);
      docs.push({
        kind: 'agenda item',
        heading: shorten(`Item ${item.number}: ${item.title}`, 200).text,
        detail: `Agenda${of(meeting.committeeId)}, ${when}${item.restricted ? '. Restricted: not for publication' : ''}`,
        snippet: item.restricted ? '' : shorten(item.description ?? '', SNIPPET_CHARS).text,
        label: shorten(`Open item ${item.number}`, 60).text,
        open: { record: 'agenda item', id: agendaItemRef(meeting.id, item.number) },
        committeeId: meeting.committeeId,
        title: tokens(item.title),
        body,
      });
    }
  }
  for (const minutes of data.minutes) {
    const meeting = meetings.get(minutes.meetingId);
    const when = meeting ? ` of ${formatDate(meeting.date)}` : '';
    for (const item of minutes.items) {
      const restricted = isRestricted(meeting, item);
      docs.push({
        kind: 'minute',
        heading: shorten(`Minute ${item.minuteNumber}: ${item.title}`, 200).text,
        detail: `Minutes${when}${of(meeting?.committeeId)}${restricted ? '. Restricted: not for publication' : ''}`,
        snippet: restricted ? '' : shorten(item.summary, SNIPPET_CHARS).text,
        label: `Minute ${item.minuteNumber}`,
        open: { question: `minute ${item.minuteNumber}` },
        committeeId: meeting?.committeeId ?? null,
        title: tokens(item.title),
        body: restricted ? [] : tokens(`${item.summary} ${item.resolutions.join(' ')}`),
      });
    }
  }
  for (const action of data.actions) {
    // An action arising from a restricted minute is part of that minute's content.
    if (arisesFromRestricted(data.minutes, meetings, action.origin)) continue;
    const meeting = action.origin.meetingId ? meetings.get(action.origin.meetingId) : undefined;
    docs.push({
      kind: 'action',
      heading: shorten(`${action.reference}: ${action.text}`, 200).text,
      detail: `${action.origin.title}${of(meeting?.committeeId)}; ${action.status.replace('-', ' ')}${action.dueText ? `, due ${action.dueText}` : ''}`,
      snippet: action.update ? shorten(action.update, SNIPPET_CHARS).text : '',
      label: shorten(/^action\b/i.test(action.reference) ? `Open ${action.reference}` : `Open action ${action.reference}`, 60).text,
      open: { record: 'action', id: action.id },
      committeeId: meeting?.committeeId ?? null,
      title: tokens(action.text),
      body: tokens(`${action.reference} ${action.update ?? ''} ${action.owner?.name ?? ''}`),
    });
  }
  for (const entry of data.workProgramme) {
    const meeting = entry.meetingId ? meetings.get(entry.meetingId) : undefined;
    docs.push({
      kind: 'work programme',
      heading: shorten(entry.topic, 200).text,
      detail: `Work programme${of(entry.committeeId)}, ${meeting ? formatDate(meeting.date) : 'to be scheduled'}${entry.leadOfficer ? `; lead: ${entry.leadOfficer}` : ''}`,
      snippet: '',
      label: 'Open this entry',
      open: { record: 'work programme', id: entry.id },
      committeeId: entry.committeeId,
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
      label: shorten(indicator.name, 60).text,
      open: { question: indicator.name },
      committeeId: null,
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
      label: shorten(`${line.service} budget`, 60).text,
      open: { question: `${line.service} budget` },
      committeeId: null,
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
  committees: readonly Committee[];
}

function buildIndex(data: SearchSources): Index {
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
  return { docs, postings, vocabulary: [...postings.keys()].sort(), committees: data.committees };
}

/**
 * The index, built again only when the repository's search stamp changes: an apology or a
 * declaration (which a search never shows) does not make the next search rebuild it. The stamp is
 * read before the records, so an index is never kept under a stamp newer than what it holds.
 */
let kept: { stamp: string; index: Index } | null = null;

async function indexOf(records: Repository): Promise<Index> {
  const stamp = await records.search.stamp();
  if (!kept || kept.stamp !== stamp) kept = { stamp, index: buildIndex(await records.search.sources()) };
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

/** The records matching any of `words`, best first; only `committeeId`'s (and those of no committee) when given. */
export async function search(records: Repository, words: readonly string[], committeeId: string | null = null): Promise<SearchResult[]> {
  return words.length === 0 ? [] : rank(await indexOf(records), words, committeeId);
}

function rank(index: Index, words: readonly string[], committeeId: string | null): SearchResult[] {
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
  const inScope = (doc: number) => committeeId === null || [null, committeeId].includes(index.docs[doc]!.committeeId);
  const ranked = [...scores]
    .filter(([doc]) => inScope(doc))
    .sort(([da, a], [db, b]) => b.matched - a.matched || b.score - a.score || da - db);
  return ranked.map(([doc, { score }]) => {
    const d = index.docs[doc]!;
    return {
      kind: d.kind,
      heading: d.heading,
      detail: d.detail,
      snippet: d.snippet,
      label: d.label,
      open: d.open,
      committeeId: d.committeeId,
      score,
    };
  });
}

/**
 * The committee a conversation searches in: the one its channel is linked to, else the asker's
 * own (resolveCommittee); null, every committee, when that leaves several.
 */
function scopeIn(committees: readonly Committee[], ctx: AskContext): Committee | null {
  const choice = resolveCommittee(committees, { linkedId: ctx.committeeId, personId: ctx.personId });
  return choice.kind === 'one' ? choice.committee : null;
}

function buttonData(open: ResultOpen): Record<string, unknown> {
  return 'question' in open
    ? { msteams: { type: 'imBack', value: open.question } }
    : { verb: 'search.open', record: open.record, id: open.id };
}

/**
 * The results card for `query` (the words searched for), or null when nothing matches.
 * `suggestions` ("did you mean") are shown under the results when the message was not recognised;
 * `everywhere` searches every committee whatever the conversation's (the card's "Search all
 * committees" button).
 */
export async function searchResults(
  ctx: AskContext,
  query: string,
  options: { offset?: unknown; suggestions?: QuestionButton[]; everywhere?: boolean } = {},
): Promise<Answer | null> {
  const words = queryWords(query);
  if (words.length === 0) return null;
  const index = await indexOf(ctx.records);
  const own = options.everywhere ? null : scopeIn(index.committees, ctx);
  // Nothing in the conversation's committee: the other committees' records, saying so.
  const ownResults = rank(index, words, own?.id ?? null);
  const elsewhere = own !== null && ownResults.length === 0;
  const scope = elsewhere ? null : own;
  const results = elsewhere ? rank(index, words, null) : ownResults;
  if (results.length === 0) return null;
  const shown = shorten(words.join(' '), 120).text;
  const suggestions = options.suggestions ?? [];
  const title = `Search: "${shown}"`;
  // With one committee held, every result is its own (each result's line names it anyway).
  const several = index.committees.length > 1;
  const where = !several ? '' : scope ? ` in the records of the ${scope.name}` : ' across every committee';
  const none = elsewhere ? `Nothing in the records of the ${own.name}. ` : '';
  const intro = `${none}${results.length} result${results.length === 1 ? '' : 's'}${where}, best match first.`;
  const widen =
    scope && several ? [{ label: 'Search all committees', data: { verb: 'search.more', query: words.join(' '), everywhere: true } }] : [];
  const view = fitPage<SearchResult, SearchView>(
    SEARCH_TEMPLATE,
    results,
    options.offset,
    () => ({ verb: 'search.more', query: words.join(' '), ...(options.everywhere || elsewhere ? { everywhere: true } : {}) }),
    (p) => {
      const rows = p.rows.map((r) => ({
        kind: r.kind,
        heading: r.heading,
        detail: r.detail,
        snippet: r.snippet,
        label: r.label,
        data: buttonData(r.open),
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
        widen,
        suggestionsHeading: suggestions.length > 0 ? 'Or did you mean one of these?' : '',
        options: suggestions,
      };
    },
    RESULTS_PER_PAGE,
  );
  return { template: SEARCH_TEMPLATE, view };
}

/** Titles typed before a name ("Councillor Pearce"). */
const TITLES = new Set('cllr councillor councilor mr mrs ms miss mx dr doctor prof professor sir dame'.split(' '));

/** Whether what `text` asks about (after "about") is the people named and nothing else ("tell me a bit about Janet Simon"). */
export async function namesOnly(ctx: AskContext, personIds: readonly string[], text: string): Promise<boolean> {
  const people = await Promise.all(personIds.map((id) => ctx.records.people.get(id)));
  const nameWords = new Set(people.flatMap((p) => (p ? tokens(`${p.title ?? ''} ${p.name}`) : [])));
  const about = text.replace(/^.*?\babout\b/i, '');
  return queryWords(about).every((w) => nameWords.has(w) || TITLES.has(w));
}
