import type { CardViewModel } from '../../cards/render';
import { formatDate, londonDate } from '../../format';
import type { Entities } from '../../recognition/types';
import type { AgendaDocument, AgendaItem, Meeting } from '../../store/schema';
import { type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { committeeIdOf } from '../meetings/meetings';
import { sameItemNumber } from '../shared/agendaItems';
import { meetingWhen } from '../shared/meetingWhen';
import { shorten } from '../shared/paging';

/**
 * The papers for an agenda item, as the agenda pack gives them: "papers for item 6", "what page
 * is the complaints report on", "report on family hubs". Each item shows its number, title,
 * meeting, pages in the pack, lead officer and source document, and a link when the store holds
 * the document as a web address.
 *
 * A restricted (exempt, Schedule 12A) item shows its number and title and "Restricted: not for
 * publication" only: never its description, pages or lead officer, and a search by subject
 * matches its published title only. An item or subject the agendas held do not cover gets an
 * honest answer and the items that are held as buttons, never a different item.
 */

export const PAPERS_TEMPLATE = 'papers';
const MAX_SHOWN = 6;
const MAX_OFFERED = 10;
export const RESTRICTED_NOTE = 'Restricted: not for publication.';

export interface PapersSection {
  heading: string;
  lines: string[];
}

export interface PapersView extends CardViewModel {
  title: string;
  intro: string;
  sections: PapersSection[];
  sources: string[];
  offers: QuestionButton[];
  links: { label: string; url: string }[];
  options: QuestionButton[];
}

interface Found {
  meeting: Meeting;
  item: AgendaItem;
}

function view(title: string, intro: string): PapersView {
  return { summary: '', title, intro, sections: [], sources: [], offers: [], links: [], options: [] };
}

/**
 * The committee's agendas in the order papers are looked for: the next meeting with an agenda
 * first (the pack members are reading), then past agendas, newest first.
 */
function agendas(meetings: readonly Meeting[], now: Date): Meeting[] {
  const today = londonDate(now);
  const withItems = meetings.filter((m) => m.status !== 'cancelled' && m.agendaItems.length > 0);
  const ahead = withItems.filter((m) => m.date >= today);
  const past = withItems.filter((m) => m.date < today).reverse();
  return [...ahead, ...past];
}

/** The meeting a question names; `named` is '' when none is. */
function meetingAsked(meetings: readonly Meeting[], now: Date, e: Entities): { meeting?: Meeting; named: string } {
  const all = meetings.filter((m) => m.status !== 'cancelled');
  const today = londonDate(now);
  if (e.unmatchedDate) return { named: e.unmatchedDate };
  if (e.date) {
    const inRange = all.filter((m) => m.date >= e.date!.from && m.date <= e.date!.to);
    return { meeting: inRange.find((m) => m.agendaItems.length > 0) ?? inRange[0], named: e.date.text };
  }
  if (e.relative === 'last') return { meeting: all.filter((m) => m.date < today).at(-1), named: 'the last meeting' };
  if (e.relative === 'next') return { meeting: all.find((m) => m.date >= today), named: 'the next meeting' };
  return { named: '' };
}

export function isUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

/** "Pages 21 to 38 of the agenda pack", as the papers give them. */
export function pagesLine(item: AgendaItem): string {
  if (!item.pages) return 'Pages: not given in the papers I hold';
  return item.pages.from === item.pages.to
    ? `Page ${item.pages.from} of the agenda pack`
    : `Pages ${item.pages.from} to ${item.pages.to} of the agenda pack`;
}

function itemSection(found: Found): PapersSection {
  const { meeting, item } = found;
  const heading = shorten(`Item ${item.number}: ${item.title}`, 200).text;
  const when = `Meeting: ${meetingWhen(meeting)}`;
  if (item.restricted) return { heading, lines: [when, RESTRICTED_NOTE] };
  const lines = [
    when,
    pagesLine(item),
    `Lead officer: ${item.leadOfficer ? shorten(item.leadOfficer, 200).text : 'none named'}`,
    `Source document: ${shorten(meeting.source.document, 200).text}`,
  ];
  if (item.description) lines.push(shorten(item.description, 400).text);
  for (const doc of publicDocuments(item).slice(0, MAX_DOCUMENT_LINES)) {
    const published = doc.published ? `, published ${formatDate(doc.published)}` : '';
    lines.push(`Paper: ${shorten(doc.title, 200).text}${published}`);
  }
  return { heading, lines };
}

/** Papers listed per item at most, and document links on a card at most (a card allows few buttons). */
export const MAX_DOCUMENT_LINES = 10;
export const MAX_DOCUMENT_LINKS = 4;

/** An item's papers that may be shown: none of a restricted item, never a restricted paper. */
export function publicDocuments(item: AgendaItem): AgendaDocument[] {
  return item.restricted ? [] : (item.documents ?? []).filter((d) => !d.restricted);
}

/**
 * How a button's question names the committee: " of the Audit Committee" when the store holds
 * several (a button pressed in a conversation about another committee still means this one).
 */
async function committeeSuffix(ctx: AskContext, committeeId: string | undefined): Promise<string> {
  const committees = await ctx.records.committees.all();
  const committee = committees.find((c) => c.id === committeeId);
  return committee && committees.length > 1 ? ` of the ${committee.name}` : '';
}

function dayOf(meeting: Meeting): string {
  return formatDate(meeting.date).replace(/^\w+ /, '');
}

function itemButtons(meeting: Meeting, of: string): QuestionButton[] {
  return meeting.agendaItems.slice(0, MAX_OFFERED).map((i) => ({
    label: shorten(`${i.number}. ${i.title}`, 60).text,
    text: shorten(`papers for item ${i.number} on ${dayOf(meeting)}${of}`, 300).text,
  }));
}

/**
 * An honest answer with the items of `offered` (the meeting meant, or the next with an agenda)
 * as buttons in the card body; when it has more than fit, the whole agenda is a button too.
 */
function notHeld(title: string, line: string, offered: Meeting | undefined, of: string): Answer {
  const more = offered !== undefined && offered.agendaItems.length > MAX_OFFERED;
  const which = more ? `The first ${MAX_OFFERED} of the ${offered.agendaItems.length} items` : 'The items';
  const v = view(title, offered ? `${line} ${which} on the agenda of ${formatDate(offered.date)} are buttons below.` : line);
  v.offers = offered ? itemButtons(offered, of) : [];
  if (more) v.options = [{ label: `Agenda for ${dayOf(offered)}`, text: shorten(`agenda for ${dayOf(offered)}${of}`, 300).text }];
  v.summary = v.intro;
  return { template: PAPERS_TEMPLATE, view: v };
}

function itemsCard(title: string, found: Found[]): Answer {
  const shown = found.slice(0, MAX_SHOWN);
  const v = view(title, found.length > MAX_SHOWN ? `${found.length} items match; the first ${MAX_SHOWN} are shown.` : '');
  v.sections = shown.map(itemSection);
  v.sources = [...new Set(shown.map(({ meeting }) => meeting.source.document))].map((d) => shorten(d, 200).text);
  const documentLinks = shown
    .flatMap(({ item }) => publicDocuments(item))
    .filter((d): d is AgendaDocument & { url: string } => d.url !== null && isUrl(d.url))
    .slice(0, MAX_DOCUMENT_LINKS)
    .map((d) => ({ label: shorten(d.title, 40).text, url: d.url }));
  v.links = [
    ...documentLinks,
    ...[...new Set(shown.filter(({ item }) => !item.restricted).map(({ meeting }) => meeting.source.document))]
      .filter(isUrl)
      .map((url) => ({ label: 'Open the papers', url })),
  ].slice(0, MAX_DOCUMENT_LINKS + 1);
  v.summary = `${title}. ${v.sections.map((s) => `${s.heading}: ${s.lines.join('; ')}`).join('. ')}`;
  return { template: PAPERS_TEMPLATE, view: v };
}

// ---- matching a subject against item titles ----

const STOP = new Set(
  (
    'a an the of on in for to at by from and or is are was were be what whats which where how can could i we you me my our ' +
    'please show find get give see read open papers paper report reports document documents pack page pages item items ' +
    'number numbers about regarding concerning into this that it its there committee meeting'
  ).split(/\s+/),
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w) && !/^\d+$/.test(w));
}

