import { formatDateTime, formatShortDate, londonDate } from '../../format';
import { findDate } from '../../recognition/dates';
import { hasStarted, isUpcoming } from '../../store/meetingTime';
import type { ActionChange, ChangeBy, Versioned } from '../../store/repository';
import { type Action, type ActionStatus, type Committee, type Meeting, type Person } from '../../store/schema';
import { peopleNamed, normaliseName } from '../people/identity';
import { chooseAnswer, messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { clerkOnly, committeeOf, personLabel } from '../shared/guards';
import { meetingWhen } from '../shared/meetingWhen';
import { cleanText } from '../shared/text';
import { shorten } from '../shared/paging';
import { ownerChoices, updateRight } from './access';
import { asksForChange, parseActionChange, parseAddAction } from './commands';
import { sendToPerson } from './notify';
import { actionCard, dueText, itemView, STATUS_TEXT } from './view';

/**
 * Adding actions (clerks) and updating them (the owner, the clerk, the chair), from a command or
 * a form. Everything a card sends is checked again on arrival: the action, the right to change
 * it, and the version it showed. A change made meanwhile by someone else is never overwritten
 * blindly: the person sees it and is asked to confirm theirs. Free text is stored as typed,
 * within the limits below.
 */
export const MAX_ACTION_TEXT = 1000;
export const MAX_NOTE = 1000;
export const MAX_REASON = 500;
export const MAX_MINUTE = 20;
export const MAX_REFERENCE = 30;

const STATUSES: ActionStatus[] = ['open', 'in-progress', 'complete', 'dropped'];
const RAGS = ['red', 'amber', 'green'] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function tooLong(what: string, max: number, length: number): Answer {
  return messageAnswer(`${what} too long`, [
    `Please keep the ${what.toLowerCase()} to ${max} characters (yours has ${length}). Nothing has been recorded.`,
  ]);
}

function by(ctx: QuestionContext): ChangeBy {
  return { actor: ctx.identity.actor };
}

// ---------------------------------------------------------------------------------------------
// Adding.

function clerkOnlyHere(ctx: QuestionContext, committee: Committee): Promise<Answer | null> {
  return clerkOnly(
    ctx,
    committee,
    (clerk) => `Actions are added to the ${committee.name}'s log by its clerk, ${clerk}. Nothing has been recorded.`,
  );
}

/** The meetings an action can come from: the committee's, not cancelled, latest first. */
async function actionMeetings(ctx: QuestionContext, committee: Committee): Promise<Versioned<Meeting>[]> {
  return (await ctx.records.meetings.list(committee.id)).filter((m) => m.status !== 'cancelled').reverse();
}

/** "No meeting found": nothing recorded, and the meetings ahead (and the latest held) as buttons. */
async function noMeeting(ctx: QuestionContext, committee: Committee, line: string, retry: (m: Meeting) => string): Promise<Answer> {
  const meetings = await ctx.records.meetings.list(committee.id);
  const held = meetings.filter((m) => m.status !== 'cancelled' && hasStarted(m, ctx.now)).slice(-1);
  const ahead = meetings.filter((m) => isUpcoming(m, ctx.now)).slice(0, 4);
  const offered = [...held, ...ahead];
  return messageAnswer(
    'No meeting found',
    [line, 'Nothing has been recorded.', offered.length > 0 ? 'These are the latest and the coming meetings:' : 'No meeting is on record.'],
    offered.map((m) => ({ label: meetingWhen(m), text: retry(m) })),
  );
}

/** The people among `pool` a command names: by full name (titles ignored), else by surname. */
function namedPerson(pool: readonly Person[], name: string): Person[] {
  const exact = peopleNamed(pool, name);
  if (exact.length > 0) return exact;
  const wanted = normaliseName(name);
  return pool.filter((p) => normaliseName(p.name).split(' ').slice(-1)[0] === wanted);
}

/** "add action for the 12 September meeting: ..., owner Janet Simon, due 30 October" */
export async function addActionCommand(ctx: QuestionContext, text: string): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerkOnlyHere(ctx, committee);
  if (refused) return refused;
  const args = parseAddAction(text, ctx.now);
  if (!args.text) return actionForm(ctx, {});

  const retry = (m: Meeting) =>
    `${text.replace(/^(.*?\baction\b)\s*(?:for|from|at)?\s*(?:the\s+)?.*?\bmeeting\b\s*[,:-]?\s*/i, `$1 for the ${formatShortDate(m.date)} meeting: `)}`;
  if (!args.meeting) {
    return noMeeting(
      ctx,
      committee,
      'Say which meeting the action comes from, for example "add action for the 12 September meeting: ...".',
      (m) => `${text.replace(/^(.*?\baction\b)\s*:?\s*/i, `$1 for the ${formatShortDate(m.date)} meeting: `)}`,
    );
  }
  const meetings = await actionMeetings(ctx, committee);
  let matching: Versioned<Meeting>[];
  if (args.meeting.relative === 'last') matching = meetings.filter((m) => m.date <= londonDate(ctx.now)).slice(0, 1);
  else if (args.meeting.relative === 'next') matching = meetings.filter((m) => m.date >= londonDate(ctx.now)).slice(-1);
  else if (args.meeting.date) {
    const { from, to } = args.meeting.date;
    matching = meetings.filter((m) => m.date >= from && m.date <= to);
  } else matching = [];
  if (matching.length === 0) {
    return noMeeting(
      ctx,
      committee,
      `I could not find a meeting of the ${committee.name} on "${shorten(args.meeting.text, 60).text}".`,
      retry,
    );
  }
  if (matching.length > 1) {
    return chooseAnswer(
      'Which meeting?',
      'More than one meeting matches. Which one does the action come from?',
      matching.map((m) => ({ label: meetingWhen(m), text: retry(m) })),
    );
  }
  const meeting = matching[0]!;

  const choices = await ownerChoices(ctx.records, committee);
  let owner: Person | null = null;
  if (args.owner) {
    const found = namedPerson(choices, args.owner);
    if (found.length === 0) {
      return messageAnswer('Owner not found', [
        `"${shorten(args.owner, 80).text}" is not one of the committee's members or the officers linked to it, so nothing has been recorded.`,
        'Say "add action" for the form, which lists them.',
      ]);
    }
    if (found.length > 1) {
      return chooseAnswer(
        'Which owner?',
        'More than one person has that name. Who owns the action?',
        found.map((p) => ({ label: personLabel(p), text: text.replace(args.owner!, p.name) })),
      );
    }
    owner = found[0]!;
  }
  let requestedBy: Action['requestedBy'] = null;
  if (args.requestedBy) {
    const members = choices.filter((p) => committee.membership.some((m) => m.personId === p.id));
    const found = namedPerson(members, args.requestedBy);
    requestedBy = found.length === 1 ? { personId: found[0]!.id, name: personLabel(found[0]) } : { name: cleanText(args.requestedBy, 120) };
  }
  let due: string | null = null;
  let dueWords: string | null = null;
  if (args.due) {
    const found = findDate(args.due, ctx.now, 'future');
    if (!found) {
      return messageAnswer('Due date not understood', [
        `I could not read "${shorten(args.due, 60).text}" as a date, so nothing has been recorded. Try for example "due 30 October".`,
      ]);
    }
    due = found.entity.to;
    dueWords = found.entity.from !== found.entity.to ? found.entity.text : null;
  }
  return addAction(ctx, committee, {
    meeting,
    text: args.text,
    minute: args.minute,
    reference: args.reference,
    owner,
    requestedBy,
    due,
    dueText: dueWords,
  });
}

