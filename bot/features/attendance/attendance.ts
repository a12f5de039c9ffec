import type { CardViewModel } from '../../cards/render';
import { formatDate, londonDate } from '../../format';
import type { Entities } from '../../recognition/types';
import type { Committee, Meeting, Minutes, Person, Source } from '../../store/schema';
import { messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { committeeIdOf } from '../meetings/meetings';
import { peopleByIds } from '../membership/membership';
import { personLabel } from '../shared/guards';
import { shorten } from '../shared/paging';

/**
 * Who attended a meeting, and a person's attendance, as the minutes record it: present (and
 * whom a substitute stood in for), apologies (and who substituted), officers and others in
 * attendance. Attendance is a statutory record, so only minutes count as attendance: apologies
 * recorded in the bot for a meeting whose minutes are not held yet are shown as "apologies sent",
 * never as attendance or absence. A meeting or person the store does not hold gets an honest
 * answer and what is held as buttons, never another meeting's or person's record.
 */

export const ATTENDANCE_TEMPLATE = 'attendance';
const MAX_OFFERED = 8;
/** Lines in one section at most, so the card stays under 28 KB whatever is stored. */
const MAX_LINES = 40;

/** The first MAX_LINES lines, and how many more there are. */
function capped(lines: string[]): string[] {
  return lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES), `and ${lines.length - MAX_LINES} more`];
}

export interface AttendanceSection {
  heading: string;
  lines: string[];
}

export interface AttendanceView extends CardViewModel {
  title: string;
  intro: string;
  sections: AttendanceSection[];
  sources: string[];
  offers: QuestionButton[];
  options: QuestionButton[];
}

function sourceLine(source: Source): string {
  const page = source.page ? `, ${/^\d+$/.test(source.page) ? 'page' : 'pages'} ${source.page}` : '';
  return `${source.document}${source.section ? `, ${source.section}` : ''}${page}`;
}

function view(title: string, intro: string, summary: string): AttendanceView {
  return { summary, title, intro, sections: [], sources: [], offers: [], options: [] };
}

/** What attendance answers are made from, read once per question. */
interface AttendanceRecords {
  now: Date;
  committee: Committee | undefined;
  /** The committee's meetings not cancelled, oldest first. */
  meetings: Meeting[];
  minutes: ReadonlyMap<string, Minutes>;
  /** For meetings whose minutes are not held: who has apologies sent (not withdrawn) through the bot. */
  apologiesSent: ReadonlyMap<string, string[]>;
  people: ReadonlyMap<string, Person>;
}

async function attendanceRecords(ctx: AskContext, personId: string | undefined): Promise<AttendanceRecords> {
  const committeeId = await committeeIdOf(ctx);
  const committee = committeeId ? await ctx.records.committees.get(committeeId) : undefined;
  const meetings = (await ctx.records.meetings.list(committeeId)).filter((m) => m.status !== 'cancelled');
  const minutes = new Map<string, Minutes>();
  const apologiesSent = new Map<string, string[]>();
  await Promise.all(
    meetings.map(async (m) => {
      const held = await ctx.records.minutes.ofMeeting(m.id);
      if (held) minutes.set(m.id, held);
      else
        apologiesSent.set(
          m.id,
          (await ctx.records.apologies.forMeeting(m.id)).filter((a) => a.status === 'sent').map((a) => a.personId),
        );
    }),
  );
  const named = [
    ...(personId ? [personId] : []),
    ...(committee?.membership.map((m) => m.personId) ?? []),
    ...[...minutes.values()].flatMap((x) => [
      ...x.present,
      ...x.apologies.flatMap((a) => [a.personId, ...(a.substituteId ? [a.substituteId] : [])]),
    ]),
    ...[...apologiesSent.values()].flat(),
  ];
  return { now: ctx.now, committee, meetings, minutes, apologiesSent, people: await peopleByIds(ctx.records, named) };
}

/** Meetings whose minutes are held, newest first. */
function heldMinutes(r: AttendanceRecords): { meeting: Meeting; minutes: Minutes }[] {
  return r.meetings
    .flatMap((meeting) => {
      const minutes = r.minutes.get(meeting.id);
      return minutes ? [{ meeting, minutes }] : [];
    })
    .reverse();
}

function shortDate(meeting: Meeting): string {
  return formatDate(meeting.date).replace(/^\w+ /, '');
}

function meetingButtons(r: AttendanceRecords): QuestionButton[] {
  return heldMinutes(r)
    .slice(0, MAX_OFFERED)
    .map(({ meeting }) => ({ label: `Attendance ${shortDate(meeting)}`, text: `who attended on ${shortDate(meeting)}` }));
}

