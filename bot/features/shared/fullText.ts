import { meetingWhen } from './meetingWhen';
import { messageAnswer, type Answer } from './answer';
import type { QuestionContext } from './context';
import { fitPage, shorten, type FullTextRecord } from './paging';
import { personLabel } from './guards';
import { apologyReasonsVisible } from '../apologies/apologies';

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

type Lookup = (ctx: QuestionContext, id: string, field: string) => Found | null;

const unavailable = () =>
  messageAnswer('That text is not available', [
    'The record may have changed, or it is not shown in this conversation. Ask for the list again to get a fresh card.',
  ]);

const LOOKUPS: Record<FullTextRecord, Lookup> = {
  declaration: (ctx, id, field) => {
    if (!ctx.identity.person || field !== 'nature') return null;
    const d = ctx.repo.store.read((data) => data.declarations.find((x) => x.id === id));
    if (!d) return null;
    const meeting = ctx.repo.meeting(d.meetingId);
    if (!meeting) return null;
    return {
      title: 'Declaration: nature of the interest',
      context: `${personLabel(ctx.repo.person(d.personId))}, item ${d.agendaItemNumber}, ${meetingWhen(meeting)}`,
      text: d.nature,
    };
  },
  apology: (ctx, id, field) => {
    if (field !== 'reason') return null;
    const a = ctx.repo.store.read((data) => data.apologies.find((x) => x.id === id));
    const meeting = a ? ctx.repo.meeting(a.meetingId) : undefined;
    const committee = meeting ? ctx.repo.committee(meeting.committeeId) : undefined;
    if (!a || !meeting || !committee || a.reason === null || !apologyReasonsVisible(ctx, committee)) return null;
    return { title: 'Apologies: reason', context: `${personLabel(ctx.repo.person(a.personId))}, ${meetingWhen(meeting)}`, text: a.reason };
  },
  action: (ctx, id, field) => {
    const a = ctx.repo.store.read((data) => data.actions.find((x) => x.id === id));
    if (!a) return null;
    const text = field === 'text' ? a.text : field === 'update' ? a.update : undefined;
    if (text === undefined) return null;
    return { title: field === 'text' ? `${a.reference}: the action` : `${a.reference}: latest update`, context: a.origin.title, text };
  },
  agendaItem: (ctx, id, field) => {
    const cut = id.lastIndexOf('#');
    const meeting = cut > 0 ? ctx.repo.meeting(id.slice(0, cut)) : undefined;
    const item = meeting?.agendaItems.find((i) => i.number === id.slice(cut + 1));
    if (!meeting || !item) return null;
    // A restricted item shows its number and title only, here as on the agenda.
    const text = field === 'title' ? item.title : field === 'description' && !item.restricted ? item.description : undefined;
    if (text === undefined) return null;
    return { title: `Agenda item ${item.number}`, context: meetingWhen(meeting), text };
  },
  workItem: (ctx, id, field) => {
    if (field !== 'topic') return null;
    const entry = ctx.repo.store.read((data) => data.workProgramme.find((w) => w.id === id));
    if (!entry) return null;
    return { title: 'Work programme item', context: ctx.repo.committee(entry.committeeId)?.name ?? '', text: entry.topic };
  },
  minutes: () => null,
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

export function fullText(ctx: QuestionContext, data: Record<string, unknown>): Answer {
  const record = typeof data.record === 'string' && Object.hasOwn(LOOKUPS, data.record) ? (data.record as FullTextRecord) : null;
  const id = typeof data.id === 'string' ? data.id.slice(0, 300) : '';
  const field = typeof data.field === 'string' ? data.field.slice(0, 30) : '';
  const found = record ? LOOKUPS[record](ctx, id, field) : null;
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
