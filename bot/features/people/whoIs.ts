import type { CardViewModel } from '../../cards/render';
import { formatDate, listNames } from '../../format';
import type { Person } from '../../store/schema';
import { chooseAnswer, messageAnswer, type Answer, type QuestionButton } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { personLabel } from '../shared/guards';
import { shorten } from '../shared/paging';

/**
 * "Who is Janet Simon", "who is the lead officer for fostering", "who is the Corporate Director of
 * Children's Services": a person as the papers give them (name, title, job title, organisation,
 * the committees they sit on or clerk, the agenda items and work programme topics they lead, the
 * actions they own) and contact details only where the papers give them.
 *
 * A name, job title or topic the store does not hold gets an honest answer, never another person:
 * a surname shared by several people only picks those whose first name (if typed) is the one
 * typed. Restricted (exempt) agenda items are never listed.
 */

export const PERSON_TEMPLATE = 'person';
/** Rows of each kind on one card; the rest are counted ("and 3 more"). */
const ROWS_PER_SECTION = 8;

export interface PersonSection {
  heading: string;
  rows: string[];
}

export interface PersonView extends CardViewModel {
  title: string;
  intro: string;
  /** "Officer: Assistant Director, Children's Social Care and Early Help" */
  role: string;
  facts: { title: string; value: string }[];
  contact: string;
  sections: PersonSection[];
  source: string;
  options: QuestionButton[];
}

const KIND_WORDS: Record<Person['kind'], string> = { member: 'Member', officer: 'Officer', clerk: 'Clerk', other: 'Other' };
const ROLE_WORDS = { chair: 'Chair', 'vice-chair': 'Vice-chair', member: 'Member', 'co-opted': 'Co-opted member' } as const;

/** Words that are never a first name typed before a surname ("who is Smith", "contact Cllr Smith"). */
const NOT_A_FIRST_NAME = new Set(
  (
    'who whos is was are about for of to contact email call ring reach with me and does do tell the know ' +
    'details address number phone find councillor cllr dr mr mrs ms miss mx prof professor sir dame lord lady ' +
    'officer director s what whats on at by from'
  ).split(' '),
);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9-]+/)
    .filter((w) => w !== '');
}

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ss')) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Those of `ids` whose name is the one typed: a different first name before their surname rules them out. */
export function namedAsTyped(people: readonly Person[], text: string): Person[] {
  const words = tokens(text);
  return people.filter((p) => {
    const parts = tokens(p.name);
    const surname = parts.at(-1);
    if (!surname) return false;
    const at = words.lastIndexOf(surname);
    if (at < 0) return true; // named another way the recogniser knows; trust it
    const before = words[at - 1];
    if (before === undefined || NOT_A_FIRST_NAME.has(before)) return true;
    return parts.length > 1 && parts.slice(0, -1).includes(before);
  });
}

const GENERIC = new Set(
  (
    'the a an of for and in on to who is was what whats are our your this that lead leads leading officer officers ' +
    'responsible person people in charge director manager head team senior assistant strategic interim deputy ' +
    'report reports update item items paper papers topic committee council thurrock presenting present presents ' +
    'presented job title role do does please tell me about'
  ).split(' '),
);

/** The words that say what a question is about (question words and generic roles removed). */
function subjectWords(subject: string, keepGeneric = false): string[] {
  return tokens(subject)
    .filter((w) => keepGeneric || !GENERIC.has(w))
    .map(stem);
}

function wordsOf(text: string): Set<string> {
  return new Set(tokens(text).map(stem));
}

/** A printed "Name, Job title" (or "Democratic Services") names a person when it holds their full name. */
function leads(person: Person, printed: string | null): boolean {
  return printed !== null && printed.toLowerCase().includes(person.name.toLowerCase());
}