function heldLine(r: AttendanceRecords): string {
  const held = heldMinutes(r);
  return held.length === 0
    ? 'I hold no minutes, so no attendance.'
    : `I hold attendance from the minutes of ${held.map(({ meeting }) => formatDate(meeting.date)).join(', ')}.`;
}

function name(r: AttendanceRecords, id: string): string {
  return personLabel(r.people.get(id), 'someone not on the records');
}

/** The meeting a question names: a date or month, "last" or "next"; none named is undefined. */
function meetingAsked(r: AttendanceRecords, e: Entities): { meeting?: Meeting; named: string } {
  const today = londonDate(r.now);
  const all = r.meetings;
  if (e.unmatchedDate) return { named: e.unmatchedDate };
  if (e.date) {
    const inRange = all.filter((m) => m.date >= e.date!.from && m.date <= e.date!.to);
    return { meeting: inRange.find((m) => r.minutes.has(m.id)) ?? inRange[0], named: e.date.text };
  }
  if (e.relative === 'last') return { meeting: all.filter((m) => m.date <= today).at(-1), named: 'the last meeting' };
  if (e.relative === 'next') return { meeting: all.find((m) => m.date > today), named: 'the next meeting' };
  return { named: '' };
}

/** One person's part in one meeting, from its minutes; null when the minutes do not name them. */
function recordedAs(r: AttendanceRecords, minutes: Minutes, personId: string): string | null {
  const apology = minutes.apologies.find((a) => a.personId === personId);
  if (apology) {
    return apology.substituteId ? `apologies; ${name(r, apology.substituteId)} substituted` : 'apologies';
  }
  const stoodFor = minutes.apologies.find((a) => a.substituteId === personId);
  if (minutes.present.includes(personId)) {
    return stoodFor ? `present, as substitute for ${name(r, stoodFor.personId)}` : 'present';
  }
  const other = minutes.inAttendance.find((a) => a.personId === personId);
  if (other) return other.role ? `in attendance (${other.role})` : 'in attendance';
  return null;
}

/** Apologies recorded in the bot (not withdrawn) for a meeting whose minutes are not held. */
function apologiesSent(r: AttendanceRecords, meeting: Meeting): string[] {
  return r.apologiesSent.get(meeting.id) ?? [];
}

/** Who attended one meeting, or honestly why that is not held. */
function meetingAttendance(r: AttendanceRecords, meeting: Meeting): Answer {
  const minutes = r.minutes.get(meeting.id);
  const when = formatDate(meeting.date);
  if (!minutes) {
    const sent = apologiesSent(r, meeting);
    const future = meeting.date > londonDate(r.now);
    const why = future
      ? `The meeting of ${when} has not happened yet, so there is no attendance record.`
      : `The minutes of ${when} are not held yet, so I hold no attendance record for it.`;
    const v = view(`Attendance: ${when}`, why, '');
    if (sent.length > 0) {
      v.sections.push({
        heading: 'Apologies sent through this bot (not an attendance record)',
        lines: sent.map((id) => `${name(r, id)}: apologies sent`),
      });
    }
    v.sections.push({ heading: 'Attendance held', lines: [heldLine(r)] });
    v.offers = meetingButtons(r);
    v.summary = `${why} ${sent.length > 0 ? `Apologies sent: ${sent.map((id) => name(r, id)).join(', ')}.` : ''} ${heldLine(r)}`;
    return { template: ATTENDANCE_TEMPLATE, view: v };
  }
  const substituteFor = new Map(minutes.apologies.flatMap((a) => (a.substituteId ? [[a.substituteId, a.personId] as const] : [])));
  const present = minutes.present.map((id) => {
    const stoodFor = substituteFor.get(id);
    return stoodFor ? `${name(r, id)} (substitute for ${name(r, stoodFor)})` : name(r, id);
  });
  const apologies = minutes.apologies.map((a) =>
    a.substituteId ? `${name(r, a.personId)} (${name(r, a.substituteId)} substituted)` : name(r, a.personId),
  );
  const inAttendance = minutes.inAttendance.map((a) => shorten(a.role ? `${a.name}, ${a.role}` : a.name, 200).text);
  const v = view(`Attendance: ${when}`, `As recorded in the minutes of ${when}.`, '');
  v.sections = [
    { heading: `Present (${present.length})`, lines: present.length > 0 ? capped(present) : ['None recorded'] },
    { heading: `Apologies (${apologies.length})`, lines: apologies.length > 0 ? capped(apologies) : ['None recorded'] },
    { heading: `In attendance (${inAttendance.length})`, lines: inAttendance.length > 0 ? capped(inAttendance) : ['None recorded'] },
  ];
  v.sources = [sourceLine(minutes.source)];
  v.options = [{ label: `Minutes of ${shortDate(meeting)}`, text: `minutes of ${shortDate(meeting)}` }];
  v.summary = `Attendance ${when}. Present: ${capped(present).join(', ')}. Apologies: ${capped(apologies).join(', ') || 'none'}. In attendance: ${capped(minutes.inAttendance.map((a) => a.name)).join(', ')}.`;
  return { template: ATTENDANCE_TEMPLATE, view: v };
}

