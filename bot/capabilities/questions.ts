import type { Entities, Intent } from '../recognition/types';
import { recognise } from '../recognition/recognise';
import { chooseAnswer, messageAnswer, type Answer } from './answer';
import type { QuestionContext } from './context';
import { resolveCommittee } from './committees';
import { helpView } from './help';
import { agenda, nextMeeting, withMeeting } from './meetings';
import { clerk, membership } from './membership';
import { workProgramme } from './workProgramme';
import { indicator, listIndicators } from './indicators';
import { openActions } from './actions';
import { apologyForm, listApologies, sendApologies, withdrawApologies } from './apologies';
import { declarationForm, declareInterest, listDeclarations, withdrawDeclaration } from './declarations';
import { listMore } from './listMore';
import { fullText } from './fullText';
import { minutesText } from './minutesText';
import { personLabel } from './records';
import { formatShortDate } from '../format';
import { linkChannel, unlinkChannel } from './conversations';
import { addAgendaItem, addMeeting, confirmAgendaItem, agendaDeadlines, cancelMeeting, moveMeeting, publishAgenda, recordUrgencyReason } from './meetingAdmin';
import { cancelReminders, postAgendaReminder, scheduleReminders } from './reminders';
import { decideLinkRequest, unlinkPerson, whoIsLinked } from './links';
import { parseAddAgendaItem, parseAddMeeting, parseCancelMeeting, parseMoveMeeting, parseReminderSchedule } from '../recognition/commands';

/**
 * The question table: one handler per intent, each a call into one capability. A future
 * model-backed planner can call `QUESTIONS[intent](ctx, entities)` directly.
 */
/** `text` is the message as typed (commands read their arguments from it). */
type Handler = (ctx: QuestionContext, e: Entities, text: string) => Answer | Promise<Answer>;

const help: Handler = (ctx) => ({
  template: 'welcome',
  view: helpView({ welcome: false, councilName: ctx.repo.councilName(), clerk: ctx.identity.isClerk }),
});

export const QUESTIONS: Record<Intent, Handler> = {
  help,
  greeting: help,
  nextMeeting: (ctx, e) => nextMeeting(ctx, { date: e.date, relative: e.relative }),
  agenda: (ctx, e) => agenda(ctx, { date: e.date, relative: e.relative, itemNumber: e.itemNumber }),
  indicator: (ctx, e) => indicator(ctx, { indicatorId: e.indicatorId }),
  listIndicators: (ctx) => listIndicators(ctx, {}),
  openActions: (ctx, e) =>
    openActions(ctx, { personIds: e.personIds, self: e.self, date: e.date, overdue: e.overdue, actionOrigin: e.actionOrigin }),
  membership: (ctx, e) => membership(ctx, { part: e.membershipPart }),
  workProgramme: (ctx, e) => workProgramme(ctx, { date: e.date, relative: e.relative }),
  clerk: (ctx) => clerk(ctx),
  sendApologies: (ctx, e) => {
    const person = onePerson(ctx, e.onBehalfOfIds, 'send apologies on behalf of');
    if (person.kind === 'choose') return person.answer;
    const substitute = onePerson(ctx, e.substituteIds, 'send my apologies, substitute');
    if (substitute.kind === 'choose') return substitute.answer;
    return withMeeting(
      ctx,
      e,
      (meeting) => sendApologies(ctx, { meetingId: meeting.id, onBehalfOf: person.id, reason: e.reason, substituteId: substitute.id }),
      (meeting) => `send my apologies for ${formatShortDate(meeting.date)}`,
    );
  },
  withdrawApologies: (ctx, e) => {
    const person = onePerson(ctx, e.onBehalfOfIds, 'withdraw apologies on behalf of');
    if (person.kind === 'choose') return person.answer;
    return withMeeting(
      ctx,
      e,
      (meeting) => withdrawApologies(ctx, { meetingId: meeting.id, onBehalfOf: person.id }),
      (meeting) => `withdraw my apologies for ${formatShortDate(meeting.date)}`,
    );
  },
  listApologies: (ctx, e) =>
    withMeeting(ctx, e, (meeting) => listApologies(ctx, meeting), (m) => `apologies for ${formatShortDate(m.date)}`, { includePast: true }),
  declareInterest: (ctx, e) =>
    withMeeting(
      ctx,
      e,
      (meeting) => declarationForm(ctx, meeting.id, { itemNumber: e.itemNumber, kind: e.interestKind, nature: e.reason }),
      (m) => `declare an interest for ${formatShortDate(m.date)}${e.itemNumber ? ` item ${e.itemNumber}` : ''}`,
    ),
  withdrawDeclaration: (ctx, e) => {
    const person = onePerson(ctx, e.onBehalfOfIds, 'withdraw declaration on behalf of');
    if (person.kind === 'choose') return person.answer;
    return withMeeting(
      ctx,
      e,
      (meeting) => withdrawDeclaration(ctx, { meetingId: meeting.id, itemNumber: e.itemNumber, onBehalfOf: person.id }),
      (m) => `withdraw my declaration for ${formatShortDate(m.date)}${e.itemNumber ? ` item ${e.itemNumber}` : ''}`,
    );
  },
  listDeclarations: (ctx, e) =>
    withMeeting(ctx, e, (meeting) => listDeclarations(ctx, meeting, false), (m) => `declarations for ${formatShortDate(m.date)}`, { includePast: true }),
  myDeclarations: (ctx, e) =>
    withMeeting(ctx, e, (meeting) => listDeclarations(ctx, meeting, true), (m) => `my declarations for ${formatShortDate(m.date)}`, { includePast: true }),
  minutesText: (ctx, e) =>
    withMeeting(ctx, e, (meeting) => minutesText(ctx, meeting), (m) => `minutes text for ${formatShortDate(m.date)}`, { includePast: true }),
  linkChannel: (ctx, e) => linkChannel(ctx, e.committeeId),
  unlinkChannel: (ctx) => unlinkChannel(ctx),
  addMeeting: (ctx, _e, text) => {
    const args = parseAddMeeting(text, ctx.now);
    return addMeeting(ctx, { committeeId: ctx.committeeId, date: args.when?.date, time: args.when?.time, venue: args.venue, doubts: args.when?.doubts });
  },
  moveMeeting: (ctx, _e, text) => {
    const args = parseMoveMeeting(text, ctx.now);
    if (!args.to && !args.venue) return messageAnswer('Where to?', ['For example: move the 16 November meeting to 23 November at 6.30pm.']);
    return moveMeeting(ctx, { from: args.from, date: args.to?.date, time: args.to?.time, venue: args.venue, doubts: args.to?.doubts });
  },
  cancelMeeting: (ctx, _e, text) => cancelMeeting(ctx, parseCancelMeeting(text, ctx.now)),
  publishAgenda: (ctx, e) => publishAgenda(ctx, { when: e.date ? { date: e.date.from, time: null, text: e.date.text, doubts: [] } : null }),
  addAgendaItem: (ctx, _e, text) => addAgendaItem(ctx, parseAddAgendaItem(text, ctx.now)),
  agendaDeadlines: (ctx) => agendaDeadlines(ctx),
  postReminder: (ctx, _e, text) => postAgendaReminder(ctx, ctx.reminders, { includeMembers: /\bmembers\b|\beveryone\b/i.test(text) }),
  scheduleReminders: (ctx, _e, text) => scheduleReminders(ctx, parseReminderSchedule(text)),
  cancelReminders: (ctx) => cancelReminders(ctx),
  whoIsLinked: (ctx) => whoIsLinked(ctx),
  unlinkPerson: (ctx, e, text) => unlinkPerson(ctx, e.personIds, text),
};

