import { randomUUID } from 'node:crypto';
import { formatDate, formatDateTime, formatShortDate, londonInstant, TIME_ZONE } from '../../format';
import { isUpcoming, meetingStart, type Repositories } from '../../store/repositories';
import type { Repository } from '../../store/repository';
import type { Committee, Meeting, ReminderSend, ReminderSchedule, StoreData } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { committeeChannels, personalChatOf, rememberConversation } from '../channels/conversations';
import type { ReminderDeps } from './messenger';
import { deliver, forEachLimited, realTimer } from './delivery';
import { meetingCard } from '../meetings/meetings';
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

/** The reminder card: the meeting card with the deadlines that matter to members on top. */
export async function reminderAnswer(
  ctx: { repo: Repositories; records: Repository; now: Date; publicUrl: string },
  meeting: Meeting,
  daysBefore: number | null,
): Promise<Answer> {
  const committee = ctx.repo.committee(meeting.committeeId)!;
  const when = meetingWhen(meeting);
  const lead = daysBefore === 0 ? 'today' : daysBefore === 1 ? 'tomorrow' : daysBefore ? `in ${daysBefore} days` : null;
  const notices = [
    `Agenda reminder: the ${committee.name} meets ${lead ? `${lead}, ` : 'on '}${when}.`,
    `Apologies: send them before the meeting starts, here with "Send apologies" or to ${await clerkContact(ctx.records, committee)}.`,
    `Substitutes must be notified by ${substitutionDeadlineText(meeting, committee)}.`,
  ];
  return meetingCard({ ...ctx, committeeId: committee.id, personId: null }, meeting, notices);
}

