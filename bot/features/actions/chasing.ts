import { formatDateTime, formatShortDate, formatTime, londonDate, londonInstant } from '../../format';
import { isUpcoming } from '../../store/meetingTime';
import type { ChaseDelivery, NewChaseSend, Versioned } from '../../store/repository';
import type { Action, ChaseSend, Committee, Meeting, Person } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { clerkOnly, committeeOf, personLabel } from '../shared/guards';
import { forEachLimited } from '../reminders/delivery';
import { groupsOf, listView } from './actions';
import { parseChase } from './commands';
import { BOT_ACTOR, sendToPerson, type PersonalMessaging } from './notify';
import { isOverdue } from './view';

/**
 * Chasing action owners: each week (Mondays at 9.00 am London time unless the clerk sets
 * another day and time) every owner with open actions gets a digest of them in their personal
 * chat, and the day before each meeting, at the same time, the committee's clerks get the
 * overdue actions per owner. Each round is recorded before anything is sent, under an id that
 * names its week (or meeting), so it never goes twice; each message is marked 'sending' before
 * it goes, and one a crash interrupted is reported as unknown, never repeated.
 */
export const DEFAULT_CHASE = { weekday: 1, at: '09:00', active: true } as const;
/** A weekly round missed for longer than this (the bot was down) is not sent late. */
const CATCH_UP_MS = 24 * 60 * 60 * 1000;
/** Actions listed in one chasing message; the rest are counted ("my actions" lists them all). */
const ACTIONS_PER_MESSAGE = 8;

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** The latest weekly firing at or before `now`, and the Monday of its week (the round's period). */
export function latestWeeklyFiring(now: Date, weekday: number, at: string): { at: Date; monday: string } {
  const today = londonDate(now);
  let date = addDays(today, -((weekdayOf(today) - weekday + 7) % 7));
  if (londonInstant(date, at).getTime() > now.getTime()) date = addDays(date, -7);
  return { at: londonInstant(date, at), monday: addDays(date, -((weekdayOf(date) + 6) % 7)) };
}

/** The next weekly firing after `now`. */
function nextWeeklyFiring(now: Date, weekday: number, at: string): Date {
  const latest = latestWeeklyFiring(now, weekday, at);
  return londonInstant(addDays(londonDate(latest.at), 7), at);
}

// ---------------------------------------------------------------------------------------------
// The clerk's commands.

function timesText(weekday: number, at: string): string {
  return `every ${WEEKDAY_NAMES[weekday]} at ${formatTime(londonInstant('2000-01-03', at))}`;
}

function clerksSetChasing(ctx: QuestionContext, committee: Committee): Promise<Answer | null> {
  return clerkOnly(ctx, committee, (clerk) => `Chasing action owners is set by the ${committee.name}'s clerk, ${clerk}.`);
}

/** "chase action owners every Monday at 9am" */
export async function chaseOwners(ctx: QuestionContext, text: string): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerksSetChasing(ctx, committee);
  if (refused) return refused;
  const args = parseChase(text);
  const weekday = args.weekday ?? DEFAULT_CHASE.weekday;
  const at = args.at ?? DEFAULT_CHASE.at;
  const existing = await ctx.records.chaseSchedules.forCommittee(committee.id);
  const result = await ctx.records.chaseSchedules.set(
    committee.id,
    existing?.version ?? null,
    { weekday, at, active: true },
    {
      actor: ctx.identity.actor,
    },
  );
  if (!result.ok)
    return messageAnswer('Please try again', [
      'The chasing schedule was changed at the same moment. Nothing has been changed; say it again.',
    ]);
  return messageAnswer('Action owners will be chased', [
    `Owners of open actions of the ${committee.name} will get a digest of their open and overdue actions in their personal chat ${timesText(weekday, at)}. The next is due on ${formatDateTime(nextWeeklyFiring(ctx.now, weekday, at))}.`,
    `The committee's clerks get a summary of overdue actions per owner at ${formatTime(londonInstant('2000-01-03', at))} the day before each meeting.`,
    'Say "stop chasing" to turn it off.',
  ]);
}

/** "stop chasing" */
export async function stopChasing(ctx: QuestionContext): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerksSetChasing(ctx, committee);
  if (refused) return refused;
  const existing = await ctx.records.chaseSchedules.forCommittee(committee.id);
  if (existing && !existing.active) {
    return messageAnswer('Chasing is already off', [
      `Action owners of the ${committee.name} are not being chased. Say "chase action owners every Monday at 9am" to start again.`,
    ]);
  }
  const times = existing ?? DEFAULT_CHASE;
  const result = await ctx.records.chaseSchedules.set(
    committee.id,
    existing?.version ?? null,
    { weekday: times.weekday, at: times.at, active: false },
    { actor: ctx.identity.actor },
  );
  if (!result.ok)
    return messageAnswer('Please try again', [
      'The chasing schedule was changed at the same moment. Nothing has been changed; say it again.',
    ]);
  return messageAnswer('Chasing stopped', [
    `Action owners of the ${committee.name} will no longer get weekly digests, and the clerks no overdue summary before meetings.`,
    'Say "chase action owners every Monday at 9am" to start again.',
  ]);
}

