import { createHash, randomUUID } from 'node:crypto';
import { cardBytes, MAX_CARD_BYTES } from '../../cards/render';
import { formatDate } from '../../format';
import type { ChangeBy, Delivery, Repository } from '../../store/repository';
import { meetingChangeKindSchema, type AlertSend, type Committee, type Conversation, type Meeting } from '../../store/schema';
import type { Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { personLabel } from '../shared/guards';
import { meetingWhen } from '../shared/meetingWhen';
import { cleanText } from '../shared/text';
import { deliver, forEachLimited, realTimer } from '../reminders/delivery';
import type { ReminderDeps } from '../reminders/messenger';
import type { MeetingChange, MeetingChangeKind, Paper } from './changes';

/**
 * Alerts: what changed about a meeting (from the modern.gov sync or a clerk's command), posted
 * as one card to each channel linked to the committee and to each member who asked for alerts,
 * in their personal chat. Sent as agenda reminders are: at Teams' pace, the alert recorded
 * before any message goes, each delivery marked 'sending' before it goes, so a change is alerted
 * once (its key is recorded) and a message a crash interrupted is reported, never repeated.
 */
export type AlertDeps = Pick<ReminderDeps, 'records' | 'messenger' | 'limiter' | 'timer' | 'logger' | 'background' | 'replyWithinMs'> & {
  now: () => Date;
};

const BOT: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' } };
const SYNC: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'modern.gov sync' } };

/** Papers listed on one card, per change, before "and N more"; fewer when the card would pass 28 KB. */
const MAX_PAPERS_SHOWN = 10;
/** Kinds of change shown on one card (a real change has at most one of each of the seven). */
const MAX_CHANGES = 10;
const MAX_TEXT = 300;
const MAX_URL = 1000;
const HEADROOM = 512;
const MAX_SUMMARY = 1000;

// ---------------------------------------------------------------------------------------------
// The card.

function clip(text: string | null | undefined, max = MAX_TEXT): string {
  const clean = cleanText(text ?? '', max + 1);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A link a person can open, or '' (only http(s), and not absurdly long). */
function openable(url: string | null | undefined): string {
  return typeof url === 'string' && url.length <= MAX_URL && /^https?:\/\/[^\s]+$/i.test(url) ? url : '';
}

const isIsoDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date));

/** A date and time the change names, said as every meeting time is said ("time to be confirmed" when unknown). */
function whenOf(meeting: Meeting, at: { date: string; startTime: string | null }): string {
  if (!isIsoDate(at.date)) return 'a date not given';
  const time = at.startTime && /^([01]\d|2[0-3]):[0-5]\d$/.test(at.startTime) ? at.startTime : null;
  return meetingWhen({ ...meeting, date: at.date, startTime: time });
}

const venueOf = (venue: string | null) => (venue && venue.trim() ? clip(venue, 200) : 'a venue to be confirmed');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The page of a synced meeting on the council's modern.gov site, when the record carries one. */
function meetingPage(meeting: Meeting): string {
  const synced = meeting as Meeting & { moderngov?: { url?: string } };
  return openable(synced.moderngov?.url);
}

interface PaperView {
  title: string;
  url: string;
  detail: string;
  /** The button's title: each names its paper, so a screen reader tells them apart. */
  open: string;
}

interface SectionView {
  heading: string;
  lines: string[];
  papers: PaperView[];
  more: string;
}

function paperView(paper: Paper): PaperView {
  const published = paper.published && isIsoDate(paper.published) ? `Published ${formatDate(paper.published)}` : '';
  const title = clip(paper.title) || 'Untitled paper';
  return { title, url: openable(paper.url), detail: published, open: `Open ${clip(title, 60)}` };
}