interface AddInput {
  meeting: Meeting;
  text: string;
  minute: string | null;
  reference: string | null;
  owner: Person | null;
  requestedBy: Action['requestedBy'];
  due: string | null;
  dueText: string | null;
}

async function addAction(ctx: QuestionContext, committee: Committee, input: AddInput): Promise<Answer> {
  const text = cleanText(input.text, Number.MAX_SAFE_INTEGER);
  if (!text) return messageAnswer('What is the action?', ['Say what is to be done. Nothing has been recorded.']);
  if (text.length > MAX_ACTION_TEXT) return tooLong('Action text', MAX_ACTION_TEXT, text.length);
  const minute = input.minute === null ? null : cleanText(input.minute, Number.MAX_SAFE_INTEGER);
  if (minute && minute.length > MAX_MINUTE) return tooLong('Minute number', MAX_MINUTE, minute.length);
  const reference = input.reference === null ? null : cleanText(input.reference, Number.MAX_SAFE_INTEGER) || null;
  if (reference && reference.length > MAX_REFERENCE) return tooLong('Reference', MAX_REFERENCE, reference.length);

  const result = await ctx.records.actions.add(
    {
      reference,
      origin: {
        kind: 'minutes',
        title: `Minutes of ${formatShortDate(input.meeting.date)}`,
        meetingId: input.meeting.id,
        ...(minute ? { minuteNumber: minute } : {}),
      },
      text,
      requestedBy: input.requestedBy,
      owner: input.owner ? { personId: input.owner.id, name: personLabel(input.owner) } : null,
      due: input.due,
      dueText: input.dueText,
      source: { document: 'Committee Assistant', section: `Added in Teams by ${ctx.identity.actor.name ?? 'the clerk'}` },
    },
    by(ctx),
  );
  if (!result.ok) {
    return messageAnswer('Reference already used', [
      `${reference ?? 'That reference'} is already used in the minutes of ${formatShortDate(input.meeting.date)}. References are unique within a meeting; leave it out to take the next number. Nothing has been recorded.`,
    ]);
  }
  const action = result.value;
  const notices = [`Added to the action log for the ${committee.name} meeting of ${formatShortDate(input.meeting.date)}.`];
  if (input.owner) {
    const sent = await sendToPerson(ctx.reminders, input.owner.id, ownerMessage(action, ctx.identity.actor.name ?? 'the clerk', ctx.now));
    notices.push(
      sent.outcome === 'sent'
        ? `${personLabel(input.owner)} has been told in Teams.`
        : `I could not tell ${personLabel(input.owner)} in Teams (${sent.detail ?? 'not reachable'}); please let them know.`,
    );
  }
  return actionCard(action, londonDate(ctx.now), `${action.reference} added`, notices);
}