// ---------------------------------------------------------------------------------------------
// The rounds.

/**
 * The one committee an action is chased under, so that its owner gets one digest a week for it
 * and one clerk's summary lists it: the committee of the meeting it comes from; for an action
 * with no meeting (an action plan), the first committee (in the store's order) its owner belongs
 * to as member, substitute or clerk, else the first its requester belongs to, else the first
 * committee of all. Null only when there are no committees.
 */
export function committeeOfAction(action: Action, meetings: ReadonlyMap<string, Meeting>, committees: readonly Committee[]): string | null {
  const fromMeeting = action.origin.meetingId ? meetings.get(action.origin.meetingId)?.committeeId : undefined;
  if (fromMeeting) return fromMeeting;
  const belongsTo = (personId: string | undefined) =>
    personId === undefined
      ? undefined
      : committees.find(
          (c) => c.membership.some((m) => m.personId === personId) || c.substitutes.includes(personId) || c.clerkIds.includes(personId),
        );
  return (belongsTo(action.owner?.personId) ?? belongsTo(action.requestedBy?.personId) ?? committees[0])?.id ?? null;
}

async function openActionsOf(deps: PersonalMessaging, committeeId: string): Promise<Versioned<Action>[]> {
  const meetings = new Map((await deps.records.meetings.list()).map((m) => [m.id, m]));
  const committees = await deps.records.committees.all();
  return (await deps.records.actions.open()).filter((a) => committeeOfAction(a, meetings, committees) === committeeId);
}

async function delivery(deps: PersonalMessaging, person: Person, actionIds: string[]): Promise<ChaseDelivery> {
  const chat = await deps.records.conversations.personalChatOf(person.id);
  const reachable = chat !== undefined || Boolean(person.teamsUserId);
  return {
    conversationId: chat?.id ?? null,
    personId: person.id,
    target: personLabel(person),
    actionIds,
    ...(reachable ? { outcome: 'pending' as const } : { outcome: 'unreachable' as const, detail: 'has not used the bot in Teams yet' }),
  };
}

/** Each owner (by person id) with open actions, and those actions. */
async function weeklyDeliveries(deps: PersonalMessaging, committeeId: string): Promise<ChaseDelivery[]> {
  const byOwner = new Map<string, string[]>();
  for (const a of await openActionsOf(deps, committeeId)) {
    const id = a.owner?.personId;
    if (id) byOwner.set(id, [...(byOwner.get(id) ?? []), a.id]);
  }
  const out: ChaseDelivery[] = [];
  for (const [personId, actionIds] of byOwner) {
    const person = await deps.records.people.get(personId);
    if (person) out.push(await delivery(deps, person, actionIds));
  }
  return out.sort((a, b) => a.target.localeCompare(b.target));
}

/** The committee's clerks, each with the overdue actions. */
async function clerkDeliveries(deps: PersonalMessaging, committee: Committee, now: Date): Promise<ChaseDelivery[]> {
  const today = londonDate(now);
  const overdue = (await openActionsOf(deps, committee.id)).filter((a) => isOverdue(a, today)).map((a) => a.id);
  const out: ChaseDelivery[] = [];
  for (const id of committee.clerkIds) {
    const clerk = await deps.records.people.get(id);
    if (clerk) out.push(await delivery(deps, clerk, overdue));
  }
  return out;
}

/** A round nobody can be sent (nothing open, or no one reachable yet) is not recorded: a later tick may still start it. */
async function startRound(deps: PersonalMessaging, send: NewChaseSend): Promise<void> {
  if (!send.deliveries.some((d) => d.outcome === 'pending')) return;
  const started = await deps.records.chaseSends.start(send, BOT_ACTOR);
  if (!started.ok && started.error.kind !== 'conflict') deps.logger?.warn('could not start a chasing round', { id: send.id });
}

/** The rounds now due for one committee, recorded (not yet sent). */
async function startDueRounds(deps: PersonalMessaging, committee: Committee, now: Date): Promise<void> {
  const schedule = await deps.records.chaseSchedules.forCommittee(committee.id);
  const times = schedule ?? DEFAULT_CHASE;
  if (!times.active) return;
  // A schedule set by the clerk does not replay rounds from before it was set.
  const since = schedule ? Date.parse(schedule.createdAt) : Number.NEGATIVE_INFINITY;
  const weekly = latestWeeklyFiring(now, times.weekday, times.at);
  const weeklyId = `weekly:${committee.id}:${weekly.monday}`;
  const late = now.getTime() - weekly.at.getTime();
  if (late >= 0 && late < CATCH_UP_MS && weekly.at.getTime() >= since && !(await deps.records.chaseSends.get(weeklyId))) {
    await startRound(deps, {
      id: weeklyId,
      kind: 'weekly',
      committeeId: committee.id,
      period: weekly.monday,
      startedAt: now.toISOString(),
      deliveries: await weeklyDeliveries(deps, committee.id),
    });
  }
  for (const meeting of await deps.records.meetings.list(committee.id)) {
    if (!isUpcoming(meeting, now)) continue;
    const firing = londonInstant(addDays(meeting.date, -1), times.at);
    if (firing.getTime() > now.getTime() || firing.getTime() < since) continue;
    const id = `pre-meeting:${meeting.id}`;
    if (await deps.records.chaseSends.get(id)) continue;
    await startRound(deps, {
      id,
      kind: 'pre-meeting',
      committeeId: committee.id,
      period: meeting.id,
      startedAt: now.toISOString(),
      deliveries: await clerkDeliveries(deps, committee, now),
    });
  }
}

