import type { CardViewModel } from '../../cards/render';
import { formatDate, formatShortDate } from '../../format';
import { hasStarted } from '../../store/meetingTime';
import type { Action, Meeting, Source, WorkProgrammeEntry } from '../../store/schema';
import { meetingWhen } from '../shared/meetingWhen';
import { messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { fullTextData, shorten } from '../shared/paging';
import { isRestricted } from '../minutes/decisions';

/**
 * One record found by search, on a card of its own: an action (its reference, text, owner, due
 * date, status, latest update, the meeting it came from and its source) or a work programme
 * entry (its topic, meeting, lead officer, status and source).
 *
 * The button that opens it carries only the record's kind and id, and is checked again when
 * pressed: a record that is gone, or an id nobody issued, gets a polite "no longer held", and an
 * action arising from a restricted (exempt) minute is never shown (it is part of that minute).
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
    options,
  };
}

/** The card a search result's button opens (`{ verb: 'search.open', record, id }`), checked afresh. */
export async function openRecord(ctx: AskContext, data: Record<string, unknown>): Promise<Answer> {
  const id = typeof data.id === 'string' ? data.id.slice(0, 300) : '';
  if (data.record === 'action') return actionCard(ctx, id);
  if (data.record === 'work programme') return workProgrammeCard(ctx, id);
  return noLongerHeld('record');
}