/** What the owner of a new action is sent: the action and the buttons to update it. */
function ownerMessage(action: Versioned<Action>, from: string, now: Date): Answer {
  return actionCard(action, londonDate(now), 'You have a new action', [
    `${from} has given you this action from the ${action.origin.title.charAt(0).toLowerCase()}${action.origin.title.slice(1)}.`,
  ]);
}

/** The form: meeting, minute, text, requested by, owner, due date, reference. */
export async function actionForm(ctx: QuestionContext, prefill: Record<string, unknown>): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerkOnlyHere(ctx, committee);
  if (refused) return refused;
  const meetings = await actionMeetings(ctx, committee);
  const today = londonDate(ctx.now);
  const latestHeld = meetings.find((m) => m.date <= today) ?? meetings[meetings.length - 1];
  const owners = await ownerChoices(ctx.records, committee);
  const members = owners.filter((p) => committee.membership.some((m) => m.personId === p.id));
  const label = (p: Person) => `${personLabel(p)}${p.jobTitle ? `, ${p.jobTitle}` : ''}`;
  return {
    template: 'action-form',
    view: {
      summary: `Add an action for the ${committee.name}`,
      title: 'Add an action',
      intro: `For the ${committee.name}. The owner is told in Teams and can update the action from there.`,
      meetings: meetings.map((m) => ({ title: meetingWhen(m), value: m.id })),
      owners: owners.map((p) => ({ title: label(p), value: p.id })),
      requesters: members.map((p) => ({ title: label(p), value: p.id })),
      prefill: {
        meetingId: str(prefill.meetingId) ?? latestHeld?.id ?? '',
        minute: str(prefill.minute) ?? '',
        text: str(prefill.text) ?? '',
        requestedById: str(prefill.requestedById) ?? '',
        ownerId: str(prefill.ownerId) ?? '',
        due: str(prefill.due) ?? '',
        reference: str(prefill.reference) ?? '',
      },
      maxText: MAX_ACTION_TEXT,
      maxMinute: MAX_MINUTE,
      maxReference: MAX_REFERENCE,
    },
  };
}

