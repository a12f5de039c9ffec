import type { CardViewModel } from '../../cards/render';
import { formatDateTime, formatShortDate } from '../../format';
import type { Versioned } from '../../store/repository';
import { isOpenAction, type Action, type ActionHistoryEntry, type ActionStatus } from '../../store/schema';
import type { Answer } from '../shared/answer';
import { fullTextData, shorten } from '../shared/paging';

/**
 * How an action reads on a card: in a list (actions.ts) and on its own with its history (the
 * `action` card). Text people typed is shown as typed, in text runs (never as Markdown).
 */

export const STATUS_TEXT: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  complete: 'Done',
  dropped: 'Dropped',
};

export interface ActionLine {
  label: string;
  value: string;
}

export interface ActionItemView {
  reference: string;
  text: string;
  lines: ActionLine[];
  /** "RAG: Red" ...; empty when the source gives no RAG rating. */
  ragText: string;
  ragColour: 'Attention' | 'Warning' | 'Good' | 'Default';
  overdue: boolean;
  update: string;
  /** " (by Janet Simon, on Tuesday 5 September 2023, 9.00 am)" when the update was made in Teams. */
  updateBy: string;
  /** "Full text" button data when the text or update is shortened on the card. */
  fullText: Record<string, unknown> | null;
  fullUpdate: Record<string, unknown> | null;
  /** The "Update" button's data (on "my actions" and in chasing messages), else null. */
  updateButton: Record<string, unknown> | null;
}

const RAG: Record<NonNullable<Action['rag']>, { text: string; colour: ActionItemView['ragColour'] }> = {
  red: { text: 'RAG: Red', colour: 'Attention' },
  amber: { text: 'RAG: Amber', colour: 'Warning' },
  green: { text: 'RAG: Green', colour: 'Good' },
};

export function isOverdue(action: Action, today: string): boolean {
  return isOpenAction(action) && action.due !== null && action.due < today;
}

/** A date written as digits ("31/10/23") adds nothing to the formatted date; words do. */
export function dueText(action: Pick<Action, 'due' | 'dueText'>): string {
  if (action.due) {
    const formatted = formatShortDate(action.due);
    const written = action.dueText?.trim();
    return written && !/^[\d/.\-\s]+$/.test(written) && written !== formatted ? `${formatted} (${written})` : formatted;
  }
  return action.dueText?.trim() || 'not recorded';
}

/** The latest history entry with a progress note: who wrote it and when. */
function latestNote(action: Action): ActionHistoryEntry | undefined {
  return [...(action.history ?? [])].reverse().find((h) => h.note !== undefined);
}

export function updateButtonData(action: Pick<Action, 'id'>): Record<string, unknown> {
  return { verb: 'actions.updateForm', actionId: action.id };
}

export function referenceText(action: Action): string {
  return shorten(action.origin.minuteNumber ? `${action.reference} (minute ${action.origin.minuteNumber})` : action.reference, 120).text;
}

export function itemView(action: Action, today: string, options: { updateButton?: boolean } = {}): ActionItemView {
  const rag = action.rag ? RAG[action.rag] : null;
  const text = shorten(action.text);
  const update = shorten(action.update ?? '');
  const note = latestNote(action);
  const lines: ActionLine[] = [
    { label: 'Asked by: ', value: shorten(action.requestedBy?.name ?? 'not recorded', 120).text },
    { label: 'Owner: ', value: shorten(action.owner?.name ?? 'not recorded', 120).text },
    { label: 'Due: ', value: shorten(dueText(action), 120).text },
  ];
  if (action.status !== 'open') lines.push({ label: 'Status: ', value: STATUS_TEXT[action.status] });
  return {
    reference: referenceText(action),
    text: text.text,
    fullText: text.shortened ? fullTextData('action', action.id, 'text') : null,
    lines,
    ragText: rag?.text ?? '',
    ragColour: rag?.colour ?? 'Default',
    overdue: isOverdue(action, today),
    update: update.text,
    updateBy:
      note && note.note === action.update
        ? ` (by ${shorten(note.by.name ?? 'someone', 120).text}, on ${formatDateTime(new Date(note.at))})`
        : '',
    fullUpdate: update.shortened ? fullTextData('action', action.id, 'update') : null,
    updateButton: options.updateButton && isOpenAction(action) ? updateButtonData(action) : null,
  };
}

export interface HistoryLineView {
  when: string;
  who: string;
  what: string;
  note: string;
}

/** What one history entry changed, in words. */
function describeEntry(h: ActionHistoryEntry): string {
  const parts: string[] = [];
  if (h.kind === 'added') parts.push('Added');
  if (h.status !== undefined && h.kind !== 'added') parts.push(`status ${STATUS_TEXT[h.status].toLowerCase()}`);
  if (h.rag !== undefined) parts.push(h.rag ? `RAG ${h.rag}` : 'RAG cleared');
  if (h.owner !== undefined && h.owner !== null) parts.push(`owner ${h.owner.name}`);
  if (h.due !== undefined) {
    const due = h.due ? formatShortDate(h.due) : 'none';
    parts.push(h.kind === 'added' ? `due ${due}` : `due date moved to ${due}${h.dueReason ? ` (reason: ${h.dueReason})` : ''}`);
  }
  if (h.note !== undefined && parts.length === 0) parts.push('progress note');
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const HISTORY_ON_CARD = 10;

export interface ActionCardView extends CardViewModel {
  title: string;
  notices: { text: string }[];
  listTitle: string;
  item: ActionItemView;
  latest: string;
  historyTitle: string;
  history: HistoryLineView[];
  buttons: { title: string; data: Record<string, unknown> }[];
}

/** One action with its latest update, its history and the buttons to update it. */
export function actionCard(action: Versioned<Action>, today: string, title: string, notices: string[] = [], canUpdate = true): Answer {
  const item = itemView(action, today);
  const entries = action.history ?? [];
  const shown = entries.slice(-HISTORY_ON_CARD).reverse();
  const history = shown.map((h) => ({
    when: formatDateTime(new Date(h.at)),
    who: shorten(h.by.name ?? 'someone', 120).text,
    what: shorten(describeEntry(h), 400).text,
    note: h.note !== undefined ? shorten(h.note).text : '',
  }));
  const note = latestNote(action);
  const latest = note ? `${shorten(note.note ?? '').text} (by ${note.by.name ?? 'someone'}, on ${formatDateTime(new Date(note.at))})` : '';
  const buttons =
    canUpdate && isOpenAction(action)
      ? [
          { title: 'Update', data: updateButtonData(action) },
          { title: 'Mark as done', data: { verb: 'actions.update', actionId: action.id, version: action.version, status: 'complete' } },
        ]
      : canUpdate
        ? [{ title: 'Update', data: updateButtonData(action) }]
        : [];
  const historyTitle =
    entries.length === 0
      ? 'No changes made in Teams yet.'
      : entries.length > shown.length
        ? `History (latest ${shown.length} of ${entries.length} changes)`
        : 'History';
  return {
    template: 'action',
    view: {
      summary: `${title}. ${action.reference}: ${shorten(action.text, 200).text}. Owner: ${action.owner?.name ?? 'not recorded'}. Due: ${dueText(action)}. Status: ${STATUS_TEXT[action.status]}.${latest ? ` Latest update: ${shorten(latest, 200).text}` : ''}`,
      title,
      notices: notices.map((text) => ({ text })),
      listTitle: shorten(action.origin.title, 200).text,
      item,
      latest,
      historyTitle,
      history,
      buttons,
    } satisfies ActionCardView,
  };
}
