import type { CardViewModel } from '../../cards/render';
import { formatShortDate, londonDate } from '../../format';
import type { Versioned } from '../../store/repository';
import { isOpenAction, type Action, type Person } from '../../store/schema';
import { chooseAnswer, messageAnswer, type Answer } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { fitPage, shorten } from '../shared/paging';
import { itemView, type ActionItemView } from './view';

/**
 * "Open actions", "actions for Janet Simon", "my actions", "actions from the June meeting",
 * "overdue actions", "thematic review actions", "completed actions". Open actions are those
 * open or in progress; done and dropped ones are listed only as completed. "Overdue" is
 * measured against the London date of the clock.
 */

export const ACTIONS_PER_CARD = 8;

export interface OpenActionsQuery {
  personIds?: string[];
  self?: boolean;
  date?: { from: string; to: string; text: string };
  overdue?: boolean;
  actionOrigin?: 'minutes' | 'plan';
  /** Done and dropped actions instead of open ones. */
  completed?: boolean;
  offset?: number;
}

/** What the "Show more" button sends back; the route calls openActions(ctx, { ...filter, offset }). */
export interface ActionsMoreData {
  verb: 'actions.more';
  offset: number;
  filter: Omit<OpenActionsQuery, 'offset'>;
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Owned or asked for by the person: by id, or by their full name in the name as printed. */
export function concerns(action: Action, person: Person): boolean {
  if (action.owner?.personId === person.id || action.requestedBy?.personId === person.id) return true;
  const name = new RegExp(`\\b${escapeRegExp(person.name)}\\b`, 'i');
  return [action.owner, action.requestedBy].some((n) => n !== null && name.test(n.name));
}

function pagesText(page: string): string {
  return /[-–]/.test(page) ? `pages ${page}` : `page ${page}`;
}

export function groupSource(actions: Action[]): string {
  const documents = [...new Set(actions.map((a) => a.source.document))];
  const pages = [...new Set(actions.map((a) => a.source.page ?? ''))];
  const page = documents.length === 1 && pages.length === 1 && pages[0] ? `, ${pagesText(pages[0])}` : '';
  return `Source: ${documents.join('; ')}${page}`;
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
  if (q.completed) filter.completed = true;
  return filter;
}

/** What the filters read of an action. */
interface ActionRow {
  action: Versioned<Action>;
  /** The committee of the meeting it came from; null when it names no known meeting. */
  committeeId: string | null;
  meetingDate: string | null;
  origin: Action['origin']['kind'];
  open: boolean;
  due: string | null;
  /** Minutes or plan it comes from: actions are grouped by this. */
  group: string;
}

/**
 * Rows built for a list of actions, kept while the repository hands out the same actions and
 * meetings lists (it gives a list a new identity when it changes): "open actions" on a whole
 * council's store reads over a thousand actions on every turn (bench/README.md).
 */
const rowsBuilt = new WeakMap<readonly object[], { meetings: readonly object[]; rows: ActionRows }>();

/** The rows, and all of them grouped by the minutes or plan they come from. */
interface ActionRows {
  all: readonly ActionRow[];
  grouped: readonly ActionRow[];
  /** The rows a committee's conversation sees (its own and those of no committee), grouped; built when first asked for. */
  ofCommittee: Map<string, { all: readonly ActionRow[]; grouped: readonly ActionRow[] }>;
}

/** The open (or completed) actions in plain rows, with the facts the filters need. */
async function actionRows(ctx: AskContext, completed: boolean): Promise<ActionRows> {
  const actions = completed ? (await ctx.records.actions.list()).filter((a) => !isOpenAction(a)) : await ctx.records.actions.open();
  const meetingList = await ctx.records.meetings.list();
  const kept = rowsBuilt.get(actions);
  if (kept && kept.meetings === meetingList) return kept.rows;
  const meetings = new Map(meetingList.map((m) => [m.id, m]));
  const rows = actions.map((action): ActionRow => {
    const meeting = action.origin.meetingId ? meetings.get(action.origin.meetingId) : undefined;
    return {
      action,
      committeeId: meeting?.committeeId ?? null,
      meetingDate: meeting?.date ?? null,
      origin: action.origin.kind,
      open: isOpenAction(action),
      due: action.due,
      group: `${action.origin.kind}\u0000${action.origin.title}`,
    };
  });
  const built = { all: rows, grouped: groupedBySource(rows), ofCommittee: new Map() };
  rowsBuilt.set(actions, { meetings: meetingList, rows: built });
  return built;
}

/** A committee's rows: its own actions and those of no committee (action plans), grouped. */
function committeeRows(built: ActionRows, committeeId: string): { all: readonly ActionRow[]; grouped: readonly ActionRow[] } {
  let rows = built.ofCommittee.get(committeeId);
  if (!rows) {
    const all = built.all.filter((r) => r.committeeId === null || r.committeeId === committeeId);
    rows = { all, grouped: groupedBySource(all) };
    built.ofCommittee.set(committeeId, rows);
  }
  return rows;
}

function rowOverdue(r: ActionRow, today: string): boolean {
  return r.open && r.due !== null && r.due < today;
}

function countOverdue(rows: readonly ActionRow[], today: string): number {
  let count = 0;
  for (const r of rows) if (rowOverdue(r, today)) count += 1;
  return count;
}

/** How many of a kept list of rows are overdue today, counted once a day. */
const overdueKept = new WeakMap<readonly ActionRow[], { today: string; count: number }>();
function keptOverdue(rows: readonly ActionRow[], today: string): number {
  const kept = overdueKept.get(rows);
  if (kept?.today === today) return kept.count;
  const count = countOverdue(rows, today);
  overdueKept.set(rows, { today, count });
  return count;
}

/** Each group together: groups in the order they first appear, actions in stored order. */
function groupedBySource(rows: readonly ActionRow[]): ActionRow[] {
  const byGroup = new Map<string, ActionRow[]>();
  for (const r of rows) {
    const group = byGroup.get(r.group);
    if (group) group.push(r);
    else byGroup.set(r.group, [r]);
  }
  return [...byGroup.values()].flat();
}

/** Open (or completed) actions, filtered and paged, grouped by the minutes or plan they come from. */
export async function openActions(ctx: AskContext, q: OpenActionsQuery): Promise<Answer> {
  const everyone = q.completed ? 'completed actions' : 'open actions';
  const allLabel = q.completed ? 'All completed actions' : 'All open actions';
  if (q.self && !ctx.personId) {
    return messageAnswer(
      "I don't know who you are yet",
      [
        "Sorry, I can't tell who you are in this conversation, so I can't find your actions.",
        `Ask for actions for a named person, for example "actions for Janet Simon", or for all ${everyone}.`,
      ],
      [{ label: allLabel, text: everyone }],
    );
  }

  let person: Person | undefined;
  if (q.self && ctx.personId) {
    person = await ctx.records.people.get(ctx.personId);
    if (!person) {
      return messageAnswer(
        "I don't know who you are yet",
        ["Sorry, I can't find you in the committee's records, so I can't find your actions."],
        [{ label: allLabel, text: everyone }],
      );
    }
  } else if (q.personIds && q.personIds.length > 0) {
    const found = await Promise.all([...new Set(q.personIds)].map((id) => ctx.records.people.get(id)));
    const people = found.filter((p): p is Versioned<Person> => p !== undefined);
    if (people.length === 0) {
      return messageAnswer(
        'Person not found',
        ["Sorry, I don't know that person, so I can't find their actions."],
        [{ label: allLabel, text: everyone }],
      );
    }
    if (people.length > 1) {
      const prefix = q.overdue ? 'overdue actions' : q.completed ? 'completed actions' : 'actions';
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
  const completed = q.completed === true;
  const built = await actionRows(ctx, completed);
  // The committee's rows (or all, outside a committee), with their grouping kept with the rows.
  const { all: rows, grouped } = ctx.committeeId ? committeeRows(built, ctx.committeeId) : built;
  const filtered = Boolean(q.actionOrigin || q.overdue || q.date || person);
  const matching = !filtered
    ? rows
    : rows.filter((r) => {
        if (q.actionOrigin && r.origin !== q.actionOrigin) return false;
        if (q.overdue && !rowOverdue(r, today)) return false;
        if (q.date && !(r.meetingDate !== null && r.meetingDate >= q.date.from && r.meetingDate <= q.date.to)) return false;
        if (person && !concerns(r.action, person)) return false;
        return true;
      });
  // Unfiltered ("open actions"), the grouping is the one kept.
  const sortedRows = matching.length === rows.length ? grouped : groupedBySource(matching);

  // Describe the search in words, for the card title and for "nothing matched".
  const kind = completed ? 'completed actions' : q.overdue ? 'overdue actions' : 'open actions';
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
      completed ? 'No completed actions match' : 'No open actions match',
      [
        `I looked for ${described}${details.length > 0 ? ` (${details.join('; ')})` : ''} and found none.`,
        completed ? 'Open actions are not listed.' : 'Completed actions are not listed.',
      ],
      q.self || person || q.overdue || q.date || q.actionOrigin ? [{ label: allLabel, text: everyone }] : [],
    );
  }

  const overdueCount = q.overdue || completed ? 0 : filtered ? countOverdue(sortedRows, today) : keptOverdue(sortedRows, today);
  const total = sortedRows.length;
  const noun = completed ? 'completed action' : q.overdue ? 'overdue action' : 'open action';
  const counted = `${plural(total, noun)}${overdueCount > 0 ? `, ${overdueCount} overdue` : ''}`;
  const view = fitPage<ActionRow, ActionsView>(
    'actions',
    sortedRows,
    q.offset,
    () => ({ verb: 'actions.more', filter: filterOf(q) }),
    (paged) => {
      const page = paged.rows.map((r) => r.action);
      const { offset, end } = paged;
      const showing = total > page.length ? `; showing ${offset + 1} to ${end}` : '';
      const hasMore = paged.view.hasMore;
      return {
        ...listView(title, `${counted}${showing}`, groupsOf(page, today, { updateButton: q.self === true })),
        hasMore,
        moreLabel: hasMore ? `Show more (${end + 1} to ${Math.min(total, end + ACTIONS_PER_CARD)} of ${total})` : '',
        more: paged.view.more as ActionsMoreData | null,
      };
    },
    ACTIONS_PER_CARD,
  );
  return { template: 'actions', view };
}

/** Consecutive actions of one list under one heading. */
export function groupsOf(actions: readonly Action[], today: string, options: { updateButton?: boolean } = {}): ActionGroupView[] {
  const groups: { title: string; items: Action[] }[] = [];
  for (const a of actions) {
    const last = groups[groups.length - 1];
    if (last && last.title === a.origin.title) last.items.push(a);
    else groups.push({ title: a.origin.title, items: [a] });
  }
  return groups.map((g) => ({
    title: shorten(g.title).text,
    source: shorten(groupSource(g.items)).text,
    actions: g.items.map((a) => itemView(a, today, options)),
  }));
}

/** An `actions` card view without paging. */
export function listView(title: string, countText: string, groups: ActionGroupView[]): ActionsView {
  return {
    summary: `${title}: ${countText}. ${groups.map((g) => `${g.title}: ${g.actions.map((a) => shorten(a.reference, 60).text).join(', ')}`).join('. ')}.`,
    title,
    countText,
    groups,
    labels: { overdue: 'Overdue', update: 'Latest update: ' },
    hasMore: false,
    moreLabel: '',
    more: null,
  };
}