async function personView(ctx: AskContext, person: Person, intro: string): Promise<PersonView> {
  const label = personLabel(person);
  const committees = await ctx.records.committees.all();
  const committeeRows: string[] = [];
  for (const c of committees) {
    const m = c.membership.find((x) => x.personId === person.id);
    if (m) committeeRows.push(`${c.name}: ${ROLE_WORDS[m.role]}${m.representing ? ` (${m.representing})` : ''}`);
    if (c.substitutes.includes(person.id)) committeeRows.push(`${c.name}: Substitute`);
    if (c.clerkIds.includes(person.id)) committeeRows.push(`${c.name}: Clerk`);
  }
  const itemRows: string[] = [];
  const meetings = await ctx.records.meetings.list();
  const meetingById = new Map(meetings.map((m) => [m.id, m]));
  for (const meeting of meetings) {
    for (const item of meeting.agendaItems) {
      if (item.restricted || !leads(person, item.leadOfficer)) continue;
      const pages = item.pages ? `, pages ${item.pages.from} to ${item.pages.to}` : '';
      itemRows.push(`${formatDate(meeting.date)}: item ${item.number}, ${item.title}${pages}`);
    }
  }
  const workRows: string[] = [];
  for (const c of committees) {
    for (const w of await ctx.records.workProgramme.forCommittee(c.id)) {
      if (!leads(person, w.leadOfficer)) continue;
      const meeting = w.meetingId ? meetingById.get(w.meetingId) : undefined;
      workRows.push(`${w.topic} (${meeting ? formatDate(meeting.date) : 'to be scheduled'})`);
    }
  }
  const actionRows = (await ctx.records.actions.open())
    .filter((a) => a.owner?.personId === person.id)
    .map((a) => `${a.reference}: ${a.text}${a.dueText ? ` (due ${a.dueText})` : ''}`);

  const section = (heading: string, rows: string[]): PersonSection[] => {
    if (rows.length === 0) return [];
    const shown = rows.slice(0, ROWS_PER_SECTION).map((r) => shorten(r, 240).text);
    if (rows.length > shown.length) shown.push(`and ${rows.length - shown.length} more`);
    return [{ heading, rows: shown }];
  };

  const facts: { title: string; value: string }[] = [];
  if (person.organisation) facts.push({ title: 'Organisation', value: person.organisation });
  if (person.email) facts.push({ title: 'Email', value: person.email });

  const clerkOf = committees.filter((c) => c.clerkIds.includes(person.id));
  const democratic =
    clerkOf.find((c) => c.apologiesContact)?.apologiesContact ?? committees.find((c) => c.apologiesContact)?.apologiesContact;
  let contact: string;
  if (person.email) contact = '';
  else if (clerkOf.length > 0 && democratic)
    contact = `The papers give no personal email for ${label}; the committee's contact is ${democratic}.`;
  else contact = `The papers give no contact details for ${label}.${democratic ? ` Democratic Services: ${democratic}.` : ''}`;

  const role = [KIND_WORDS[person.kind], person.jobTitle].filter(Boolean).join(': ');
  const sections = [
    ...section('Committees', committeeRows),
    ...section('Agenda items they lead', itemRows),
    ...section('Work programme topics they lead', workRows),
    ...section('Open actions they own', actionRows),
  ];
  const page = person.source?.page ? `, ${/^\d+$/.test(person.source.page) ? 'page' : 'pages'} ${person.source.page}` : '';
  const source = person.source ? `Source: ${person.source.document}${page}` : '';
  return {
    summary: [
      intro,
      `${label}. ${role}.`,
      ...sections.map((s) => `${s.heading}: ${s.rows.join('; ')}.`),
      contact,
      person.email ? `Email: ${person.email}.` : '',
    ]
      .filter((s) => s !== '')
      .join(' '),
    title: label,
    intro,
    role,
    facts,
    contact,
    sections,
    source,
    options: actionRows.length > 0 ? [{ label: `Actions for ${shorten(person.name, 60).text}`, text: `actions for ${person.name}` }] : [],
  };
}

async function onePersonAnswer(ctx: AskContext, person: Person, intro = ''): Promise<Answer> {
  return { template: PERSON_TEMPLATE, view: await personView(ctx, person, intro) };
}

function choosePeople(people: readonly Person[], question: string): Answer {
  return chooseAnswer(
    'Which person?',
    question,
    people.slice(0, 5).map((p) => ({ label: shorten(personLabel(p), 80).text, text: `who is ${p.name}` })),
  );
}