function section(change: MeetingChangeKind, meeting: Meeting, shown: number, page: string): SectionView {
  const none = { lines: [], papers: [], more: '' };
  switch (change.kind) {
    case 'agendaPublished':
      return { ...none, heading: 'Agenda', lines: ['The agenda for this meeting has been published.'] };
    case 'papersAdded':
    case 'papersReplaced': {
      const n = change.papers.length;
      const rest = n - Math.min(n, shown);
      return {
        heading: change.kind === 'papersAdded' ? plural(n, 'paper added', 'papers added') : plural(n, 'paper replaced', 'papers replaced'),
        lines: [],
        papers: change.papers.slice(0, shown).map(paperView),
        more: rest > 0 ? `${rest === n ? plural(n, 'paper', 'papers') : `and ${rest} more`}${page ? ': see the meeting page' : ''}.` : '',
      };
    }
    case 'moved':
      return {
        ...none,
        heading: 'Date and time changed',
        lines: [`From ${whenOf(meeting, change.from)}`, `To ${whenOf(meeting, change.to)}`],
      };
    case 'venueChanged':
      return { ...none, heading: 'Venue changed', lines: [`From ${venueOf(change.from)}`, `To ${venueOf(change.to)}`] };
    case 'cancelled':
      return {
        ...none,
        heading: 'Cancellation',
        lines: [change.reason?.trim() ? `Reason: ${clip(change.reason)}` : 'No reason was given.'],
      };
    case 'minutesPublished':
      return { ...none, heading: 'Minutes', lines: ['The minutes of this meeting have been published.'] };
  }
}

const TITLES: Record<MeetingChangeKind['kind'], string> = {
  agendaPublished: 'Agenda published',
  papersAdded: 'New papers',
  papersReplaced: 'Papers replaced',
  moved: 'Meeting moved',
  venueChanged: 'Venue changed',
  cancelled: 'Meeting cancelled',
  minutesPublished: 'Minutes published',
};

function titleOf(changes: readonly MeetingChangeKind[]): string {
  const kinds = new Set(changes.map((c) => c.kind));
  if (kinds.has('cancelled')) return TITLES.cancelled;
  if (kinds.has('moved') && [...kinds].every((k) => k === 'moved' || k === 'venueChanged')) return TITLES.moved;
  if (kinds.size === 1) return TITLES[[...kinds][0]!];
  return 'Meeting updated';
}

/** The alert card for a change to `meeting`, fitted under 28 KB however many papers it lists. */
export function alertAnswer(committee: Committee, meeting: Meeting, changes: readonly MeetingChangeKind[]): Answer {
  const page = meetingPage(meeting);
  const shownChanges = changes.slice(0, MAX_CHANGES);
  const title = titleOf(shownChanges);
  const when = meetingWhen(meeting);
  const build = (shown: number) => {
    const sections = shownChanges.map((c) => section(c, meeting, shown, page));
    const said = sections.map((s) => [s.heading, ...s.lines, ...s.papers.map((p) => p.title), s.more].filter(Boolean).join('. '));
    const summary = `${title}: ${committee.name}, ${when}. ${said.join('. ')}`;
    return {
      summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
      title,
      committee: committee.name,
      when,
      venue: meeting.venue?.trim() ? clip(meeting.venue, 200) : 'To be confirmed',
      changes: sections,
      links: page ? [{ label: 'Open the meeting page', url: page }] : [],
    };
  };
  for (let shown = MAX_PAPERS_SHOWN; shown > 0; shown -= 1) {
    const view = build(shown);
    if (cardBytes('alert', view) < MAX_CARD_BYTES - HEADROOM) return { template: 'alert', view };
  }
  return { template: 'alert', view: build(0) };
}

// ---------------------------------------------------------------------------------------------
// Sending.

/** Where an alert for the committee goes: its linked channels, and members who asked for alerts. */
async function plannedDeliveries(records: Repository, committee: Committee): Promise<Delivery[]> {
  const conversations = await records.conversations.list();
  const deliveries: Delivery[] = conversations
    .filter((c) => c.committeeId === committee.id && c.type !== 'personal' && c.installed)
    .map((c) => ({ conversationId: c.id, personId: null, target: `Channel ${c.channelName ?? c.teamName ?? c.id}`, outcome: 'pending' }));
  for (const subscription of await records.alertSubscriptions.active(committee.id)) {
    // Someone who has left the committee no longer gets its alerts.
    if (!sitsOn(subscription.personId, committee)) continue;
    const label = personLabel(await records.people.get(subscription.personId));
    const chat = conversations.find((c) => c.type === 'personal' && c.installed && c.personId === subscription.personId);
    if (chat && deliveries.some((d) => d.conversationId === chat.id)) continue;
    deliveries.push(
      chat
        ? { conversationId: chat.id, personId: subscription.personId, target: label, outcome: 'pending' }
        : {
            conversationId: null,
            personId: subscription.personId,
            target: label,
            outcome: 'unreachable',
            detail: 'has no personal chat with the bot (it may have been removed)',
          },
    );
  }
  return deliveries;
}

