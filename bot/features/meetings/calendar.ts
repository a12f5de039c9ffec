import { formatInTimeZone } from 'date-fns-tz';
import { formatDate, TIME_ZONE } from '../../format';
import { meetingStart } from '../../store/meetingTime';
import type { Repository } from '../../store/repository';
import type { Meeting } from '../../store/schema';
import { agendaStatus, pagesText, RESTRICTED_NOTE } from './meetings';

/**
 * A meeting as an iCalendar (RFC 5545) invitation, served at GET /meetings/{id}.ics with
 * Content-Type text/calendar. Hand-written because it is small: CRLF line endings, lines folded
 * at 75 octets, TEXT values escaped, times in Europe/London with its VTIMEZONE, DTSTAMP in UTC.
 * A meeting whose time is to be confirmed is an all-day event; restricted items give their
 * titles only.
 */

/** Length of a meeting whose end time is not known. */
export const DEFAULT_DURATION_MINUTES = 150;

const PRODID = '-//Committee Assistant//Committee meetings//EN';

/** Europe/London since 1996: BST from the last Sunday of March, GMT from the last Sunday of October. */
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'X-LIC-LOCATION:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export async function meetingCalendar(
  records: Repository,
  meetingId: string,
  now: Date,
): Promise<{ filename: string; body: string } | null> {
  const meeting = await records.meetings.get(meetingId);
  if (!meeting) return null;
  const committee = await records.committees.get(meeting.committeeId);
  const committeeName = committee?.name ?? 'Committee meeting';
  const cancelled = meeting.status === 'cancelled';

  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...LONDON_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${escapeText(meeting.id)}@committee-assistant`,
    `DTSTAMP:${utcStamp(now)}`,
    ...eventTimes(meeting),
    `SUMMARY:${escapeText(cancelled ? `Cancelled: ${committeeName}` : committeeName)}`,
    `LOCATION:${escapeText(meeting.venue ?? 'Venue to be confirmed')}`,
    `DESCRIPTION:${escapeText(description(meeting, committeeName, now))}`,
    ...(meeting.webcastUrl ? [`URL:${meeting.webcastUrl}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : meeting.startTime ? 'CONFIRMED' : 'TENTATIVE'}`,
    `TRANSP:${meeting.startTime ? 'OPAQUE' : 'TRANSPARENT'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return { filename: `${meeting.id}.ics`, body: lines.map(foldLine).join('\r\n') + '\r\n' };
}

function eventTimes(meeting: Meeting): string[] {
  if (!meeting.startTime) {
    const next = new Date(
      Date.UTC(Number(meeting.date.slice(0, 4)), Number(meeting.date.slice(5, 7)) - 1, Number(meeting.date.slice(8, 10)) + 1),
    );
    return [
      `DTSTART;VALUE=DATE:${meeting.date.replace(/-/g, '')}`,
      `DTEND;VALUE=DATE:${next.toISOString().slice(0, 10).replace(/-/g, '')}`,
    ];
  }
  const start = meetingStart(meeting);
  const end = new Date(start.getTime() + DEFAULT_DURATION_MINUTES * 60_000);
  return [`DTSTART;TZID=${TIME_ZONE}:${londonStamp(start)}`, `DTEND;TZID=${TIME_ZONE}:${londonStamp(end)}`];
}

function description(meeting: Meeting, committeeName: string, now: Date): string {
  const parts: string[] = [committeeName];
  if (meeting.status === 'cancelled') {
    parts.push(`This meeting has been cancelled${meeting.cancelledReason ? `: ${meeting.cancelledReason}` : ''}.`);
  }
  if (!meeting.startTime) parts.push(`${formatDate(meeting.date)}: time to be confirmed.`);
  if (!meeting.venue) parts.push('Venue to be confirmed.');
  parts.push(`${agendaStatus(meeting, now)}.`);
  if (meeting.agendaItems.length > 0) {
    parts.push('', 'Agenda:');
    for (const item of meeting.agendaItems) {
      if (item.restricted) {
        parts.push(`${item.number}. ${item.title} - ${RESTRICTED_NOTE}`);
        continue;
      }
      const pages = pagesText(item.pages);
      parts.push(`${item.number}. ${item.title}${pages ? ` (${pages})` : ''}`);
    }
  }
  if (meeting.webcastUrl) parts.push('', `Webcast: ${meeting.webcastUrl}`);
  parts.push('', `Source: ${meeting.source.document}`);
  return parts.join('\n');
}

/** RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * RFC 5545 3.1: lines longer than 75 octets are split, each continuation starting with a space.
 * Splits never fall inside a UTF-8 character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > 75) {
      out.push(current);
      current = ' ';
      bytes = 1;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** 20230905T080000Z */
function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** 20230912T190000 (London wall clock) */
function londonStamp(instant: Date): string {
  return formatInTimeZone(instant, TIME_ZONE, "yyyyMMdd'T'HHmmss");
}
