import type { CardViewModel } from '../../cards/render';
import { formatDate, formatShortDate } from '../../format';
import { hasStarted } from '../../store/meetingTime';
import type { Action, AgendaDocument, AgendaItem, Meeting, Source, WorkProgrammeEntry } from '../../store/schema';
import { agendaItemRef, parseAgendaItemRef } from '../shared/agendaItems';
import { meetingWhen } from '../shared/meetingWhen';
import { messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { fullTextData, shorten } from '../shared/paging';
import { isRestricted } from '../minutes/decisions';
import { isUrl, MAX_DOCUMENT_LINES, MAX_DOCUMENT_LINKS, pagesLine, publicDocuments, RESTRICTED_NOTE } from '../papers/papers';

/**
 * One record found by search, on a card of its own: an action (its reference, text, owner, due
 * date, status, latest update, the meeting it came from and its source), a work programme
 * entry (its topic, meeting, lead officer, status and source) or an agenda item (its meeting,
 * number, title, summary, lead officer, pages, papers and source document, with links to what
 * the store holds at a web address).
 *
 * The button that opens it carries only the record's kind and id, and is checked again when
 * pressed: a record that is gone, or an id nobody issued, gets a polite "no longer held", and an
 * action arising from a restricted (exempt) minute is never shown (it is part of that minute).
 * A restricted agenda item shows what the papers publish of it (number, title, meeting) and the
 * papers' restricted note, as every papers answer does: never its summary, lead officer, pages,
 * papers or links.
 */

export const RECORD_TEMPLATE = 'record';
/** Characters of a long field shown on the card; the rest is a "Full text" button away. */
const LONG_FIELD = 1500;

export interface RecordView extends CardViewModel {
  title: string;
  subtitle: string;
  paragraphs: { heading: string; text: string; full: Record<string, unknown> | null }[];
  facts: { title: string; value: string }[];
  source: string;
  asAt: string;
  links: { label: string; url: string }[];
  options: QuestionButton[];
}

function noLongerHeld(what: string): Answer {
  return messageAnswer('No longer held', [
    `I no longer hold that ${what}: it may have been removed or changed since the search. Search again for a fresh card.`,
  ]);
}

/** "Source: agenda pack, Minutes of 15 June 2023, minute 38, pages 5-12" */
export function fullSourceLine(source: Source): string {
  const page = source.page ? `, ${/^\d+$/.test(source.page) ? 'page' : 'pages'} ${source.page}` : '';
  return `Source: ${source.document}${source.section ? `, ${source.section}` : ''}${page}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const RAG_WORDS = { red: 'red', amber: 'amber', green: 'green' } as const;

async function actionCard(ctx: AskContext, id: string): Promise<Answer> {
  const action = await ctx.records.actions.get(id);
  if (!action) return noLongerHeld('action');
  const meeting = action.origin.meetingId ? await ctx.records.meetings.get(action.origin.meetingId) : undefined;
  if (meeting && action.origin.minuteNumber) {
    const item = (await ctx.records.minutes.ofMeeting(meeting.id))?.items.find((i) => i.minuteNumber === action.origin.minuteNumber);
    if (item && isRestricted(meeting, item)) return noLongerHeld('action');
  }
  const committee = meeting ? await ctx.records.committees.get(meeting.committeeId) : undefined;
  return { template: RECORD_TEMPLATE, view: actionView(ctx, action, meeting, committee?.name) };
}

function actionView(ctx: AskContext, action: Action, meeting: Meeting | undefined, committeeName: string | undefined): RecordView {
  const text = shorten(action.text, LONG_FIELD);
  const update = action.update ? shorten(action.update, LONG_FIELD) : null;
  const status = `${action.status === 'open' ? 'Open' : 'Complete'}${action.rag ? ` (${RAG_WORDS[action.rag]})` : ''}`;
  const due = action.dueText ?? (action.due ? formatDate(action.due) : 'No due date in the papers');
  const facts = [
    { title: 'Owner', value: action.owner?.name ?? 'Not named in the papers' },
    ...(action.requestedBy ? [{ title: 'Requested by', value: action.requestedBy.name }] : []),
    { title: 'Due', value: due },
    { title: 'Status', value: status },
    ...(meeting ? [{ title: 'Meeting', value: `${committeeName ? `${committeeName}, ` : ''}${meetingWhen(meeting)}` }] : []),
    ...(action.origin.minuteNumber ? [{ title: 'Minute', value: action.origin.minuteNumber }] : []),
  ];
  const source = fullSourceLine(action.source);
  const options: QuestionButton[] = meeting
    ? [{ label: `Actions from ${formatShortDate(meeting.date)}`, text: `actions from the ${formatShortDate(meeting.date)} meeting` }]
    : [];
  options.push({ label: 'Open actions', text: 'open actions' });
  return {
    summary: shorten(
      [
        `${action.reference}: ${action.text}`,
        ...facts.map((f) => `${f.title}: ${f.value}.`),
        action.update ? `Latest update: ${action.update}` : 'No progress update in the papers.',
        source,
      ].join(' '),
      4000,
    ).text,
    title: shorten(action.reference, 200).text,
    subtitle: shorten(`Action, ${action.origin.title}${committeeName ? `, ${committeeName}` : ''}`, 300).text,
    paragraphs: [
      { heading: 'The action', text: text.text, full: text.shortened ? fullTextData('action', action.id, 'text') : null },
      update
        ? { heading: 'Latest update', text: update.text, full: update.shortened ? fullTextData('action', action.id, 'update') : null }
        : { heading: 'Latest update', text: 'No progress update in the papers.', full: null },
    ],
    facts,
    source,
    asAt: `As at ${formatDate(ctx.now)}`,
    links: [],
    options,
  };
}

async function workProgrammeCard(ctx: AskContext, id: string): Promise<Answer> {
  const entry = await ctx.records.workProgramme.get(id);
  if (!entry) return noLongerHeld('work programme entry');
  const meeting = entry.meetingId ? await ctx.records.meetings.get(entry.meetingId) : undefined;
  const committee = await ctx.records.committees.get(entry.committeeId);
  return { template: RECORD_TEMPLATE, view: entryView(ctx, entry, meeting, committee?.name ?? '') };
}

function meetingState(meeting: Meeting, now: Date): string {
  if (meeting.status === 'cancelled') return ' (cancelled)';
  return hasStarted(meeting, now) ? ' (held)' : ' (upcoming)';
}

function entryView(ctx: AskContext, entry: WorkProgrammeEntry, meeting: Meeting | undefined, committeeName: string): RecordView {
  const topic = shorten(entry.topic, 200);
  const whole = shorten(entry.topic, LONG_FIELD);
  const facts = [
    { title: 'Meeting', value: meeting ? `${meetingWhen(meeting)}${meetingState(meeting, ctx.now)}` : 'To be scheduled' },
    { title: 'Lead officer', value: entry.leadOfficer ?? 'Not named in the papers' },
    ...(entry.requestedBy ? [{ title: 'Requested by', value: entry.requestedBy }] : []),
    ...(entry.status ? [{ title: 'Status', value: capitalised(entry.status) }] : []),
  ];
  const source = fullSourceLine(entry.source);
  const options: QuestionButton[] = meeting
    ? [{ label: `Work programme for ${formatShortDate(meeting.date)}`, text: `work programme for ${formatShortDate(meeting.date)}` }]
    : [];
  options.push({ label: 'Whole work programme', text: 'work programme' });
  return {
    summary: shorten([`Work programme: ${entry.topic}.`, ...facts.map((f) => `${f.title}: ${f.value}.`), source].join(' '), 4000).text,
    title: topic.text,
    subtitle: `Work programme${committeeName ? `, ${committeeName}` : ''}`,
    paragraphs: topic.shortened
      ? [{ heading: 'Topic', text: whole.text, full: whole.shortened ? fullTextData('workItem', entry.id, 'topic') : null }]
      : [],
    facts,
    source,
    asAt: `As at ${formatDate(ctx.now)}`,
    links: [],
    options,
  };
}

async function agendaItemCard(ctx: AskContext, id: string): Promise<Answer> {
  const ref = parseAgendaItemRef(id);
  const meeting = ref ? await ctx.records.meetings.get(ref.meetingId) : undefined;
  const item = meeting?.agendaItems.find((i) => i.number === ref?.number);
  if (!meeting || !item) return noLongerHeld('agenda item');
  const committee = await ctx.records.committees.get(meeting.committeeId);
  return { template: RECORD_TEMPLATE, view: agendaItemView(ctx, meeting, item, committee?.name ?? '') };
}

/** The links of an item that may be shown: its public papers held at a web address, then the pack or the meeting's page. */
function itemLinks(meeting: Meeting, item: AgendaItem): { label: string; url: string }[] {
  if (item.restricted) return [];
  const papers = publicDocuments(item)
    .filter((d): d is AgendaDocument & { url: string } => d.url !== null && isUrl(d.url))
    .slice(0, MAX_DOCUMENT_LINKS)
    .map((d) => ({ label: shorten(d.title, 40).text, url: d.url }));
  const pack = isUrl(meeting.source.document) ? [{ label: 'Open the papers', url: meeting.source.document }] : [];
  const page = item.moderngov?.url ?? meeting.moderngov?.url;
  const moderngov = page && isUrl(page) ? [{ label: 'Open in modern.gov', url: page }] : [];
  return [...papers, ...pack, ...moderngov];
}

function agendaItemView(ctx: AskContext, meeting: Meeting, item: AgendaItem, committeeName: string): RecordView {
  const day = formatDate(meeting.date).replace(/^\w+ /, '');
  const facts = [
    { title: 'Meeting', value: `${committeeName ? `${committeeName}, ` : ''}${meetingWhen(meeting)}${meetingState(meeting, ctx.now)}` },
  ];
  const paragraphs: RecordView['paragraphs'] = [];
  if (item.restricted) {
    paragraphs.push({ heading: 'Not for publication', text: RESTRICTED_NOTE, full: null });
  } else {
    if (item.description) {
      const summary = shorten(item.description, LONG_FIELD);
      const full = summary.shortened ? fullTextData('agendaItem', agendaItemRef(meeting.id, item.number), 'description') : null;
      paragraphs.push({ heading: 'Summary', text: summary.text, full });
    }
    facts.push(
      { title: 'Lead officer', value: item.leadOfficer ? shorten(item.leadOfficer, 200).text : 'None named in the papers' },
      { title: 'Pages', value: pagesLine(item).replace(/^Pages?:? /, '') },
      { title: 'Source document', value: shorten(meeting.source.document, 200).text },
      ...publicDocuments(item)
        .slice(0, MAX_DOCUMENT_LINES)
        .map((d) => ({
          title: 'Paper',
          value: `${shorten(d.title, 200).text}${d.published ? `, published ${formatDate(d.published)}` : ''}`,
        })),
    );
    if (item.late) facts.push({ title: 'Late item', value: item.urgencyReason ? shorten(item.urgencyReason, 400).text : 'Yes' });
  }
  const title = shorten(`Item ${item.number}: ${item.title}`, 200).text;
  const source = fullSourceLine(meeting.source);
  const agendaQuestion = `agenda for ${day}${committeeName ? ` of the ${committeeName}` : ''}`;
  return {
    summary: shorten(
      [`${title}.`, ...paragraphs.map((p) => `${p.heading}: ${p.text}`), ...facts.map((f) => `${f.title}: ${f.value}.`), source].join(' '),
      4000,
    ).text,
    title,
    subtitle: shorten(`Agenda item${committeeName ? `, ${committeeName}` : ''}`, 300).text,
    paragraphs,
    facts,
    source,
    asAt: `As at ${formatDate(ctx.now)}`,
    links: itemLinks(meeting, item),
    options: [{ label: shorten(`Agenda for ${day}`, 60).text, text: shorten(agendaQuestion, 300).text }],
  };
}

/** The card a search result's button opens (`{ verb: 'search.open', record, id }`), checked afresh. */
export async function openRecord(ctx: AskContext, data: Record<string, unknown>): Promise<Answer> {
  const id = typeof data.id === 'string' ? data.id.slice(0, 300) : '';
  if (data.record === 'action') return actionCard(ctx, id);
  if (data.record === 'work programme') return workProgrammeCard(ctx, id);
  if (data.record === 'agenda item') return agendaItemCard(ctx, id);
  return noLongerHeld('record');
}