/** A person named in the text: none, exactly one, or "which did you mean?". */
function onePerson(
  ctx: QuestionContext,
  ids: string[] | undefined,
  prefix: string,
): { kind: 'one'; id: string | undefined } | { kind: 'choose'; answer: Answer } {
  if (!ids || ids.length === 0) return { kind: 'one', id: undefined };
  if (ids.length === 1) return { kind: 'one', id: ids[0] };
  return {
    kind: 'choose',
    answer: chooseAnswer(
      'Which person?',
      'More than one person matches that name. Which one do you mean?',
      ids.map((id) => {
        const name = personLabel(ctx.repo.person(id));
        return { label: name, text: `${prefix} ${name}` };
      }),
    ),
  };
}

/** Intents that are about one committee: the committee is settled before the handler runs. */
const COMMITTEE_INTENTS = new Set<Intent>([
  'nextMeeting', 'agenda', 'membership', 'workProgramme', 'clerk', 'sendApologies', 'withdrawApologies',
  'listApologies', 'declareInterest', 'withdrawDeclaration', 'listDeclarations', 'myDeclarations', 'minutesText',
  'addMeeting', 'moveMeeting', 'cancelMeeting', 'publishAgenda', 'addAgendaItem', 'postReminder', 'scheduleReminders',
  'cancelReminders',
]);

export async function answerQuestion(ctx: QuestionContext, text: string): Promise<Answer> {
  if (text.trim() === '') {
    return messageAnswer('I did not catch a question', ['Your message was empty. Try one of these, or type "help".'], [
      { label: 'Next meeting', text: 'When is the next meeting?' },
      { label: 'Open actions', text: 'Open actions' },
      { label: 'Help', text: 'help' },
    ]);
  }
  const recognition = recognise(text, { now: ctx.now, data: ctx.repo.store.read((d) => d) });
  if (recognition.kind === 'unknown') {
    return chooseAnswer('Sorry, I did not understand that', 'Did you mean one of these?', recognition.suggestions);
  }
  const { intent, entities } = recognition;
  let scoped = ctx;
  if (COMMITTEE_INTENTS.has(intent)) {
    const choice = resolveCommittee(ctx.repo, { namedId: entities.committeeId, linkedId: ctx.committeeId, personId: ctx.personId });
    if (choice.kind === 'choose') {
      return chooseAnswer(
        'Which committee?',
        'More than one committee could be meant. Which one?',
        choice.committees.map((c) => ({ label: c.name, text: `${text} (${c.name})` })),
      );
    }
    scoped = { ...ctx, committeeId: choice.committee.id };
  }
  return QUESTIONS[intent](scoped, entities, text);
}