/** The form's submit, checked afresh: the meeting, the owner and who is asking. */
export async function addActionFromForm(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer> {
  const meetingId = str(data.meetingId);
  const meeting = meetingId ? await ctx.records.meetings.get(meetingId) : undefined;
  // A form names its meeting; without it, only the conversation's own committee is assumed.
  const committee = await ctx.records.committees.get(meeting ? meeting.committeeId : (ctx.committeeId ?? ''));
  if (!committee) {
    return messageAnswer('Meeting not found', [
      'I could not find the meeting that form names (it may have been removed), so nothing has been recorded. Say "add action" for a fresh form.',
    ]);
  }
  const refused = await clerkOnlyHere(ctx, committee);
  if (refused) return refused;
  if (!meeting || meeting.status === 'cancelled') {
    return noMeeting(ctx, committee, 'I could not find the meeting that form names (it may have been cancelled).', () => 'add action');
  }
  const owners = await ownerChoices(ctx.records, committee);
  const ownerId = str(data.ownerId);
  const owner = ownerId ? owners.find((p) => p.id === ownerId) : undefined;
  if (ownerId && !owner) {
    return messageAnswer('Owner not found', [
      'That owner is not one of the committee\'s members or the officers linked to it, so nothing has been recorded. Say "add action" for a fresh form.',
    ]);
  }
  const requestedById = str(data.requestedById);
  const requester = requestedById ? await ctx.records.people.get(requestedById) : undefined;
  const due = str(data.due);
  if (due && !/^\d{4}-\d{2}-\d{2}$/.test(due))
    return messageAnswer('Due date not understood', ['The due date must be a date. Nothing has been recorded.']);
  return addAction(ctx, committee, {
    meeting,
    text: str(data.text) ?? '',
    minute: str(data.minute),
    reference: str(data.reference),
    owner: owner ?? null,
    requestedBy: requester ? { personId: requester.id, name: personLabel(requester) } : null,
    due,
    dueText: null,
  });
}

// ---------------------------------------------------------------------------------------------
// Finding an action by its reference.

const key = (reference: string) => reference.trim().replace(/\s+/g, ' ').toLowerCase();

/** The actions "action 3" names: "ACTION 3" where any is so called, else the reference "3" itself. */
async function actionsCalled(ctx: QuestionContext, reference: string): Promise<Versioned<Action>[]> {
  const all = await ctx.records.actions.list();
  const wanted = key(reference);
  const called = all.filter((a) => key(a.reference) === `action ${wanted}`);
  return called.length > 0 ? called : all.filter((a) => key(a.reference) === wanted);
}

function whereFrom(action: Action): string {
  return `${action.reference}: ${shorten(action.origin.title, 60).text} (${shorten(action.text, 50).text})`;
}

// ---------------------------------------------------------------------------------------------
// Updating.

/** What someone asks to change; unchecked (from a command or a card). */
interface UpdateRequest {
  status?: unknown;
  rag?: unknown;
  note?: unknown;
  due?: unknown;
  dueReason?: unknown;
}

/** "action 3 done", "update action 1.1: presented to the board", "action 2 will be late, new date 30 November" */
export async function actionCommand(ctx: QuestionContext, text: string): Promise<Answer> {
  const args = parseActionChange(text);
  if (!args) {
    return messageAnswer('Which action?', [
      'Name the action by its reference, for example "action 3 done" or "update action 1.1: presented to the board".',
    ]);
  }
  const found = await actionsCalled(ctx, args.reference);
  if (found.length === 0) {
    return messageAnswer(
      'Action not found',
      [
        `I could not find an action called "${shorten(args.reference, 30).text}", so nothing has been changed.`,
        'Ask for "open actions" to see the references.',
      ],
      [{ label: 'Open actions', text: 'open actions' }],
    );
  }
  let due: string | undefined;
  if (args.due !== undefined) {
    const date = findDate(args.due, ctx.now, 'future');
    if (!date) {
      return messageAnswer('New date not understood', [
        `I could not read "${shorten(args.due, 60).text}" as a date, so nothing has been changed.`,
      ]);
    }
    due = date.entity.to;
  }
  const request: UpdateRequest = { status: args.status, rag: args.rag, note: args.note, due, dueReason: args.dueReason };
  if (found.length > 1) {
    return {
      template: 'action-choose',
      view: {
        summary: `Which action ${args.reference}? ${found.map(whereFrom).join('; ')}`,
        title: 'Which action?',
        question: `More than one list has an action ${shorten(args.reference, 30).text}. Which one do you mean?`,
        options: found.map((a) => ({
          label: whereFrom(a),
          data: asksForChange(args)
            ? { verb: 'actions.update', actionId: a.id, version: a.version, ...definedOnly(request) }
            : { verb: 'actions.show', actionId: a.id },
        })),
      },
    };
  }
  const action = found[0]!;
  if (!asksForChange(args)) return showAction(ctx, action.id);
  return updateAction(ctx, action.id, action.version, request);
}

function definedOnly(request: UpdateRequest): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
}

