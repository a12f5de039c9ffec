import { meetingWhen } from './meetingWhen';
import { messageAnswer, type Answer } from './answer';
import type { QuestionContext } from './context';
import { fitPage, shorten, type FullTextRecord } from './paging';
import { personLabel } from './guards';
import { apologyReasonsVisible } from '../apologies/apologies';
import { parseAgendaItemRef } from './agendaItems';

/**
 * "Full text" on a list card: one stored field in full, for whoever may see it on the list it
 * came from. Very long text is cut into parts and paged like any list, so this card too stays
 * under the size limit whatever is stored.
 */
const PART = 1500;

interface Found {
  title: string;
  context: string;
  text: string;
}

type Lookup = (ctx: QuestionContext, id: string, field: string) => Promise<Found | null>;

const unavailable = () =>
  messageAnswer('That text is not available', [
    'The record may have changed, or it is not shown in this conversation. Ask for the list again to get a fresh card.',
  ]);

const LOOKUPS: Record<FullTextRecord, Lookup> = {
  declaration: async (ctx, id, field) => {
    if (!ctx.identity.person || field !== 'nature') return null;
    const d = await ctx.records.declarations.get(id);
    if (!d) return null;
    const meeting = await ctx.records.meetings.get(d.meetingId);
    if (!meeting) return null;
    return {
      title: 'Declaration: nature of the interest',
      context: `${personLabel(await ctx.records.people.get(d.personId))}, item ${d.agendaItemNumber}, ${meetingWhen(meeting)}`,
      text: d.nature,
    };
  },
  apology: async (ctx, id, field) => {
    if (field !== 'reason') return null;
    const a = await ctx.records.apologies.get(id);
    const meeting = a ? await ctx.records.meetings.get(a.meetingId) : undefined;
    const committee = meeting ? await ctx.records.committees.get(meeting.committeeId) : undefined;
    if (!a || !meeting || !committee || a.reason === null || !apologyReasonsVisible(ctx, committee)) return null;
    const person = await ctx.records.people.get(a.personId);
    return { title: 'Apologies: reason', context: `${personLabel(person)}, ${meetingWhen(meeting)}`, text: a.reason };
  },
  action: async (ctx, id, field) => {
    const a = await ctx.records.actions.get(id);
    if (!a) return null;
    const text = field === 'text' ? a.text : field === 'update' ? a.update : undefined;
    if (text === undefined) return null;
    return { title: field === 'text' ? `${a.reference}: the action` : `${a.reference}: latest update`, context: a.origin.title, text };
  },
  agendaItem: async (ctx, id, field) => {
    const ref = parseAgendaItemRef(id);
    const meeting = ref ? await ctx.records.meetings.get(ref.meetingId) : undefined;
    const item = meeting?.agendaItems.find((i) => i.number === ref?.number);
    if (!meeting || !item) return null;
    // A restricted item shows its number and title only, here as on the agenda.
    const text = field === 'title' ? item.title : field === 'description' && !item.restricted ? item.description : undefined;
    if (text === undefined) return null;
    return { title: `Agenda item ${item.number}`, context: meetingWhen(meeting), text };
  },
  workItem: async (ctx, id, field) => {
    if (field !== 'topic') return null;
    const entry = await ctx.records.workProgramme.get(id);
    if (!entry) return null;
    const committee = await ctx.records.committees.get(entry.committeeId);
    return { title: 'Work programme item', context: committee?.name ?? '', text: entry.topic };
  },
  minutes: () => Promise.resolve(null),
};

function parts(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += PART) {
    let end = Math.min(text.length, i + PART);
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end -= 1;
    out.push(text.slice(i, end));
    i = end - PART;
  }
  return out;
}

export async function fullText(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer> {
  const record = typeof data.record === 'string' && Object.hasOwn(LOOKUPS, data.record) ? (data.record as FullTextRecord) : null;
  const id = typeof data.id === 'string' ? data.id.slice(0, 300) : '';
  const field = typeof data.field === 'string' ? data.field.slice(0, 30) : '';
  const found = record ? await LOOKUPS[record](ctx, id, field) : null;
  if (!record || !found) return unavailable();
  const all = parts(found.text);
  const view = fitPage(
    'full-text',
    all,
    data.offset,
    () => ({ verb: 'text.full', record, id, field }),
    (page) => ({
      summary: `${found.title}. ${found.context}. ${shorten(found.text, 200).text}`,
      title: found.title,
      context: found.context,
      parts: [page.rows.join('')],
      ...page.view,
    }),
    4,
  );
  return { template: 'full-text', view };
}
