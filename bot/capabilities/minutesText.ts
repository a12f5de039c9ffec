import { formatDateTime, listNames } from '../format';
import { meetingStart } from '../store/repositories';
import type { Meeting, Person } from '../store/schema';
import { messageAnswer, type Answer, type QuestionContext } from './answer';
import { INTEREST_KINDS } from './declarations';
import { clerkContact, isClerkOf } from './records';

/**
 * Draft minutes for the standing items "Apologies for Absence" and "Declaration of Interests",
 * in the style of the council's own minutes, ready for the clerk to copy.
 */
function councillor(person: Person | undefined): string {
  if (!person) return 'an unknown member';
  return person.title === 'Councillor' ? `Councillor ${person.name}` : `${person.title ? `${person.title} ` : ''}${person.name}`;
}


export function apologiesMinute(ctx: QuestionContext, meeting: Meeting): string {
  const sent = ctx.repo
    .apologiesFor(meeting.id)
    .filter((a) => a.status === 'sent')
    .map((a) => ({ member: ctx.repo.person(a.personId), substitute: a.substituteId ? ctx.repo.person(a.substituteId) : undefined }))
    .sort((a, b) => (a.member?.name ?? '').localeCompare(b.member?.name ?? ''));
  if (sent.length === 0) return 'No apologies for absence were received.';
  const lines = [`Apologies for absence were received from ${listNames(sent.map((s) => councillor(s.member)))}.`];
  for (const s of sent.filter((x) => x.substitute)) {
    lines.push(`${councillor(s.substitute)} attended as substitute for ${councillor(s.member)}.`);
  }
  return lines.join(' ');
}

export function declarationsMinute(ctx: QuestionContext, meeting: Meeting): string {
  const declared = ctx.repo.declarationsFor(meeting.id).filter((x) => x.status === 'declared');
  if (declared.length === 0) return 'No interests were declared.';
  const order = new Map(meeting.agendaItems.map((item, i) => [item.number, i]));
  return declared
    .slice()
    .sort((a, b) => (order.get(a.agendaItemNumber) ?? 0) - (order.get(b.agendaItemNumber) ?? 0))
    .map((x) => {
      const item = meeting.agendaItems.find((i) => i.number === x.agendaItemNumber);
      const kind = INTEREST_KINDS.find((k) => k.kind === x.kind)!.label.toLowerCase();
      const left = x.kind === 'disclosable-pecuniary' ? ' and left the room during its consideration' : '';
      return `${councillor(ctx.repo.person(x.personId))} declared a ${kind} in item ${x.agendaItemNumber}${item ? `, ${item.title}` : ''}, as ${x.nature.replace(/[.\s]+$/, '')}${left}.`;
    })
    .join('\n');
}

export function minutesText(ctx: QuestionContext, meeting: Meeting): Answer {
  const committee = ctx.repo.committee(meeting.committeeId)!;
  if (!isClerkOf(ctx.identity, committee)) {
    return messageAnswer('For clerks', [
      `Draft minutes text is prepared for the committee's clerk. Please contact ${clerkContact(ctx.repo, committee)}.`,
    ]);
  }
  const apologies = apologiesMinute(ctx, meeting);
  const declarations = declarationsMinute(ctx, meeting);
  const when = formatDateTime(meetingStart(meeting));
  const itemNo = (title: RegExp) => meeting.agendaItems.find((i) => title.test(i.title))?.number;
  return {
    template: 'minutes-text',
    view: {
      summary: `Draft minutes for ${committee.name}, ${when}. Apologies: ${apologies} Declarations: ${declarations}`,
      title: 'Draft minutes text',
      meeting: `${committee.name}, ${when}`,
      sections: [
        { heading: `${itemNo(/apolog/i) ?? ''} Apologies for Absence`.trim(), paragraphs: [apologies] },
        { heading: `${itemNo(/declar/i) ?? ''} Declaration of Interests`.trim(), paragraphs: declarations.split('\n') },
      ],
      note: 'Based on the apologies and declarations recorded through Committee Assistant. Check against what was said at the meeting before publishing.',
    },
  };
}