/** One action with its history; the buttons when the asker may update it. */
export async function showAction(ctx: QuestionContext, actionId: unknown, title?: string, notices: string[] = []): Promise<Answer> {
  const action = typeof actionId === 'string' ? await ctx.records.actions.get(actionId) : undefined;
  if (!action) return messageAnswer('Action not found', ['I could not find that action. Ask for "open actions" for a fresh list.']);
  const right = await updateRight(ctx.records, ctx.identity, action, ctx.committeeId);
  return actionCard(action, londonDate(ctx.now), title ?? action.reference, notices, right.kind === 'ok');
}

/** The Update form for an action; `notices` and `prefill` when asking again. */
export async function updateForm(
  ctx: QuestionContext,
  actionId: unknown,
  again?: { notices: string[]; prefill: Record<string, string> },
): Promise<Answer> {
  const action = typeof actionId === 'string' ? await ctx.records.actions.get(actionId) : undefined;
  if (!action) return messageAnswer('Action not found', ['I could not find that action. Ask for "my actions" for a fresh list.']);
  const right = await updateRight(ctx.records, ctx.identity, action, ctx.committeeId);
  if (right.kind !== 'ok') return messageAnswer(right.title, right.lines);
  const item = itemView(action, londonDate(ctx.now));
  const lines = [...item.lines];
  if (action.update) lines.push({ label: 'Latest update: ', value: item.update });
  return {
    template: 'action-update-form',
    view: {
      summary: `Update ${action.reference}: ${shorten(action.text, 200).text}`,
      title: again ? `Confirm your update to ${action.reference}` : `Update ${action.reference}`,
      notices: (again?.notices ?? []).map((text) => ({ text })),
      reference: item.reference,
      text: item.text,
      lines,
      statuses: STATUSES.map((s) => ({ title: STATUS_TEXT[s], value: s })),
      rags: [{ title: 'Not rated', value: 'none' }, ...RAGS.map((r) => ({ title: r[0]!.toUpperCase() + r.slice(1), value: r }))],
      prefill: again?.prefill ?? {
        status: action.status,
        rag: action.rag ?? 'none',
        note: '',
        due: action.due ?? '',
        dueReason: '',
      },
      maxNote: MAX_NOTE,
      maxReason: MAX_REASON,
      submitLabel: again ? 'Confirm my update' : 'Save update',
      submitData: { verb: 'actions.update', actionId: action.id, version: action.version },
    },
  };
}

/** The latest `count` changes to an action, in words (what someone else changed meanwhile). */
function latestChanges(action: Action, count: number): string[] {
  const entries = (action.history ?? []).slice(-Math.max(1, count));
  if (entries.length === 0) return [];
  return entries.map((h) => {
    const parts: string[] = [];
    if (h.status) parts.push(`status ${STATUS_TEXT[h.status].toLowerCase()}`);
    if (h.rag !== undefined) parts.push(h.rag ? `RAG ${h.rag}` : 'RAG cleared');
    if (h.due !== undefined) parts.push(`due ${h.due ? formatShortDate(h.due) : 'none'}`);
    if (h.note !== undefined) parts.push(`note "${shorten(h.note, 200).text}"`);
    return `${h.by.name ?? 'Someone'} changed it on ${formatDateTime(new Date(h.at))}: ${parts.join(', ') || 'details'}.`;
  });
}

/**
 * Checks and records an update. `expectedVersion` is the version the person saw (the card's,
 * or the one just read for a command); `confirmed` is true when the person has been shown a
 * change made meanwhile and saves theirs anyway.
 */
