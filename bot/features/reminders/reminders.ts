import { randomUUID } from 'node:crypto';
import { formatDate, formatDateTime, formatShortDate, londonInstant, TIME_ZONE } from '../../format';
import { meetingStart } from '../../store/meetingTime';
import { ok, type ChangeBy, type RecordRepositories, type Repository } from '../../store/repository';
import type { Committee, Meeting, ReminderSend, ReminderSchedule } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { rememberConversation } from '../channels/conversations';
import type { ReminderDeps } from './messenger';
import { deliver, forEachLimited, realTimer } from './delivery';
import { meetingCardFor } from '../meetings/meetings';
import { meetingWhen, substitutionDeadlineText } from '../shared/meetingWhen';
import { clerkContact, clerkOnly, committeeOf, personLabel } from '../shared/guards';
import { addDays } from 'date-fns';
import { formatInTimeZone } from 'date-fns-tz';

/**
 * Agenda reminders: to the committee's linked channel and, optionally, each member's personal
 * chat; now ("post agenda reminder") or on a schedule ("remind members 7 days and 1 day before
 * each meeting at 9am"). Scheduled reminders fire once per meeting and offset, whatever restarts
 * happen: the send record is written before any message goes.
 */

/**
 * Teams shows an error if a bot takes much more than 15 seconds to answer, and a large list
 * at Teams' pace (or one throttled with 429s) can take longer. So a clerk's turn waits this
 * long for the send; after that it answers "still sending", and the delivery report follows
 * in the same conversation when the send is done.
 */
export const REPLY_WITHIN_MS = 8_000;

/** The value of `work` if it settles within `ms`, else null (work carries on). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timeout: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timeout = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timeout);
  }
}

type Delivery = ReminderSend['deliveries'][number];

/** Changes the bot makes by itself (scheduled sends, delivery outcomes). */
const BOT: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' } };

/** The reminder card: the meeting card with the deadlines that matter to members on top. */
export async function reminderAnswer(
  ctx: { records: Repository; now: Date; publicUrl: string },
  meeting: Meeting,
  daysBefore: number | null,
): Promise<Answer> {
  const committee = (await ctx.records.committees.get(meeting.committeeId))!;
  const when = meetingWhen(meeting);
  const lead = daysBefore === 0 ? 'today' : daysBefore === 1 ? 'tomorrow' : daysBefore ? `in ${daysBefore} days` : null;
  const notices = [
    `Agenda reminder: the ${committee.name} meets ${lead ? `${lead}, ` : 'on '}${when}.`,
    `Apologies: send them before the meeting starts, here with "Send apologies" or to ${await clerkContact(ctx.records, committee)}.`,
    `Substitutes must be notified by ${substitutionDeadlineText(meeting, committee)}.`,
  ];
  return meetingCardFor({ ...ctx, committeeId: committee.id, personId: null }, committee, meeting, notices);
}

/** Who the reminder goes to: linked channels, and members' personal chats when asked. */
async function plannedDeliveries(records: RecordRepositories, committee: Committee, includeMembers: boolean): Promise<Delivery[]> {
  const deliveries: Delivery[] = (await records.conversations.channelsOf(committee.id)).map((c) => ({
    conversationId: c.id,
    personId: null,
    target: `Channel ${c.channelName ?? c.teamName ?? c.id}`,
    outcome: 'pending',
  }));
  if (!includeMembers) return deliveries;
  for (const m of committee.membership) {
    const person = await records.people.get(m.personId);
    const label = personLabel(person);
    const chat = await records.conversations.personalChatOf(m.personId);
    if (chat) deliveries.push({ conversationId: chat.id, personId: m.personId, target: label, outcome: 'pending' });
    else if (person?.teamsUserId) deliveries.push({ conversationId: null, personId: m.personId, target: label, outcome: 'pending' });
    else
      deliveries.push({
        conversationId: null,
        personId: m.personId,
        target: label,
        outcome: 'unreachable',
        detail: 'has not used the bot in Teams yet',
      });
  }
  return deliveries;
}