/** A question word matches an item word it starts (or that starts it), so "complaint" finds "Complaints". */
function matches(item: AgendaItem, subject: string[]): boolean {
  const have = words(item.restricted ? item.title : `${item.title} ${item.description ?? ''}`);
  return subject.every((w) => have.some((h) => h.startsWith(w.slice(0, Math.max(4, w.length - 1))) || w.startsWith(h)));
}

/** The subject words of the question: dates, item numbers and question words removed. */
export function subjectOf(text: string, e: Entities): string[] {
  let cleaned = text.replace(/\bitem\s*(?:no\.?\s*)?\d+\w?\b/gi, ' ');
  if (e.date) cleaned = cleaned.replace(e.date.text, ' ');
  cleaned = cleaned.replace(
    /\b(?:next|last|previous|upcoming|january|february|march|april|may|june|july|august|september|october|november|december)\b/gi,
    ' ',
  );
  return words(cleaned);
}

/** The answer to a question about an item's papers. */
export async function papersAnswer(ctx: AskContext, e: Entities, text: string): Promise<Answer> {
  const committeeId = await committeeIdOf(ctx);
  const meetings = await ctx.records.meetings.list(committeeId);
  const of = await committeeSuffix(ctx, committeeId);
  const asked = meetingAsked(meetings, ctx.now, e);
  if (asked.named && !asked.meeting) {
    const next = agendas(meetings, ctx.now)[0];
    return notHeld('No such meeting', `I don't hold a meeting for ${shorten(asked.named, 80).text}.`, next, of);
  }
  const pool = asked.meeting ? [asked.meeting] : agendas(meetings, ctx.now);
  if (pool.length === 0 || pool.every((m) => m.agendaItems.length === 0)) {
    const where = asked.meeting ? `the meeting of ${formatDate(asked.meeting.date)}` : 'any meeting';
    return notHeld('No agenda held', `I don't hold an agenda for ${where}.`, agendas(meetings, ctx.now)[0], of);
  }

  if (e.itemNumber) {
    const number = e.itemNumber;
    const meeting = pool.find((m) => m.agendaItems.some((i) => sameItemNumber(i.number, number)));
    const target = asked.meeting ?? pool[0]!;
    if (!meeting) {
      return notHeld(
        `Item ${shorten(e.itemNumber, 20).text}`,
        `The agenda of ${formatDate(target.date)} has no item ${shorten(e.itemNumber, 20).text}.`,
        target,
        of,
      );
    }
    const item = meeting.agendaItems.find((i) => sameItemNumber(i.number, number))!;
    return itemsCard(`Papers for item ${item.number}`, [{ meeting, item }]);
  }

  const subject = subjectOf(text, e);
  const target = asked.meeting ?? pool[0]!;
  if (subject.length === 0) {
    return itemsCard(
      `Papers for ${formatDate(target.date)}`,
      target.agendaItems.map((item) => ({ meeting: target, item })),
    );
  }
  const found = pool.flatMap((meeting) => meeting.agendaItems.filter((item) => matches(item, subject)).map((item) => ({ meeting, item })));
  if (found.length === 0) {
    const shown = shorten(subject.join(' '), 120).text;
    return notHeld('Papers', `I don't hold a report about "${shown}".`, target, of);
  }
  return itemsCard(found.length === 1 ? `Papers for item ${found[0]!.item.number}` : 'Papers', found);
}