export async function updateAction(
  ctx: QuestionContext,
  actionId: unknown,
  expectedVersion: unknown,
  request: UpdateRequest,
): Promise<Answer> {
  const action = typeof actionId === 'string' ? await ctx.records.actions.get(actionId) : undefined;
  if (!action)
    return messageAnswer('Action not found', [
      'I could not find that action, so nothing has been changed. Ask for "open actions" for a fresh list.',
    ]);
  const right = await updateRight(ctx.records, ctx.identity, action, ctx.committeeId);
  if (right.kind !== 'ok') return messageAnswer(right.title, right.lines);

  // Read and check what was asked: nothing a card sends is trusted.
  const change: ActionChange = {};
  const status = str(request.status);
  if (status !== null) {
    if (!STATUSES.includes(status as ActionStatus))
      return messageAnswer('Status not understood', ['The status must be open, in progress, done or dropped. Nothing has been changed.']);
    change.status = status as ActionStatus;
  }
  const rag = str(request.rag);
  if (rag !== null) {
    if (rag !== 'none' && !RAGS.includes(rag as (typeof RAGS)[number]))
      return messageAnswer('RAG not understood', ['The RAG rating must be red, amber or green. Nothing has been changed.']);
    change.rag = rag === 'none' ? null : (rag as (typeof RAGS)[number]);
  }
  const noteText = str(request.note);
  if (noteText !== null) {
    const note = cleanText(noteText, Number.MAX_SAFE_INTEGER);
    if (note.length > MAX_NOTE) return tooLong('Progress note', MAX_NOTE, note.length);
    if (note) change.note = note;
  }
  const due = str(request.due);
  const reasonText = str(request.dueReason);
  const reason = reasonText === null ? '' : cleanText(reasonText, Number.MAX_SAFE_INTEGER);
  if (reason.length > MAX_REASON) return tooLong('Reason', MAX_REASON, reason.length);
  if (due !== null && due !== action.due) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(due)))
      return messageAnswer('Due date not understood', ['The new due date must be a date. Nothing has been changed.']);
    if (!reason) {
      return messageAnswer('Why the new date?', [
        `Please give a reason for moving ${action.reference} to ${formatShortDate(due)}, for example "action ${action.reference.replace(/^action\s+/i, '')} will be late, new date ${formatShortDate(due)}". Nothing has been changed.`,
      ]);
    }
    change.due = due;
    change.dueReason = reason;
  }

  const version = typeof expectedVersion === 'number' && Number.isInteger(expectedVersion) ? expectedVersion : null;
  if (version === null)
    return messageAnswer('That button no longer works', [
      'The card it was on may be out of date. Ask for the action again to get a fresh card. Nothing has been changed.',
    ]);
  const result = version === action.version ? await ctx.records.actions.update(action.id, version, change, by(ctx)) : null;
  if (result === null || (!result.ok && result.error.kind === 'stale')) {
    // Someone changed the action since this person saw it: show them what, and ask again.
    const current = (await ctx.records.actions.get(action.id)) ?? action;
    const meanwhile = latestChanges(current, current.version - version);
    return updateForm(ctx, current.id, {
      notices: [
        `${current.reference} was changed after you opened it, so your update has not been saved yet.`,
        ...meanwhile,
        'Check your update below (your values are kept) and press "Confirm my update" to save it.',
      ],
      prefill: {
        status: change.status ?? current.status,
        rag: change.rag === undefined ? (current.rag ?? 'none') : (change.rag ?? 'none'),
        note: change.note ?? '',
        due: change.due ?? current.due ?? '',
        dueReason: change.dueReason ?? '',
      },
    });
  }
  if (!result.ok) return messageAnswer('Action not found', ['I could not find that action, so nothing has been changed.']);
  const updated = result.value;
  if (updated.version === action.version) {
    return actionCard(updated, londonDate(ctx.now), `${updated.reference}: nothing to change`, [
      'Your update matches what is recorded, so nothing has been changed.',
    ]);
  }
  const notices: string[] = [];
  if (change.status === 'complete') notices.push('Done: it has left the open actions and is listed in "completed actions".');
  if (change.due) notices.push(`New due date ${dueText(updated)}.`);
  return actionCard(updated, londonDate(ctx.now), `${updated.reference} updated`, notices);
}