/** One person at one meeting, or across every meeting held, from the minutes and the apologies sent. */
function personAttendance(r: AttendanceRecords, personId: string, meeting: Meeting | undefined): Answer {
  const who = name(r, personId);
  const meetings = meeting ? [meeting] : r.meetings;
  const rows: string[] = [];
  const sources = new Set<string>();
  for (const m of meetings) {
    const minutes = r.minutes.get(m.id);
    if (minutes) {
      const as = recordedAs(r, minutes, personId);
      if (as || meeting) rows.push(`${formatDate(m.date)}: ${as ?? 'not named in the minutes'}`);
      if (as || meeting) sources.add(sourceLine(minutes.source));
    } else if (apologiesSent(r, m).includes(personId)) {
      rows.push(`${formatDate(m.date)}: apologies sent (the minutes are not held yet; not an attendance record)`);
    } else if (meeting) {
      rows.push(
        m.date > londonDate(r.now)
          ? `${formatDate(m.date)}: the meeting has not happened yet`
          : `${formatDate(m.date)}: the minutes are not held yet, so I hold no attendance record`,
      );
    }
  }
  const title = meeting ? `${who}: ${formatDate(meeting.date)}` : `Attendance record: ${who}`;
  const v = view(
    title,
    meeting ? '' : `Every meeting whose minutes I hold that records ${who}, and apologies sent for meetings not yet minuted.`,
    '',
  );
  // Newest first, so a long record shows the latest meetings.
  const shown = capped([...rows].reverse());
  v.sections = [
    { heading: meeting ? 'Recorded as' : 'Meetings', lines: rows.length > 0 ? shown : [`The minutes I hold do not name ${who}.`] },
  ];
  if (!meeting && rows.length === 0) v.sections.push({ heading: 'Attendance held', lines: [heldLine(r)] });
  v.sources = [...sources];
  if (meeting) v.options = [{ label: `Attendance record: ${shorten(who, 40).text}`, text: `attendance record for ${who}` }];
  else v.offers = meetingButtons(r);
  v.summary = `${title}. ${shown.join('. ') || `The minutes I hold do not name ${who}.`}`;
  return { template: ATTENDANCE_TEMPLATE, view: v };
}

/** A person named by title or "record for" that the store does not hold: "Councillor Smith". */
function unknownPersonNamed(text: string): string | undefined {
  const titled = /\b((?:councillor|cllr|mr|mrs|ms|miss|dr)\.?\s+[A-Za-z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)/i.exec(text)?.[1];
  if (titled) return titled.trim();
  return /\b(?:attendance|record)\s+(?:record\s+)?(?:for|of)\s+([A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*)?)\s*\??$/i
    .exec(text)?.[1]
    ?.replace(/^(?:the|last|next|this|june|meeting)\b.*$/i, '')
    .trim();
}

function memberButtons(r: AttendanceRecords): QuestionButton[] {
  return (r.committee?.membership ?? []).slice(0, MAX_OFFERED).map((m) => {
    const who = name(r, m.personId);
    return { label: shorten(who, 40).text, text: `attendance record for ${who}` };
  });
}

/** The answer to an attendance question: a meeting's attendance, or a person's. */
export async function attendanceAnswer(ctx: AskContext, e: Entities, text: string, personId: string | undefined): Promise<Answer> {
  const r = await attendanceRecords(ctx, personId);
  const asked = meetingAsked(r, e);
  if (asked.named && !asked.meeting) {
    // The attendance card, not a message: its buttons sit in the body, where any number fit.
    const line = `I don't hold a meeting for ${shorten(asked.named, 80).text}. ${heldLine(r)}`;
    return { template: ATTENDANCE_TEMPLATE, view: { ...view('No such meeting', line, line), offers: meetingButtons(r) } };
  }
  if (personId) return personAttendance(r, personId, asked.meeting);
  const unknown = unknownPersonNamed(text);
  if (unknown) {
    const shown = shorten(unknown, 80).text;
    return {
      template: ATTENDANCE_TEMPLATE,
      view: {
        ...view(
          'Attendance',
          `I don't hold anyone called "${shown}". These are the committee's members:`,
          `I don't hold anyone called "${shown}".`,
        ),
        offers: memberButtons(r),
      },
    };
  }
  const meeting = asked.meeting ?? heldMinutes(r)[0]?.meeting;
  if (!meeting) return messageAnswer('Attendance', [heldLine(r)]);
  return meetingAttendance(r, meeting);
}