/** The weekly digest an owner is sent. */
function ownerDigest(actions: Versioned<Action>[], today: string): Answer {
  const open = actions.length;
  const overdue = actions.filter((a) => isOverdue(a, today)).length;
  const shown = actions.slice(0, ACTIONS_PER_MESSAGE);
  const more = open > shown.length ? `; ${open - shown.length} more in "my actions"` : '';
  const count = `${open} open action${open === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}${more}. Press Update on an action to record progress.`;
  return { template: 'actions', view: listView('Your actions: weekly reminder', count, groupsOf(shown, today, { updateButton: true })) };
}

/** The clerk's overdue summary before a meeting: overdue actions grouped by owner. */
function clerkSummary(actions: Versioned<Action>[], meeting: Meeting | undefined, committee: Committee | undefined, today: string): Answer {
  const where = meeting ? ` before the meeting on ${formatShortDate(meeting.date)}` : '';
  if (actions.length === 0) {
    return messageAnswer(`Overdue actions${where}`, [`No action of the ${committee?.name ?? 'committee'} is overdue.`]);
  }
  const byOwner = new Map<string, Versioned<Action>[]>();
  for (const a of actions) {
    const owner = a.owner?.name ?? 'No owner recorded';
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), a]);
  }
  const owners = [...byOwner.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  let budget = ACTIONS_PER_MESSAGE * 2;
  const groups = owners.map(([owner, list]) => {
    const shown = list.slice(0, Math.max(1, budget));
    budget -= shown.length;
    return {
      title: owner,
      source: `${list.length} overdue${shown.length < list.length ? ` (${shown.length} shown)` : ''}`,
      actions: groupsOf(shown, today).flatMap((g) => g.actions),
    };
  });
  const count = `${actions.length} overdue action${actions.length === 1 ? '' : 's'} across ${owners.length} owner${owners.length === 1 ? '' : 's'}: ${owners.map(([o, l]) => `${o} ${l.length}`).join('; ')}`;
  return { template: 'actions', view: listView(`Overdue actions${where}`, count, groups) };
}

/**
 * Sends a round's deliveries still pending, at Teams' pace, each marked 'sending' first; those
 * left 'sending' by a crash are marked unknown and not sent again.
 */
async function runRound(deps: PersonalMessaging, send: ChaseSend, now: Date): Promise<void> {
  const { records } = deps;
  const today = londonDate(now);
  for (const [i, d] of send.deliveries.entries()) {
    if (d.outcome !== 'sending') continue;
    await records.chaseSends.setDelivery(
      send.id,
      i,
      { outcome: 'unknown', detail: 'the bot restarted while this message was being sent; it was not sent again' },
      BOT_ACTOR,
    );
    deps.logger?.warn('chasing message interrupted by a restart; not repeated', { id: send.id, target: d.target });
  }
  const meeting = send.kind === 'pre-meeting' ? await records.meetings.get(send.period) : undefined;
  const committee = await records.committees.get(send.committeeId);
  const pending = send.deliveries.map((d, i) => ({ d, i })).filter(({ d }) => d.outcome === 'pending');
  await forEachLimited(pending, 4, async ({ d, i }) => {
    const actions = (await Promise.all(d.actionIds.map((id) => records.actions.get(id)))).filter(
      (a): a is Versioned<Action> => a !== undefined,
    );
    const answer = send.kind === 'weekly' ? ownerDigest(actions, today) : clerkSummary(actions, meeting, committee, today);
    await records.chaseSends.setDelivery(send.id, i, { outcome: 'sending' }, BOT_ACTOR);
    const sent = d.personId
      ? await sendToPerson(deps, d.personId, answer)
      : { outcome: 'unreachable' as const, detail: 'no person', conversationId: null };
    await records.chaseSends.setDelivery(
      send.id,
      i,
      { conversationId: sent.conversationId, outcome: sent.outcome, ...(sent.detail ? { detail: sent.detail } : {}) },
      BOT_ACTOR,
    );
  });
  await records.chaseSends.finish(send.id, now.toISOString(), BOT_ACTOR);
}

/**
 * One tick of the chaser: records every round now due (once each, whatever restarts happen),
 * then sends every round started and not finished.
 */
export async function runDueChasing(deps: PersonalMessaging, now: Date): Promise<ChaseSend[]> {
  for (const committee of await deps.records.committees.all()) await startDueRounds(deps, committee, now);
  const done: ChaseSend[] = [];
  for (const send of await deps.records.chaseSends.unfinished()) {
    await runRound(deps, send, now);
    const finished = await deps.records.chaseSends.get(send.id);
    if (finished) done.push(finished);
  }
  return done;
}