/** Records one delivery's outcome; a send that has gone (it cannot) is a bug, so it throws. */
async function setDelivery(records: Repository, sendId: string, index: number, patch: Partial<Delivery>): Promise<void> {
  const result = await records.reminderSends.setDelivery(sendId, index, patch, BOT);
  if (!result.ok) throw new Error(`could not record delivery ${index} of reminder ${sendId}: ${result.error.kind}`);
}

/**
 * Sends every delivery of a send record still 'pending', at Teams' pace, marking each before it
 * goes. Deliveries left 'sending' by a crash are not repeated: they are reported as unknown.
 */
export async function runSend(deps: ReminderDeps, sendId: string, now: () => Date, publicUrl: string): Promise<ReminderSend> {
  const { records } = deps;
  const send = await records.reminderSends.get(sendId);
  if (!send) throw new Error(`unknown reminder send ${sendId}`);
  const meeting = (await records.meetings.get(send.meetingId))!;
  const answer = await reminderAnswer({ records, now: now(), publicUrl }, meeting, send.daysBefore);
  const indexes = send.deliveries.map((d, i) => ({ d, i }));
  for (const { d, i } of indexes.filter(({ d }) => d.outcome === 'sending')) {
    await setDelivery(records, sendId, i, {
      outcome: 'unknown',
      detail: 'the bot restarted while this message was being sent; it was not sent again',
    });
    deps.logger?.warn('reminder delivery interrupted by a restart; not repeated', { sendId, target: d.target });
  }
  await forEachLimited(
    indexes.filter(({ d }) => d.outcome === 'pending'),
    8,
    async ({ d, i }) => {
      let conversationId = d.conversationId;
      let reference = conversationId ? (await records.conversations.get(conversationId))?.reference : undefined;
      await setDelivery(records, sendId, i, { outcome: 'sending' });
      if (!reference && d.personId) {
        const opened = await openChat(deps, d.personId);
        if ('detail' in opened) {
          await setDelivery(records, sendId, i, { outcome: 'failed', detail: opened.detail });
          return;
        }
        conversationId = opened.id;
        reference = opened.reference;
      }
      if (!reference || !conversationId) {
        await setDelivery(records, sendId, i, { outcome: 'unreachable', detail: 'no conversation on record' });
        return;
      }
      const ref = reference;
      const result = await deliver(conversationId, () => deps.messenger.send(ref, answer), {
        limiter: deps.limiter,
        timer: deps.timer ?? realTimer,
      });
      await setDelivery(records, sendId, i, {
        conversationId,
        outcome: result.outcome,
        ...(result.detail ? { detail: result.detail } : {}),
      });
    },
  );
  const sent = (await records.reminderSends.get(sendId))!;
  // Refused only when the send is no longer 'sending' (another run finished it): nothing to do.
  if (sent.state === 'sending') await records.reminderSends.finish(sendId, now().toISOString(), { ...BOT, note: summarise(sent) });
  return (await records.reminderSends.get(sendId))!;
}

export async function openChat(
  deps: ReminderDeps,
  personId: string,
): Promise<{ id: string; reference: Record<string, unknown> } | { detail: string }> {
  const { records } = deps;
  const person = await records.people.get(personId);
  const template = (await records.conversations.list()).find((c) => c.installed && typeof c.reference.serviceUrl === 'string');
  if (!person?.teamsUserId || !template) return { detail: 'no way to open a chat with them yet' };
  try {
    const seen = await deps.messenger.openPersonalChat({
      teamsUserId: person.teamsUserId,
      tenantId: template.tenantId,
      serviceUrl: String(template.reference.serviceUrl),
    });
    await rememberConversation(records, { ...seen, personId, installed: true });
    return { id: seen.id, reference: seen.reference };
  } catch (err) {
    return { detail: `could not open a personal chat (${(err as Error).message.slice(0, 100)})` };
  }
}

