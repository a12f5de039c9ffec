import { londonDate, londonInstant } from '../format';
import type { Committee, Meeting } from './schema';

/**
 * The earliest a meeting can start: its start time, or the beginning of its day when the time is
 * still to be confirmed. For ordering meetings and for the reminder scheduler (a scheduled
 * reminder never goes out once a meeting may have begun); whether a meeting has started is
 * `hasStarted`, never this instant compared with the clock.
 */
export function meetingStart(meeting: Meeting): Date {
  return londonInstant(meeting.date, meeting.startTime ?? '00:00');
}

/**
 * Whether a meeting has started: the one rule behind "upcoming", "next meeting" and refusing to
 * record anything for a meeting that has begun. A meeting with a known start time has started
 * from that time. A meeting whose time is still to be confirmed counts as not started until the
 * end of its day (London): on that day members can still send apologies or declare interests and
 * "next meeting" still finds it, and the clerk, who knows when it met, settles anything sent
 * after it. Deadlines from the meeting's date (agenda publication) do not depend on this.
 */
export function hasStarted(meeting: Meeting, now: Date): boolean {
  // Before today (London) a meeting has started whatever its time; after today it has not.
  // Only today's meetings need the instant worked out.
  const today = londonDate(now);
  if (meeting.date !== today) return meeting.date < today;
  const startedBy = meeting.startTime ? meetingStart(meeting) : londonInstant(dayAfter(meeting.date));
  return startedBy.getTime() <= now.getTime();
}

/** A meeting is ahead while it has not started (see hasStarted) and is not cancelled. */
export function isUpcoming(meeting: Meeting, now: Date): boolean {
  return meeting.status !== 'cancelled' && !hasStarted(meeting, now);
}

/**
 * The last moment a substitute can be notified: the committee's notice period before the start.
 * Null when the start time is still to be confirmed: the deadline cannot be known, so a
 * substitute is accepted and the clerk confirms it once the time is set.
 */
export function substitutionDeadline(meeting: Meeting, committee: Committee): Date | null {
  if (!meeting.startTime) return null;
  return new Date(meetingStart(meeting).getTime() - committee.substituteNoticeMinutes * 60_000);
}

/** "2023-11-17" for "2023-11-16" (calendar arithmetic, no time zone involved). */
function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}