/**
 * Card buttons that carry data. Each names a verb; anything else (an old card, a tampered
 * payload) gets a polite message and changes nothing.
 */
export async function answerSubmit(ctx: QuestionContext, value: unknown): Promise<Answer> {
  const data = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const verb = typeof data.verb === 'string' ? data.verb : '';
  // Own keys only: a verb such as "constructor" must not find Object.prototype's.
  const handler = Object.hasOwn(SUBMITS, verb) ? SUBMITS[verb] : undefined;
  if (!handler) return staleButton();
  return handler(ctx, data);
}

type SubmitHandler = (ctx: QuestionContext, data: Record<string, unknown>) => Answer | Promise<Answer>;

const SUBMITS: Record<string, SubmitHandler> = {
  'actions.more': (ctx, data) => {
    const filter = typeof data.filter === 'object' && data.filter !== null ? (data.filter as Record<string, unknown>) : {};
    return openActions(ctx, { ...sanitiseActionFilter(filter), offset: nonNegativeInt(data.offset) });
  },
  'list.more': (ctx, data) => listMore(ctx, data) ?? staleButton(),
  'text.full': (ctx, data) => fullText(ctx, data),
  'declaration.withdraw': (ctx, data) => withdrawDeclaration(ctx, { declarationId: typeof data.declarationId === 'string' ? data.declarationId : '' }),
  'indicators.more': (ctx, data) => listIndicators(ctx, { offset: nonNegativeInt(data.offset) }),
  'apologies.form': (ctx, data) => apologyForm(ctx, data.meetingId),
  'apologies.submit': (ctx, data) =>
    sendApologies(ctx, { meetingId: data.meetingId, onBehalfOf: data.onBehalfOf, reason: data.reason, substituteId: data.substituteId }),
  'apologies.withdraw': (ctx, data) => withdrawApologies(ctx, { meetingId: data.meetingId, onBehalfOf: data.onBehalfOf }),
  'declaration.form': (ctx, data) => declarationForm(ctx, data.meetingId),
  'meeting.add': (ctx, data) => addMeeting(ctx, { committeeId: data.committeeId, date: data.date, time: data.time, venue: data.venue }),
  'meeting.move': (ctx, data) => moveMeeting(ctx, { meetingId: data.meetingId, date: data.date, time: data.time || null, venue: data.venue }),
  'agendaItem.add': (ctx, data) => confirmAgendaItem(ctx, data),
  'agendaItem.urgency': (ctx, data) => recordUrgencyReason(ctx, { meetingId: data.meetingId, number: data.number, reason: data.reason }),
  'link.confirm': (ctx, data) => decideLinkRequest(ctx, data.requestId, 'confirm'),
  'link.reject': (ctx, data) => decideLinkRequest(ctx, data.requestId, 'reject'),
  'declaration.submit': (ctx, data) =>
    declareInterest(ctx, {
      meetingId: data.meetingId,
      itemNumber: data.itemNumber,
      kind: data.kind,
      nature: data.nature,
      onRegister: data.onRegister,
      onBehalfOf: data.onBehalfOf,
    }),
};

export function staleButton(): Answer {
  return messageAnswer('That button no longer works', [
    'The card it was on may be out of date. Ask the question again to get a fresh card.',
  ]);
}

function nonNegativeInt(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : 0;
  return Number.isInteger(n) && n >= 0 && n < 100_000 ? n : 0;
}

/** Only the known filter fields, with the right types, survive a round trip through a card. */
function sanitiseActionFilter(filter: Record<string, unknown>) {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : undefined);
  const date = filter.date as { from?: unknown; to?: unknown; text?: unknown } | undefined;
  return {
    personIds: strings(filter.personIds),
    self: filter.self === true,
    overdue: filter.overdue === true,
    actionOrigin: filter.actionOrigin === 'minutes' ? ('minutes' as const) : filter.actionOrigin === 'plan' ? ('plan' as const) : undefined,
    date:
      date && typeof date.from === 'string' && typeof date.to === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date.from) && /^\d{4}-\d{2}-\d{2}$/.test(date.to)
        ? { from: date.from, to: date.to, text: typeof date.text === 'string' ? date.text.slice(0, 50) : '' }
        : undefined,
  };
}