function summarise(send: ReminderSend) {
  const count = (o: Delivery['outcome']) => send.deliveries.filter((d) => d.outcome === o).length;
  return { sent: count('sent'), failed: count('failed'), unreachable: count('unreachable'), unknown: count('unknown') };
}

/** The clerk's delivery report for one send. */
export async function deliveryReport(records: RecordRepositories, send: ReminderSend): Promise<Answer> {
  const meeting = (await records.meetings.get(send.meetingId))!;
  const committee = (await records.committees.get(meeting.committeeId))!;
  const totals = summarise(send);
  const rows = (o: Delivery['outcome']) =>
    send.deliveries.filter((d) => d.outcome === o).map((d) => ({ target: d.target, detail: d.detail ?? '' }));
  const summary = `Agenda reminder for the ${committee.name} on ${formatShortDate(meeting.date)}: ${totals.sent} sent, ${totals.failed} failed, ${totals.unreachable} not reachable${totals.unknown ? `, ${totals.unknown} unknown` : ''}.`;
  return {
    template: 'delivery-report',
    view: {
      summary,
      title: 'Agenda reminder: delivery report',
      meeting: `${committee.name}, ${meetingWhen(meeting)}`,
      totals: `${totals.sent} sent · ${totals.failed} failed · ${totals.unreachable} not reachable${totals.unknown ? ` · ${totals.unknown} unknown` : ''}`,
      sent: rows('sent'),
      failed: rows('failed'),
      unreachable: rows('unreachable'),
      unknown: rows('unknown'),
      note:
        totals.unreachable > 0
          ? 'Members who have not yet opened Committee Assistant in Teams cannot be messaged; ask them to say "hello" to the bot once.'
          : '',
    },
  };
}