/** What follows "who is (the)" / "lead officer for" etc.: the words the question is about. */
function askedAbout(text: string): string {
  const lower = text
    .toLowerCase()
    .replace(/[?!.]+\s*$/, '')
    .trim();
  const m =
    /\b(?:lead officer|responsible|in charge|lead|leads|leading|presents|presenting|presented|present|heads|runs|manages|deals with|looks after)\b(?: on| for| of| about| with| the)*\s+(.+)$/.exec(
      lower,
    ) ??
    /\b(?:who|whos|who's) (?:is|was)\s+(?:the\s+)?(.+)$/.exec(lower) ??
    /\b(?:contact details|email|e-mail|phone number)(?: address)? (?:for|of)\s+(.+)$/.exec(lower);
  return (m?.[1] ?? lower).trim();
}

const LEAD_QUESTION =
  /\b(?:lead officer|responsible|in charge|leads?|leading|presents?|presenting|presented|heads|runs|manages|deals with|looks after)\b/i;

/** The answer to "who is ...". `personIds` are the people the recogniser found named. */
export async function whoIs(ctx: AskContext, personIds: readonly string[] | undefined, text: string): Promise<Answer> {
  const people = await ctx.records.people.all();
  const byId = new Map<string, Person>(people.map((p) => [p.id, p]));
  const named = (personIds ?? []).map((id) => byId.get(id)).filter((p): p is Person => p !== undefined);
  if (named.length > 0) {
    const asTyped = namedAsTyped(named, text);
    if (asTyped.length === 1) return onePersonAnswer(ctx, asTyped[0]!);
    if (asTyped.length > 1) return choosePeople(asTyped, 'More than one person I hold has that name. Which one do you mean?');
    return notHeld(people, askedAbout(text), 'anyone called');
  }

  const about = askedAbout(text);
  const shownAbout = shorten(about, 120).text;

  if (LEAD_QUESTION.test(text)) {
    const topic = subjectWords(about);
    if (topic.length > 0) {
      const byItems = new Map<string, string[]>();
      const note = (p: Person, what: string) => byItems.set(p.id, [...(byItems.get(p.id) ?? []), what]);
      for (const meeting of await ctx.records.meetings.list()) {
        for (const item of meeting.agendaItems) {
          if (item.restricted) continue;
          const have = wordsOf(`${item.title} ${item.description ?? ''}`);
          if (!topic.every((w) => have.has(w))) continue;
          for (const p of people.filter((x) => leads(x, item.leadOfficer)))
            note(p, `item ${item.number}, ${item.title} (${formatDate(meeting.date)})`);
        }
      }
      for (const c of await ctx.records.committees.all()) {
        for (const w of await ctx.records.workProgramme.forCommittee(c.id)) {
          const have = wordsOf(w.topic);
          if (!topic.every((x) => have.has(x))) continue;
          for (const p of people.filter((x) => leads(x, w.leadOfficer))) note(p, `the work programme topic ${w.topic}`);
        }
      }
      for (const p of people) {
        const have = wordsOf(p.jobTitle ?? '');
        if (p.jobTitle && topic.every((w) => have.has(w))) note(p, `their job: ${p.jobTitle}`);
      }
      const leaders = [...byItems.keys()].map((id) => byId.get(id)).filter((p): p is Person => p !== undefined);
      if (leaders.length === 1) {
        const p = leaders[0]!;
        const what = [...new Set(byItems.get(p.id))].slice(0, 3).map((s) => shorten(s, 160).text);
        return onePersonAnswer(ctx, p, `The papers name ${personLabel(p)} as the lead for "${shownAbout}": ${listNames(what)}.`);
      }
      if (leaders.length > 1) {
        return choosePeople(leaders, `The papers name more than one lead for "${shownAbout}". Whose details would you like?`);
      }
      return notHeld(people, about, 'a lead officer for');
    }
  }

  // A job title: every word asked appears in the person's job title (or their role on a committee).
  const wanted = subjectWords(about, true).filter(
    (w) => !['the', 'a', 'an', 'our', 'who', 'is', 'was', 'of', 'for', 'and', 'in', 'on', 'to', 'at'].includes(w),
  );
  if (wanted.length > 0) {
    const byTitle = people.filter((p) => {
      const have = wordsOf(`${p.jobTitle ?? ''} ${p.organisation ?? ''}`);
      return p.jobTitle !== undefined && wanted.every((w) => have.has(w));
    });
    if (byTitle.length === 1) return onePersonAnswer(ctx, byTitle[0]!);
    if (byTitle.length > 1) return choosePeople(byTitle, `More than one person I hold is a "${shownAbout}". Which one do you mean?`);
  }
  return notHeld(people, about, 'anyone called or with the job title');
}

/** An honest "I don't hold ...", with people whose job title shares a distinctive word as buttons. */
function notHeld(people: readonly Person[], about: string, what: string): Answer {
  const shown = shorten(about, 120).text;
  const distinctive = subjectWords(about);
  const related =
    distinctive.length === 0
      ? []
      : people.filter((p) => {
          const have = wordsOf(`${p.jobTitle ?? ''} ${p.name}`);
          return distinctive.some((w) => have.has(w));
        });
  const lines = [`I don't hold ${what} "${shown}".`];
  if (related.length > 0) lines.push('These people I hold may be who you mean:');
  else lines.push('Ask "who is on the committee" for its members, or "who is the clerk".');
  return messageAnswer(
    'Not someone I hold',
    lines,
    related
      .slice(0, 5)
      .map((p) => ({ label: shorten(`${personLabel(p)}${p.jobTitle ? `, ${p.jobTitle}` : ''}`, 80).text, text: `who is ${p.name}` })),
  );
}
