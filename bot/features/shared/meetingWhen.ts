import { formatDate, formatDateTime, formatMinutes } from '../../format';
import { meetingStart, substitutionDeadline } from '../../store/meetingTime';
import type { Committee, Meeting } from '../../store/schema';

/**
 * The only way a meeting's date and time are shown to anyone (cards, confirmations, refusals,
 * reminders, minutes text): a meeting whose start time is not known is "time to be confirmed",
 * never midnight, which is only where meetingStart puts it for ordering and scheduling.
 */
export function meetingWhen(meeting: Meeting): string {
  return meeting.startTime ? formatDateTime(meetingStart(meeting)) : `${formatDate(meeting.date)}, time to be confirmed`;
}

/** When substitutes must be notified by: a time only when the meeting's start time is known. */
export function substitutionDeadlineText(meeting: Meeting, committee: Committee): string {
  const deadline = substitutionDeadline(meeting, committee);
  if (!deadline) {
    return `${formatMinutes(committee.substituteNoticeMinutes)} before the meeting on ${formatDate(meeting.date)} starts (its time is to be confirmed)`;
  }
  return formatDateTime(deadline);
}