/** Who the reminder goes to: linked channels, and members' personal chats when asked. */
function plannedDeliveries(data: Readonly<StoreData>, repo: Repositories, committee: Committee, includeMembers: boolean): Delivery[] {
  const deliveries: Delivery[] = committeeChannels(data, committee.id).map((c) => ({
    conversationId: c.id,
    personId: null,
    target: `Channel ${c.channelName ?? c.teamName ?? c.id}`,
    outcome: 'pending',
  }));
  if (!includeMembers) return deliveries;
  for (const m of committee.membership) {
    const person = repo.person(m.personId);
    const label = personLabel(person);
    const chat = personalChatOf(data, m.personId);
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

async function setDelivery(repo: Repositories, sendId: string, index: number, patch: Partial<Delivery>, at: Date): Promise<void> {
  await repo.store.transact((data, audit) => {
    const send = data.reminderSends.find((s) => s.id === sendId);
    const delivery = send?.deliveries[index];
    if (!send || !delivery) return;
    const before = { ...delivery };
    Object.assign(delivery, patch);
    audit({
      actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' },
      kind: `reminder.${delivery.outcome}`,
      recordType: 'reminderSend',
      recordId: sendId,
      before,
      after: { ...delivery, at: at.toISOString() },
    });
  });
}

/**
 * Sends every delivery of a send record still 'pending', at Teams' pace, marking each before it
 * goes. Deliveries left 'sending' by a crash are not repeated: they are reported as unknown.
 */
export async function runSend(deps: ReminderDeps, sendId: string, now: () => Date, publicUrl: string): Promise<ReminderSend> {
  const { repo, records } = deps;
  const send = repo.store.read((d) => d.reminderSends.find((s) => s.id === sendId));
  if (!send) throw new Error(`unknown reminder send ${sendId}`);
  const meeting = repo.meeting(send.meetingId)!;
  const answer = await reminderAnswer({ repo, records, now: now(), publicUrl }, meeting, send.daysBefore);
  const indexes = send.deliveries.map((d, i) => ({ d, i }));
  for (const { d, i } of indexes.filter(({ d }) => d.outcome === 'sending')) {
    await setDelivery(
      repo,
      sendId,
      i,
      { outcome: 'unknown', detail: 'the bot restarted while this message was being sent; it was not sent again' },
      now(),
    );
    deps.logger?.warn('reminder delivery interrupted by a restart; not repeated', { sendId, target: d.target });
  }
  await forEachLimited(
    indexes.filter(({ d }) => d.outcome === 'pending'),
    8,
    async ({ d, i }) => {
      let conversationId = d.conversationId;
      let reference = conversationId
        ? repo.store.read((data) => data.conversations.find((c) => c.id === conversationId)?.reference)
        : undefined;
      await setDelivery(repo, sendId, i, { outcome: 'sending' }, now());
      if (!reference && d.personId) {
        const opened = await openChat(deps, d.personId, now());
        if ('detail' in opened) {
          await setDelivery(repo, sendId, i, { outcome: 'failed', detail: opened.detail }, now());
          return;
        }
        conversationId = opened.id;
        reference = opened.reference;
      }
      if (!reference || !conversationId) {
        await setDelivery(repo, sendId, i, { outcome: 'unreachable', detail: 'no conversation on record' }, now());
        return;
      }
      const ref = reference;
      const result = await deliver(conversationId, () => deps.messenger.send(ref, answer), {
        limiter: deps.limiter,
        timer: deps.timer ?? realTimer,
      });
      await setDelivery(
        repo,
        sendId,
        i,
        { conversationId, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) },
        now(),
      );
    },
  );
  await repo.store.transact((data, audit) => {
    const s = data.reminderSends.find((x) => x.id === sendId);
    if (!s || s.state !== 'sending') return;
    s.state = 'sent';
    s.finishedAt = now().toISOString();
    audit({
      actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' },
      kind: 'reminder.finished',
      recordType: 'reminderSend',
      recordId: sendId,
      after: summarise(s),
    });
  });
  return repo.store.read((d) => d.reminderSends.find((s) => s.id === sendId)!);
}

export async function openChat(
  deps: ReminderDeps,
  personId: string,
  now: Date,
): Promise<{ id: string; reference: Record<string, unknown> } | { detail: string }> {
  const person = deps.repo.person(personId);
  const template = deps.repo.store.read((d) => d.conversations.find((c) => c.installed && typeof c.reference.serviceUrl === 'string'));
  if (!person?.teamsUserId || !template) return { detail: 'no way to open a chat with them yet' };
  try {
    const seen = await deps.messenger.openPersonalChat({
      teamsUserId: person.teamsUserId,
      tenantId: template.tenantId,
      serviceUrl: String(template.reference.serviceUrl),
    });
    await rememberConversation(deps.repo.store, { ...seen, personId, installed: true }, now);
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
export function deliveryReport(repo: Repositories, send: ReminderSend): Answer {
  const meeting = repo.meeting(send.meetingId)!;
  const committee = repo.committee(meeting.committeeId)!;
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
  const meeting = ctx.repo.meetings(committee.id).find((m) => isUpcoming(m, ctx.now));
  if (!meeting) return messageAnswer('No meeting ahead', [`The ${committee.name} has no upcoming meeting to remind members about.`]);
  const deliveries = ctx.repo.store.read((d) => plannedDeliveries(d, ctx.repo, committee, input.includeMembers));
  if (deliveries.length === 0 || deliveries.every((d) => d.outcome === 'unreachable' && !input.includeMembers)) {
    return messageAnswer('No channel linked', [
      `No Teams channel is linked to the ${committee.name} yet. In the committee's channel, say "link this channel to ${committee.name}", then try again.`,
    ]);
  }
  const id = randomUUID();
  await ctx.repo.store.transact((data, audit) => {
    const send: ReminderSend = {
      id,
      meetingId: meeting.id,
      scheduleId: null,
      daysBefore: null,
      requestedBy: ctx.identity.actor,
      state: 'sending',
      startedAt: ctx.now.toISOString(),
      finishedAt: null,
      deliveries,
    };
    data.reminderSends.push(send);
    audit({
      actor: ctx.identity.actor,
      kind: 'reminder.started',
      recordType: 'reminderSend',
      recordId: id,
      after: { meetingId: meeting.id, includeMembers: input.includeMembers, targets: deliveries.length },
    });
  });
  const sending = runSend(deps, id, () => ctx.now, ctx.publicUrl);
  const done = await within(sending, deps.replyWithinMs ?? REPLY_WITHIN_MS);
  if (done) return deliveryReport(ctx.repo, done);

  // Too long for one reply: the send carries on, and its report follows here when it is done.
  const conversationId = ctx.conversation.id;
  const report = sending.then(async (finished) => {
    const reference = ctx.repo.store.read((d) => d.conversations.find((c) => c.id === conversationId)?.reference);
    if (!reference) throw new Error('the conversation the reminder was asked from is not on record');
    await deps.messenger.send(reference, deliveryReport(ctx.repo, finished));
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
  const schedule: ReminderSchedule = {
    id: `${committee.id}-schedule-${randomUUID().slice(0, 8)}`,
    committeeId: committee.id,
    daysBefore: input.daysBefore,
    at: input.at,
    includeMembers: input.includeMembers,
    active: true,
    createdBy: ctx.identity.actor,
    createdAt: ctx.now.toISOString(),
  };
  await ctx.repo.store.transact((data, audit) => {
    for (const old of data.reminderSchedules.filter((s) => s.committeeId === committee.id && s.active)) {
      old.active = false;
      audit({
        actor: ctx.identity.actor,
        kind: 'reminderSchedule.replaced',
        recordType: 'reminderSchedule',
        recordId: old.id,
        before: { active: true },
        after: { active: false },
      });
    }
    data.reminderSchedules.push(schedule);
    audit({
      actor: ctx.identity.actor,
      kind: 'reminderSchedule.created',
      recordType: 'reminderSchedule',
      recordId: schedule.id,
      after: schedule,
    });
  });
  const next = ctx.repo.store.read((d) => upcomingFirings(d, ctx.now).filter((f) => f.schedule.id === schedule.id))[0];
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
  const stopped = await ctx.repo.store.transact((data, audit) => {
    const active = data.reminderSchedules.filter((s) => s.committeeId === committee.id && s.active);
    for (const s of active) {
      s.active = false;
      audit({
        actor: ctx.identity.actor,
        kind: 'reminderSchedule.stopped',
        recordType: 'reminderSchedule',
        recordId: s.id,
        before: { active: true },
        after: { active: false },
      });
    }
    return active.length;
  });
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

/** Every firing of every active schedule for meetings not yet started, in time order. */
function upcomingFirings(data: Readonly<StoreData>, now: Date): Firing[] {
  const firings: Firing[] = [];
  for (const schedule of data.reminderSchedules.filter((s) => s.active)) {
    for (const meeting of data.meetings.filter((m) => m.committeeId === schedule.committeeId && beforeEarliestStart(m, now))) {
      for (const daysBefore of schedule.daysBefore) {
        const at = firingTime(meeting, daysBefore, schedule.at);
        // Only firings after the schedule was made: a new schedule does not replay the past.
        if (at.getTime() < Date.parse(schedule.createdAt)) continue;
        firings.push({ schedule, meeting, daysBefore, at, id: `${schedule.id}:${meeting.id}:${daysBefore}` });
      }
    }
  }
  return firings.sort((a, b) => a.at.getTime() - b.at.getTime());
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
  const { repo } = deps;
  const due = repo.store.read((d) =>
    upcomingFirings(d, now).filter((f) => f.at.getTime() <= now.getTime() && !d.reminderSends.some((s) => s.id === f.id)),
  );
  const missed = repo.store.read((d) => missedFirings(d, now));
  if (missed.length > 0) {
    await repo.store.transact((data, audit) => {
      for (const f of missed) {
        if (data.reminderSends.some((s) => s.id === f.id)) continue;
        data.reminderSends.push({
          id: f.id,
          meetingId: f.meeting.id,
          scheduleId: f.schedule.id,
          daysBefore: f.daysBefore,
          requestedBy: null,
          state: 'skipped',
          startedAt: now.toISOString(),
          finishedAt: now.toISOString(),
          deliveries: [],
        });
        audit({
          actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' },
          kind: 'reminder.skipped',
          recordType: 'reminderSend',
          recordId: f.id,
          after: { reason: 'the meeting had started before the reminder could be sent' },
        });
        deps.logger?.warn('scheduled reminder skipped: its meeting has already started', { reminder: f.id });
      }
    });
  }
  for (const f of due) {
    const committee = repo.committee(f.schedule.committeeId)!;
    await repo.store.transact((data, audit) => {
      if (data.reminderSends.some((s) => s.id === f.id)) return;
      const deliveries = plannedDeliveries(data, repo, committee, f.schedule.includeMembers);
      data.reminderSends.push({
        id: f.id,
        meetingId: f.meeting.id,
        scheduleId: f.schedule.id,
        daysBefore: f.daysBefore,
        requestedBy: null,
        state: 'sending',
        startedAt: now.toISOString(),
        finishedAt: null,
        deliveries,
      });
      audit({
        actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' },
        kind: 'reminder.started',
        recordType: 'reminderSend',
        recordId: f.id,
        after: { scheduled: f.at.toISOString(), targets: deliveries.length },
      });
    });
  }
  // Send everything started and not finished: the new ones and, at start-up, any send (scheduled
  // or posted by a clerk) that a crash interrupted.
  const open = repo.store.read((d) =>
    d.reminderSends.filter((s) => s.state === 'sending' && (options.startup || s.scheduleId !== null)).map((s) => s.id),
  );
  const results: ReminderSend[] = [];
  for (const id of open) results.push(await runSend(deps, id, () => now, publicUrl));
  return results;
}

/** Firings whose time came while their meeting was ahead, but the meeting has now started. */
function missedFirings(data: Readonly<StoreData>, now: Date): Firing[] {
  const out: Firing[] = [];
  for (const schedule of data.reminderSchedules.filter((s) => s.active)) {
    for (const meeting of data.meetings.filter(
      (m) => m.committeeId === schedule.committeeId && m.status !== 'cancelled' && !beforeEarliestStart(m, now),
    )) {
      for (const daysBefore of schedule.daysBefore) {
        const at = firingTime(meeting, daysBefore, schedule.at);
        if (at.getTime() < Date.parse(schedule.createdAt)) continue;
        const id = `${schedule.id}:${meeting.id}:${daysBefore}`;
        if (!data.reminderSends.some((s) => s.id === id)) out.push({ schedule, meeting, daysBefore, at, id });
      }
    }
  }
  return out;
}