/** "post agenda reminder [for <committee>] [and members]": clerks only, for the next meeting. */
export async function postAgendaReminder(ctx: QuestionContext, deps: ReminderDeps, input: { includeMembers: boolean }): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Agenda reminders are posted by the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  const meeting = await ctx.records.meetings.next(committee.id, ctx.now);
  if (!meeting) return messageAnswer('No meeting ahead', [`The ${committee.name} has no upcoming meeting to remind members about.`]);
  const deliveries = await plannedDeliveries(ctx.records, committee, input.includeMembers);
  if (deliveries.length === 0 || deliveries.every((d) => d.outcome === 'unreachable' && !input.includeMembers)) {
    return messageAnswer('No channel linked', [
      `No Teams channel is linked to the ${committee.name} yet. In the committee's channel, say "link this channel to ${committee.name}", then try again.`,
    ]);
  }
  const id = randomUUID();
  const started = await ctx.records.reminderSends.start(
    {
      id,
      meetingId: meeting.id,
      scheduleId: null,
      daysBefore: null,
      requestedBy: ctx.identity.actor,
      state: 'sending',
      startedAt: ctx.now.toISOString(),
      deliveries,
    },
    { actor: ctx.identity.actor, note: { includeMembers: input.includeMembers, targets: deliveries.length } },
  );
  if (!started.ok) throw new Error(`could not start reminder ${id}: ${started.error.kind}`);
  const sending = runSend(deps, id, () => ctx.now, ctx.publicUrl);
  const done = await within(sending, deps.replyWithinMs ?? REPLY_WITHIN_MS);
  if (done) return deliveryReport(ctx.records, done);

  // Too long for one reply: the send carries on, and its report follows here when it is done.
  const conversationId = ctx.conversation.id;
  const report = sending.then(async (finished) => {
    const reference = (await ctx.records.conversations.get(conversationId))?.reference;
    if (!reference) throw new Error('the conversation the reminder was asked from is not on record');
    await deps.messenger.send(reference, await deliveryReport(ctx.records, finished));
  });
  const background = report.catch((err: unknown) => {
    deps.logger?.error('could not post a reminder delivery report', { sendId: id, error: (err as Error).message });
  });
  if (deps.background) deps.background.run(background);
  const reachable = deliveries.filter((d) => d.outcome !== 'unreachable').length;
  return messageAnswer('Still sending the reminder', [
    `The reminder for ${formatDate(meeting.date)} is going to ${reachable} ${reachable === 1 ? 'chat or channel' : 'chats and channels'} at the pace Teams allows, which takes longer than a reply may. I will post the delivery report here when it has gone.`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Schedules.

export async function scheduleReminders(
  ctx: QuestionContext,
  input: { daysBefore: number[]; at: string | null; includeMembers: boolean },
): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Scheduled reminders are set by the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  if (input.daysBefore.length === 0 || !input.at) {
    return messageAnswer('When should I remind?', ['For example: remind members 7 days and 1 day before each meeting at 9am.']);
  }
  const by = { actor: ctx.identity.actor };
  // The committee's active schedule is replaced by the new one: both changes land, or neither.
  const created = await ctx.records.transaction(async (tx) => {
    for (const old of await tx.reminderSchedules.active(committee.id)) {
      const stopped = await tx.reminderSchedules.stop(old.id, old.version, 'replaced', by);
      if (!stopped.ok) return stopped;
    }
    const schedule = { committeeId: committee.id, daysBefore: input.daysBefore, at: input.at!, includeMembers: input.includeMembers };
    return tx.reminderSchedules.create(schedule, by);
  });
  if (!created.ok) {
    return messageAnswer('Please try again', [
      `The reminders for the ${committee.name} were being changed at the same moment, so nothing has been changed. Please ask again.`,
    ]);
  }
  const next = (await upcomingFirings(ctx.records, ctx.now)).filter((f) => f.schedule.id === created.value.id)[0];
  const days = input.daysBefore.map((d) => (d === 0 ? 'on the day' : `${d} day${d === 1 ? '' : 's'} before`)).join(' and ');
  return messageAnswer('Reminders scheduled', [
    `Agenda reminders for the ${committee.name} will go to its channel${input.includeMembers ? ' and to each member' : ''} ${days} each meeting at ${formatInTimeZone(londonInstant('2000-01-01', input.at), TIME_ZONE, 'h.mm aaa')}.`,
    next
      ? `The next one is due on ${formatDateTime(next.at)} for the meeting on ${formatShortDate(next.meeting.date)}.`
      : 'No meeting is scheduled yet for the next one.',
    'Say "stop reminders" to turn them off.',
  ]);
}

export async function cancelReminders(ctx: QuestionContext): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Scheduled reminders are managed by the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  const by = { actor: ctx.identity.actor };
  const result = await ctx.records.transaction(async (tx) => {
    const active = await tx.reminderSchedules.active(committee.id);
    for (const schedule of active) {
      const stopping = await tx.reminderSchedules.stop(schedule.id, schedule.version, 'stopped', by);
      if (!stopping.ok) return stopping;
    }
    return ok(active.length);
  });
  if (!result.ok) {
    return messageAnswer('Please try again', [
      `The reminders for the ${committee.name} were being changed at the same moment, so nothing has been changed. Please ask again.`,
    ]);
  }
  const stopped = result.value;
  return messageAnswer(stopped ? 'Reminders stopped' : 'No reminders to stop', [
    stopped
      ? `Scheduled agenda reminders for the ${committee.name} are off.`
      : `There were no scheduled reminders for the ${committee.name}.`,
  ]);
}

interface Firing {
  schedule: ReminderSchedule;
  meeting: Meeting;
  daysBefore: number;
  at: Date;
  id: string;
}

/** `daysBefore` London calendar days before the meeting, at the schedule's wall-clock time. */
function firingTime(meeting: Meeting, daysBefore: number, at: string): Date {
  const day = formatInTimeZone(addDays(londonInstant(meeting.date, '12:00'), -daysBefore), TIME_ZONE, 'yyyy-MM-dd');
  return londonInstant(day, at);
}

/**
 * Whether scheduled reminders may still go out for a meeting: until the earliest it can start
 * (the beginning of its day when its time is to be confirmed), so no scheduled reminder arrives
 * after a meeting may have begun.
 */
