import type { CardViewModel } from '../../cards/render';
import { formatShortDate, londonDate } from '../../format';
import type { Action, Meeting, Person } from '../../store/schema';
import { chooseAnswer, messageAnswer, type Answer } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { fitPage, fullTextData, shorten } from '../shared/paging';

/**
 * "Open actions", "actions for Janet Simon", "my actions", "actions from the June meeting",
 * "overdue actions", "thematic review actions". Completed actions are never open; "overdue" is
 * measured against the London date of the clock.
 */

export const ACTIONS_PER_CARD = 8;

export interface OpenActionsQuery {
  personIds?: string[];
  self?: boolean;
  date?: { from: string; to: string; text: string };
  overdue?: boolean;
  actionOrigin?: 'minutes' | 'plan';
  offset?: number;
}

/** What the "Show more" button sends back; the route calls openActions(ctx, { ...filter, offset }). */
export interface ActionsMoreData {
  verb: 'actions.more';
  offset: number;
  filter: Omit<OpenActionsQuery, 'offset'>;
}

export interface ActionLine {
  label: string;
  value: string;
}

export interface ActionItemView {
  reference: string;
  text: string;
  lines: ActionLine[];
  /** "Red", "Amber", "Green"; empty when the source gives no RAG rating. */
  ragText: string;
  ragColour: 'Attention' | 'Warning' | 'Good' | 'Default';
  overdue: boolean;
  update: string;
  /** "Full text" button data when the text or update is shortened on the card. */
  fullText: Record<string, unknown> | null;
  fullUpdate: Record<string, unknown> | null;
}

export interface ActionGroupView {
  title: string;
  source: string;
  actions: ActionItemView[];
}

export interface ActionsView extends CardViewModel {
  /** "Open actions for Janet Simon", "Overdue actions" */
  title: string;
  /** "9 open actions" (and which of them this card shows) */
  countText: string;
  groups: ActionGroupView[];
  labels: { overdue: string; update: string };
  hasMore: boolean;
  moreLabel: string;
  more: ActionsMoreData | null;
}