/** Members and substitutes of the committee: who may ask for its alerts. */
export function sitsOn(personId: string, committee: Committee): boolean {
  return committee.membership.some((m) => m.personId === personId) || committee.substitutes.includes(personId);
}

const alertId = (key: string) => `alert-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

type Started = { kind: 'started'; send: AlertSend } | { kind: 'nobody' } | { kind: 'skipped'; why: string };

/**
 * Records the alert for a change, with every delivery 'pending' (or 'unreachable'), before any
 * message goes. Nothing is recorded for a change already alerted, one about a meeting not on
 * record, or one with nobody to tell.
 */
async function startAlert(deps: AlertDeps, change: MeetingChange, by: ChangeBy): Promise<Started> {
  const { records } = deps;
  if (typeof change.key !== 'string' || change.key === '') return { kind: 'skipped', why: 'the change has no key' };
  if (await records.alertSends.withKey(change.key)) return { kind: 'skipped', why: 'already alerted' };
  const meeting = await records.meetings.get(change.meetingId);
  const committee = await records.committees.get(change.committeeId);
  if (!meeting || !committee || meeting.committeeId !== committee.id) return { kind: 'skipped', why: 'the meeting is not on record' };
  // Only changes of the stored shape are kept: a record that breaks the schema would stop the store loading.
  const changes = (Array.isArray(change.changes) ? change.changes : []).flatMap((c) => {
    const parsed = meetingChangeKindSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
  if (changes.length === 0) return { kind: 'skipped', why: 'nothing recognisable changed' };
  const deliveries = await plannedDeliveries(records, committee);
  if (deliveries.length === 0) return { kind: 'nobody' };
  const started = await records.alertSends.start(
    {
      id: alertId(change.key),
      key: change.key,
      meetingId: meeting.id,
      committeeId: committee.id,
      source: clip(change.source, 200) || 'unknown',
      changes,
      startedAt: deps.now().toISOString(),
      deliveries,
    },
    by,
  );
  if (!started.ok) return { kind: 'skipped', why: started.error.kind === 'conflict' ? 'already alerted' : started.error.kind };
  return { kind: 'started', send: started.value };
}

async function mark(deps: AlertDeps, id: string, index: number, patch: Partial<Delivery>): Promise<void> {
  const result = await deps.records.alertSends.setDelivery(id, index, patch, BOT);
  if (!result.ok) throw new Error(`could not record an alert delivery (${result.error.kind})`);
}

/**
 * Sends every delivery of an alert still 'pending', at Teams' pace, marking each 'sending'
 * before it goes. Only 'pending' ones go: one a crash left 'sending' became 'unknown' at start-up
 * (recoverInterrupted), before anything else could run this alert.
 */
async function runAlert(deps: AlertDeps, id: string): Promise<AlertSend> {
  const { records } = deps;
  const send = await records.alertSends.get(id);
  if (!send) throw new Error(`unknown alert ${id}`);
  const meeting = await records.meetings.get(send.meetingId);
  const committee = await records.committees.get(send.committeeId);
  const indexed = send.deliveries.map((d, i) => ({ d, i }));
  const answer = meeting && committee ? alertAnswer(committee, meeting, send.changes) : null;
  await forEachLimited(
    indexed.filter(({ d }) => d.outcome === 'pending'),
    8,
    async ({ d, i }) => {
      if (!answer) {
        await mark(deps, id, i, { outcome: 'failed', detail: 'the meeting is no longer on record' });
        return;
      }
      const conversation: Conversation | undefined = d.conversationId ? await records.conversations.get(d.conversationId) : undefined;
      if (!conversation?.installed) {
        await mark(deps, id, i, { outcome: 'unreachable', detail: 'the bot is no longer in that conversation' });
        return;
      }
      await mark(deps, id, i, { outcome: 'sending' });
      const result = await deliver(conversation.id, () => deps.messenger.send(conversation.reference, answer), {
        limiter: deps.limiter,
        timer: deps.timer ?? realTimer,
      });
      await mark(deps, id, i, { outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
    },
  );
  const finished = await records.alertSends.finish(id, deps.now().toISOString(), BOT);
  if (finished.ok) return finished.value;
  return (await records.alertSends.get(id))!;
}

/** Alerts each change once: one card per change to the committee's channels and subscribed members. */
export async function alertMeetingChanges(deps: AlertDeps, changes: readonly MeetingChange[]): Promise<AlertSend[]> {
  const sent: AlertSend[] = [];
  const list: readonly MeetingChange[] = Array.isArray(changes) ? changes : [];
  for (const change of list) {
    try {
      const started = await startAlert(deps, change, change.source === 'modern.gov' ? SYNC : BOT);
      if (started.kind === 'skipped') deps.logger?.debug('meeting change not alerted', { key: change.key, why: started.why });
      if (started.kind === 'started') sent.push(await runAlert(deps, started.send.id));
    } catch (err) {
      // One change that cannot be alerted does not keep the others from going.
      deps.logger?.error('could not alert a meeting change', { key: change.key, error: (err as Error).message });
    }
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Reports to the clerk.

function totalsOf(send: AlertSend) {
  const count = (o: Delivery['outcome']) => send.deliveries.filter((d) => d.outcome === o).length;
  return { sent: count('sent'), failed: count('failed'), unreachable: count('unreachable'), unknown: count('unknown') };
}

/** The delivery report for one alert. */
export function alertReport(send: AlertSend, committee: Committee, meeting: Meeting): Answer {
  const t = totalsOf(send);
  const rows = (o: Delivery['outcome']) =>
    send.deliveries.filter((d) => d.outcome === o).map((d) => ({ target: d.target, detail: d.detail ?? '' }));
  const totals = `${t.sent} sent · ${t.failed} failed · ${t.unreachable} not reachable${t.unknown ? ` · ${t.unknown} unknown` : ''}`;
  const what = titleOf(send.changes);
  return {
    template: 'delivery-report',
    view: {
      summary: `Alert "${what}" for the ${committee.name} on ${meetingWhen(meeting)}: ${totals}.`,
      title: `Alert (${what.toLowerCase()}): delivery report`,
      meeting: `${committee.name}, ${meetingWhen(meeting)}`,
      totals,
      sent: rows('sent'),
      failed: rows('failed'),
      unreachable: rows('unreachable'),
      unknown: rows('unknown'),
      note: t.unknown
        ? 'The bot stopped while sending to those marked unknown. They may or may not have received the alert; it was not sent again, so nobody gets it twice.'
        : '',
    },
  };
}

/** Tells the clerk who made the change (or, for a sync, the committee's clerks) how an alert went. */
async function reportToClerks(deps: AlertDeps, send: AlertSend): Promise<void> {
  const { records } = deps;
  const committee = await records.committees.get(send.committeeId);
  const meeting = await records.meetings.get(send.meetingId);
  if (!committee || !meeting) return;
  const clerkIds = committee.clerkIds.includes(send.source) ? [send.source] : committee.clerkIds;
  const report = alertReport(send, committee, meeting);
  for (const clerkId of clerkIds) {
    const chat = await records.conversations.personalChatOf(clerkId);
    if (!chat) {
      deps.logger?.warn('no personal chat to report an alert to the clerk', { alert: send.id, clerk: clerkId });
      continue;
    }
    const result = await deliver(chat.id, () => deps.messenger.send(chat.reference, report), {
      limiter: deps.limiter,
      timer: deps.timer ?? realTimer,
    });
    if (result.outcome !== 'sent') deps.logger?.warn('could not report an alert to the clerk', { alert: send.id, detail: result.detail });
  }
}

// ---------------------------------------------------------------------------------------------
// Clerks' own changes.

/**
 * How long a clerk's turn waits for the alert before answering (as for agenda reminders: Teams
 * shows an error when a bot takes much more than 15 seconds); the alert carries on after.
 */
const REPLY_WITHIN_MS = 8_000;

/** The value of `work` if it settles within `ms`, else null (the work carries on). */
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

function reach(send: AlertSend): string {
  const channels = send.deliveries.filter((d) => d.personId === null).length;
  const members = send.deliveries.filter((d) => d.personId !== null).length;
  return [
    channels ? (channels === 1 ? "the committee's channel" : `${channels} committee channels`) : '',
    members ? plural(members, 'member who asked for alerts', 'members who asked for alerts') : '',
  ]
    .filter(Boolean)
    .join(' and ');
}

/** What changed when a meeting moves from `before` to `after` (date or time, and venue). */
export function movedChanges(
  before: { date: string; startTime: string | null; venue: string | null },
  after: Meeting,
): MeetingChangeKind[] {
  const changes: MeetingChangeKind[] = [];
  if (before.date !== after.date || before.startTime !== after.startTime) {
    changes.push({
      kind: 'moved',
      from: { date: before.date, startTime: before.startTime },
      to: { date: after.date, startTime: after.startTime },
    });
  }
  if ((before.venue ?? null) !== (after.venue ?? null)) changes.push({ kind: 'venueChanged', from: before.venue, to: after.venue });
  return changes;
}

/**
 * After a clerk's change to a meeting is saved: alerts the committee, and returns the line that
 * tells the clerk who was alerted. Never fails the clerk's change, which is already recorded.
 */
export async function alertClerkChange(ctx: QuestionContext, meeting: Meeting, changes: MeetingChangeKind[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const deps: AlertDeps = { ...ctx.reminders, now: () => ctx.now };
  const change: MeetingChange = {
    meetingId: meeting.id,
    committeeId: meeting.committeeId,
    source: ctx.identity.person?.id ?? 'clerk',
    changes,
    // Each command is its own change: it is never replayed the way a sync's report can be.
    key: `clerk:${meeting.id}:${randomUUID()}`,
  };
  try {
    const started = await startAlert(deps, change, { actor: ctx.identity.actor });
    if (started.kind === 'nobody') {
      return ['No channel is linked to the committee and no member has asked for alerts, so no alert was posted.'];
    }
    if (started.kind === 'skipped') return [];
    const sending = runAlert(deps, started.send.id);
    deps.background?.run(
      sending.then(
        () => undefined,
        (err: unknown) => deps.logger?.error('could not send an alert', { alert: started.send.id, error: (err as Error).message }),
      ),
    );
    const done = await within(sending, deps.replyWithinMs ?? REPLY_WITHIN_MS);
    if (!done) return [`Alerting ${reach(started.send)} at the pace Teams allows.`];
    const missed = done.deliveries.filter((d) => d.outcome !== 'sent').length;
    return [`Alert posted to ${reach(done)}${missed ? `; ${missed} could not be reached` : ''}.`];
  } catch (err) {
    deps.logger?.error('could not alert a clerk change', { meeting: meeting.id, error: (err as Error).message });
    return ['The change is saved, but the alert to the committee could not be posted.'];
  }
}

// ---------------------------------------------------------------------------------------------
// The hook the bot exposes.

export interface Alerts {
  /** Alerts what a sync found changed: each change once, at Teams' pace. Never throws. */
  onMeetingChanges(changes: MeetingChange[]): Promise<void>;
  /**
   * At start-up, before the bot takes any turn: deliveries a crash left 'sending' become
   * 'unknown'. Returns what sends the rest of those alerts and reports them to the clerks.
   */
  recoverInterrupted(): Promise<() => Promise<void>>;
}

export function createAlerts(deps: AlertDeps): Alerts {
  return {
    onMeetingChanges: async (changes) => {
      const work = alertMeetingChanges(deps, changes).then(() => undefined);
      deps.background?.run(work);
      await work;
    },
    recoverInterrupted: async () => {
      const open = await deps.records.alertSends.unfinished();
      for (const send of open) {
        for (const [i, d] of send.deliveries.entries()) {
          if (d.outcome !== 'sending') continue;
          await mark(deps, send.id, i, {
            outcome: 'unknown',
            detail: 'the bot stopped while this alert was being sent; it was not sent again',
          });
          deps.logger?.warn('alert delivery interrupted by a restart; not repeated', { alert: send.id, target: d.target });
        }
      }
      return async () => {
        for (const { id } of open) {
          try {
            const finished = await runAlert(deps, id);
            await reportToClerks(deps, finished);
          } catch (err) {
            deps.logger?.error('could not finish an interrupted alert', { alert: id, error: (err as Error).message });
          }
        }
      };
    },
  };
}