function beforeEarliestStart(meeting: Meeting, now: Date): boolean {
  return meeting.status !== 'cancelled' && meetingStart(meeting).getTime() > now.getTime();
}

/** Every firing of every active schedule, for its committee's meetings that `include`, not yet sent or skipped. */
async function firings(records: RecordRepositories, include: (meeting: Meeting) => boolean): Promise<Firing[]> {
  const out: Firing[] = [];
  const recorded = new Set((await records.reminderSends.list()).map((s) => s.id));
  for (const schedule of await records.reminderSchedules.active()) {
    for (const meeting of (await records.meetings.list(schedule.committeeId)).filter(include)) {
      for (const daysBefore of schedule.daysBefore) {
        const at = firingTime(meeting, daysBefore, schedule.at);
        // Only firings after the schedule was made: a new schedule does not replay the past.
        if (at.getTime() < Date.parse(schedule.createdAt)) continue;
        const id = `${schedule.id}:${meeting.id}:${daysBefore}`;
        if (!recorded.has(id)) out.push({ schedule, meeting, daysBefore, at, id });
      }
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Firings not yet sent, for meetings not yet started, in time order. */
function upcomingFirings(records: RecordRepositories, now: Date): Promise<Firing[]> {
  return firings(records, (m) => beforeEarliestStart(m, now));
}

/** Firings whose time came while their meeting was ahead, but the meeting has now started. */
function missedFirings(records: RecordRepositories, now: Date): Promise<Firing[]> {
  return firings(records, (m) => m.status !== 'cancelled' && !beforeEarliestStart(m, now));
}

/**
 * One scheduler tick: starts every reminder that is due and not yet recorded (a reminder missed
 * while the bot was down is due as soon as it starts, while its meeting is still ahead), and
 * finishes any send a crash interrupted. Meetings that started before their reminder could go
 * are recorded as skipped and logged.
 */
export async function runDueReminders(
  deps: ReminderDeps,
  now: Date,
  publicUrl: string,
  options: { startup?: boolean } = {},
): Promise<ReminderSend[]> {
  const { records } = deps;
  const due = (await upcomingFirings(records, now)).filter((f) => f.at.getTime() <= now.getTime());
  for (const f of await missedFirings(records, now)) {
    const skipped = await records.reminderSends.start(
      {
        id: f.id,
        meetingId: f.meeting.id,
        scheduleId: f.schedule.id,
        daysBefore: f.daysBefore,
        requestedBy: null,
        state: 'skipped',
        startedAt: now.toISOString(),
        deliveries: [],
      },
      { ...BOT, note: { reason: 'the meeting had started before the reminder could be sent' } },
    );
    // Refused only when another tick recorded it first.
    if (skipped.ok) deps.logger?.warn('scheduled reminder skipped: its meeting has already started', { reminder: f.id });
  }
  for (const f of due) {
    const committee = (await records.committees.get(f.schedule.committeeId))!;
    const deliveries = await plannedDeliveries(records, committee, f.schedule.includeMembers);
    // Refused when a send with this id exists: a firing is sent once, whatever restarts happen.
    await records.reminderSends.start(
      {
        id: f.id,
        meetingId: f.meeting.id,
        scheduleId: f.schedule.id,
        daysBefore: f.daysBefore,
        requestedBy: null,
        state: 'sending',
        startedAt: now.toISOString(),
        deliveries,
      },
      { ...BOT, note: { scheduled: f.at.toISOString(), targets: deliveries.length } },
    );
  }
  // Send everything started and not finished: the new ones and, at start-up, any send (scheduled
  // or posted by a clerk) that a crash interrupted.
  const open = (await records.reminderSends.unfinished()).filter((s) => options.startup || s.scheduleId !== null).map((s) => s.id);
  const results: ReminderSend[] = [];
  for (const id of open) results.push(await runSend(deps, id, () => now, publicUrl));
  return results;
}