const RAG: Record<NonNullable<Action['rag']>, { text: string; colour: ActionItemView['ragColour'] }> = {
  red: { text: 'RAG: Red', colour: 'Attention' },
  amber: { text: 'RAG: Amber', colour: 'Warning' },
  green: { text: 'RAG: Green', colour: 'Good' },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Owned or asked for by the person: by id, or by their full name in the name as printed. */
function concerns(action: Action, person: Person): boolean {
  if (action.owner?.personId === person.id || action.requestedBy?.personId === person.id) return true;
  const name = new RegExp(`\\b${escapeRegExp(person.name)}\\b`, 'i');
  return [action.owner, action.requestedBy].some((n) => n !== null && name.test(n.name));
}

export function isOverdue(action: Action, today: string): boolean {
  return action.status === 'open' && action.due !== null && action.due < today;
}

/** A date written as digits ("31/10/23") adds nothing to the formatted date; words do. */
function dueText(action: Action): string {
  if (action.due) {
    const formatted = formatShortDate(action.due);
    const written = action.dueText?.trim();
    return written && !/^[\d/.\-\s]+$/.test(written) && written !== formatted ? `${formatted} (${written})` : formatted;
  }
  return action.dueText?.trim() || 'not recorded';
}

function pagesText(page: string): string {
  return /[-–]/.test(page) ? `pages ${page}` : `page ${page}`;
}

function groupSource(actions: Action[]): string {
  const documents = [...new Set(actions.map((a) => a.source.document))];
  const pages = [...new Set(actions.map((a) => a.source.page ?? ''))];
  const page = documents.length === 1 && pages.length === 1 && pages[0] ? `, ${pagesText(pages[0])}` : '';
  return `Source: ${documents.join('; ')}${page}`;
}

function itemView(action: Action, today: string): ActionItemView {
  const rag = action.rag ? RAG[action.rag] : null;
  const text = shorten(action.text);
  const update = shorten(action.update ?? '');
  return {
    reference: shorten(action.origin.minuteNumber ? `${action.reference} (minute ${action.origin.minuteNumber})` : action.reference, 120)
      .text,
    text: text.text,
    fullText: text.shortened ? fullTextData('action', action.id, 'text') : null,
    lines: [
      { label: 'Asked by: ', value: shorten(action.requestedBy?.name ?? 'not recorded', 120).text },
      { label: 'Owner: ', value: shorten(action.owner?.name ?? 'not recorded', 120).text },
      { label: 'Due: ', value: shorten(dueText(action), 120).text },
    ],
    ragText: rag?.text ?? '',
    ragColour: rag?.colour ?? 'Default',
    overdue: isOverdue(action, today),
    update: update.text,
    fullUpdate: update.shortened ? fullTextData('action', action.id, 'update') : null,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The query as the "Show more" button carries it: no offset, no empty fields. */
function filterOf(q: OpenActionsQuery): Omit<OpenActionsQuery, 'offset'> {
  const filter: Omit<OpenActionsQuery, 'offset'> = {};
  if (q.personIds && q.personIds.length > 0) filter.personIds = [...q.personIds];
  if (q.self) filter.self = true;
  if (q.date) filter.date = { from: q.date.from, to: q.date.to, text: q.date.text };
  if (q.overdue) filter.overdue = true;
  if (q.actionOrigin) filter.actionOrigin = q.actionOrigin;
  return filter;
}

/** What the filters read of an open action, worked out once per change to actions or meetings. */
interface OpenActionRow {
  action: Action;
  /** The committee of the meeting it came from; null when it names no known meeting. */
  committeeId: string | null;
  meetingDate: string | null;
  origin: Action['origin']['kind'];
  /** Minutes or plan it comes from: actions are grouped by this. */
  group: string;
  due: string | null;
}

/**
 * The open actions, and the plain "open actions" list per committee ('' for all), kept for the
 * stored `actions` and `meetings` lists they were built from. The store never changes a stored
 * list in place (a change replaces the lists it touches), so what is kept is never stale.
 * Kept for one measured target: "open actions" on the council-window store within 1.5× the
 * echo bot (bench/README.md); without it every such question groups a thousand open actions.
 */
interface OpenActionIndex {
  meetings: readonly Meeting[];
  rows: readonly OpenActionRow[];
  listed: Map<string, readonly OpenActionRow[]>;
}
const openActionIndexes = new WeakMap<readonly Action[], OpenActionIndex>();

function openActionIndex(ctx: AskContext): OpenActionIndex {
  const { actions, meetings } = ctx.repo.store.read((d) => ({ actions: d.actions, meetings: d.meetings }));
  const kept = openActionIndexes.get(actions);
  if (kept && kept.meetings === meetings) return kept;
  const index: OpenActionIndex = { meetings, rows: openActionRows(ctx, meetings), listed: new Map() };
  openActionIndexes.set(actions, index);
  return index;
}

/** The open actions in plain rows of one shape, with the facts the filters need. */
function openActionRows(ctx: AskContext, meetingList: readonly Meeting[]): OpenActionRow[] {
  const meetings = new Map(meetingList.map((m) => [m.id, m]));
  return ctx.repo.openActions().map((action): OpenActionRow => {
    const meeting = action.origin.meetingId ? meetings.get(action.origin.meetingId) : undefined;
    return {
      action,
      committeeId: meeting?.committeeId ?? null,
      meetingDate: meeting?.date ?? null,
      origin: action.origin.kind,
      group: `${action.origin.kind}\u0000${action.origin.title}`,
      due: action.due, // every row is an open action
    };
  });
}

/** isOverdue for a row (all rows are open actions). */
function rowOverdue(r: OpenActionRow, today: string): boolean {
  return r.due !== null && r.due < today;
}

/**
 * Each group together: groups in the order they first appear, actions in stored order (a Map
 * keeps its keys in insertion order, so no sort is needed).
 */
function groupedBySource(rows: readonly OpenActionRow[]): readonly OpenActionRow[] {
  const byGroup = new Map<string, OpenActionRow[]>();
  for (const r of rows) {
    const group = byGroup.get(r.group);
    if (group) group.push(r);
    else byGroup.set(r.group, [r]);
  }
  return [...byGroup.values()].flat();
}

/** Open actions, filtered and paged, grouped by the minutes or plan they come from. */
export function openActions(ctx: AskContext, q: OpenActionsQuery): Answer {
  const everyone = 'open actions';
  if (q.self && !ctx.personId) {
    return messageAnswer(
      "I don't know who you are yet",
      [
        "Sorry, I can't tell who you are in this conversation, so I can't find your actions.",
        'Ask for actions for a named person, for example "actions for Janet Simon", or for all open actions.',
      ],
      [{ label: 'All open actions', text: everyone }],
    );
  }

  let person: Person | undefined;
  if (q.self && ctx.personId) {
    person = ctx.repo.person(ctx.personId);
    if (!person) {
      return messageAnswer(
        "I don't know who you are yet",
        ["Sorry, I can't find you in the committee's records, so I can't find your actions."],
        [{ label: 'All open actions', text: everyone }],
      );
    }
  } else if (q.personIds && q.personIds.length > 0) {
    const people = [...new Set(q.personIds)].map((id) => ctx.repo.person(id)).filter((p): p is Person => p !== undefined);
    if (people.length === 0) {
      return messageAnswer(
        'Person not found',
        ["Sorry, I don't know that person, so I can't find their actions."],
        [{ label: 'All open actions', text: everyone }],
      );
    }
    if (people.length > 1) {
      const prefix = q.overdue ? 'overdue actions' : 'actions';
      return chooseAnswer(
        'Which person?',
        'I know more than one person by that name. Whose actions do you mean?',
        people.map((p) => {
          const text = `${prefix} for ${p.name}`;
          return { label: text.charAt(0).toUpperCase() + text.slice(1), text };
        }),
      );
    }
    person = people[0];
  }

  const today = londonDate(ctx.now);
  const index = openActionIndex(ctx);
  const rows = index.rows;
  const inCommittee = (r: OpenActionRow) => !ctx.committeeId || r.committeeId === null || r.committeeId === ctx.committeeId;
  let sortedRows: readonly OpenActionRow[];
  if (!q.actionOrigin && !q.overdue && !q.date && !person) {
    const key = ctx.committeeId ?? '';
    let listed = index.listed.get(key);
    if (!listed) {
      listed = groupedBySource(rows.filter(inCommittee));
      index.listed.set(key, listed);
    }
    sortedRows = listed;
  } else {
    sortedRows = groupedBySource(
      rows.filter((r) => {
        if (!inCommittee(r)) return false;
        if (q.actionOrigin && r.origin !== q.actionOrigin) return false;
        if (q.overdue && !rowOverdue(r, today)) return false;
        if (q.date && !(r.meetingDate !== null && r.meetingDate >= q.date.from && r.meetingDate <= q.date.to)) return false;
        if (person && !concerns(r.action, person)) return false;
        return true;
      }),
    );
  }

  // Describe the search in words, for the card title and for "nothing matched".
  const kind = q.overdue ? 'overdue actions' : 'open actions';
  const who = q.self ? '' : person ? ` for ${person.name}` : '';
  const from = !q.date
    ? ''
    : q.date.text.trim()
      ? ` from the ${q.date.text.trim()} meeting`
      : ` from meetings between ${formatShortDate(q.date.from)} and ${formatShortDate(q.date.to)}`;
  const origin = q.actionOrigin === 'plan' ? ' on action plans' : q.actionOrigin === 'minutes' ? ' from the minutes' : '';
  const described = `${q.self ? `your ${kind}` : kind}${who}${from}${origin}`;
  const title = described.charAt(0).toUpperCase() + described.slice(1);

  if (sortedRows.length === 0) {
    const details: string[] = [];
    if (person) details.push(`${q.self ? 'actions you' : 'actions they'} own or asked for`);
    if (q.overdue) details.push(`due before ${formatShortDate(today)} and not yet complete`);
    if (q.date) details.push(`from meetings between ${formatShortDate(q.date.from)} and ${formatShortDate(q.date.to)}`);
    return messageAnswer(
      'No open actions match',
      [
        `I looked for ${described}${details.length > 0 ? ` (${details.join('; ')})` : ''} and found none.`,
        'Completed actions are not listed.',
      ],
      q.self || person || q.overdue || q.date || q.actionOrigin ? [{ label: 'All open actions', text: everyone }] : [],
    );
  }

  let overdueCount = 0;
  if (!q.overdue) for (const r of sortedRows) if (rowOverdue(r, today)) overdueCount += 1;
  const total = sortedRows.length;
  const counted = `${plural(total, q.overdue ? 'overdue action' : 'open action')}${overdueCount > 0 ? `, ${overdueCount} overdue` : ''}`;
  const view = fitPage<OpenActionRow, ActionsView>(
    'actions',
    sortedRows,
    q.offset,
    () => ({ verb: 'actions.more', filter: filterOf(q) }),
    (paged) => {
      const page = paged.rows.map((r) => r.action);
      const { offset, end } = paged;
      const groups: { title: string; items: Action[] }[] = [];
      for (const a of page) {
        const last = groups[groups.length - 1];
        if (last && last.title === a.origin.title) last.items.push(a);
        else groups.push({ title: a.origin.title, items: [a] });
      }
      const showing = total > page.length ? `; showing ${offset + 1} to ${end}` : '';
      const hasMore = paged.view.hasMore;
      return {
        summary: `${title}: ${counted}${showing}. ${groups
          .map((g) => `${shorten(g.title).text}: ${g.items.map((a) => shorten(a.reference, 60).text).join(', ')}`)
          .join('. ')}.`,
        title,
        countText: `${counted}${showing}`,
        groups: groups.map((g) => ({
          title: shorten(g.title).text,
          source: shorten(groupSource(g.items)).text,
          actions: g.items.map((a) => itemView(a, today)),
        })),
        labels: { overdue: 'Overdue', update: 'Latest update: ' },
        hasMore,
        moreLabel: hasMore ? `Show more (${end + 1} to ${Math.min(total, end + ACTIONS_PER_CARD)} of ${total})` : '',
        more: paged.view.more as ActionsMoreData | null,
      };
    },
    ACTIONS_PER_CARD,
  );
  return { template: 'actions', view };
}
