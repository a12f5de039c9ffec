import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_RECOGNISED_CHARS } from '../bot/recognition/normalise';
import { INTENT_TABLE, INTENTS, recognise, type Intent, type RecognitionContext } from '../bot/features/catalogue';
import type { Entities, Recognition } from '../bot/recognition/types';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildPerson, buildSeed } from './helpers/builders';

/**
 * The recogniser against the real seed (data/), at a pinned moment: Tuesday 5 September 2023,
 * 9 am in London. So "16 November" is 2023-11-16, "January" is January 2024, "Tuesday" is
 * 12 September (the coming Tuesday, not today), and "the June meeting" for actions is June 2023.
 * People, committees and indicators are the seed's: Councillor Aaron Green is a substitute,
 * Councillor Qaisar Abbas a member, Janet Simon an officer, and there are two Smiths.
 */
const now = new Date('2023-09-05T09:00:00+01:00');
const ctx: RecognitionContext = { now, data: storeFromSeed(loadSeed()) };

const day = (text: string, date: string) => ({ text, from: date, to: date });
const NOVEMBER_16 = day('16 November', '2023-11-16');
const TUESDAY = day('Tuesday', '2023-09-12');
const JANUARY = { text: 'January', from: '2024-01-01', to: '2024-01-31' };
const LAST_JUNE = { text: 'June', from: '2023-06-01', to: '2023-06-30' };

function recognised(text: string, context: RecognitionContext = ctx): Extract<Recognition, { kind: 'intent' }> {
  const result = recognise(text, context);
  if (result.kind !== 'intent') {
    throw new Error(`"${text}" was not understood; suggestions: ${result.suggestions.map((s) => s.text).join(' | ')}`);
  }
  return result;
}

/** [what the user types, the intent, the entities that must be there (others may be too)] */
const PHRASINGS: [string, Intent, Entities][] = [
  // help and greeting
  ['help', 'help', {}],
  ['what can you do', 'help', {}],
  ['?', 'help', {}],
  ['What can I ask you?', 'help', {}],
  ['how does this work', 'help', {}],
  ['hi', 'greeting', {}],
  ['hello', 'greeting', {}],
  ['good morning', 'greeting', {}],
  ['Hey there', 'greeting', {}],
  // next meeting
  ['when is the next meeting', 'nextMeeting', { relative: 'next' }],
  ['When is the next meeting?', 'nextMeeting', { relative: 'next' }],
  ['next committee', 'nextMeeting', { relative: 'next', committeeId: 'childrens-os' }],
  ["when's scrutiny next", 'nextMeeting', { relative: 'next', committeeId: 'childrens-os' }],
  ['next O&S', 'nextMeeting', { relative: 'next', committeeId: 'childrens-os' }],
  ['is there a meeting in January', 'nextMeeting', { date: JANUARY }],
  ['when do we meet next', 'nextMeeting', { relative: 'next' }],
  ['next meeting date', 'nextMeeting', { relative: 'next' }],
  ['where is the next meeting', 'nextMeeting', { relative: 'next' }],
  ['what time is the meeting on Tuesday', 'nextMeeting', { date: TUESDAY }],
  ['when was the last meeting', 'nextMeeting', { relative: 'last' }],
  ["When's the next committee meeting?", 'nextMeeting', { relative: 'next' }],
  ['Please can you tell me when the next meeting is', 'nextMeeting', { relative: 'next' }],
  ['is the meeting on 16 November still happening', 'nextMeeting', { date: NOVEMBER_16 }],
  // agenda
  ["what's on the agenda on 16 November", 'agenda', { date: NOVEMBER_16 }],
  ['agenda for the next meeting', 'agenda', { relative: 'next' }],
  ['show me the agenda', 'agenda', {}],
  ['agenda 12 September', 'agenda', { date: day('12 September', '2023-09-12') }],
  ["what's on Tuesday's agenda", 'agenda', { date: TUESDAY }],
  ['what is agenda item 6 about', 'agenda', { itemNumber: '6' }],
  ['items for the next meeting', 'agenda', { relative: 'next' }],
  ['agenda for the last meeting', 'agenda', { relative: 'last' }],
  // indicators
  ["what's the CP rate", 'indicator', { indicatorId: 'cp-rate' }],
  ['What’s the CP rate?', 'indicator', { indicatorId: 'cp-rate' }],
  ['current child protection rate', 'indicator', { indicatorId: 'cp-rate' }],
  ['how many children are on CP plans', 'indicator', { indicatorId: 'cp-rate' }],
  ['children in need rate', 'indicator', { indicatorId: 'cin-rate' }],
  ['re-referral rate', 'indicator', { indicatorId: 're-referral-rate' }],
  ['how many looked after children', 'indicator', { indicatorId: 'looked-after-children' }],
  ['reoffending rate', 'indicator', { indicatorId: 'reoffending-rate' }],
  ['what is the re-offending rate', 'indicator', { indicatorId: 'reoffending-rate' }],
  ['complaints upheld', 'indicator', { indicatorId: 'complaints-upheld' }],
  ['CIN rate', 'indicator', { indicatorId: 'cin-rate' }],
  ['how many children in care', 'indicator', { indicatorId: 'looked-after-children' }],
  ['LAC numbers', 'indicator', { indicatorId: 'looked-after-children' }],
  ['CLA', 'indicator', { indicatorId: 'looked-after-children' }],
  ['how is child protection performing', 'indicator', { indicatorId: 'cp-rate' }],
  ['record CP rate for Q4 2023/24: 32 per 10,000, 141 children', 'recordFigure', { indicatorId: 'cp-rate' }],
  ['Record the re-referral rate for Q4 2023/24 as 17.9%', 'recordFigure', { indicatorId: 're-referral-rate' }],
  ['log adoptions for 2023/24: 12', 'recordFigure', { indicatorId: 'adoptions' }],
  ['record a figure', 'recordFigure', {}],
  // a figure stated for a period is a record; the same words asked are questions
  ['the CP rate for Q4 2023/24 is 32 per 10,000', 'recordFigure', { indicatorId: 'cp-rate' }],
  ['CP rate Q4 2023/24 = 32', 'recordFigure', { indicatorId: 'cp-rate' }],
  ['the re-referral rate for 2023/24 was 21%', 'recordFigure', { indicatorId: 're-referral-rate' }],
  ['The CIN rate in Q1 2024/25 stands at 280', 'recordFigure', { indicatorId: 'cin-rate' }],
  ['record CP rate', 'recordFigure', { indicatorId: 'cp-rate' }],
  ['what is the CP rate', 'indicator', { indicatorId: 'cp-rate' }],
  ['what was the CP rate in Q3 2023/24', 'indicator', { indicatorId: 'cp-rate' }],
  ['is the CP rate above the national average?', 'indicator', { indicatorId: 'cp-rate' }],
  ['the CP rate', 'indicator', { indicatorId: 'cp-rate' }],
  ['the CP rate in 2023/24', 'indicator', { indicatorId: 'cp-rate' }],
  ['CP rate for Q3 2023/24 was 32?', 'indicator', { indicatorId: 'cp-rate' }],
  ['correct CP rate for Q3 2023/24 to 31 per 10,000', 'correctFigure', { indicatorId: 'cp-rate' }],
  ['correct a figure', 'correctFigure', {}],
  ['correct the CIN rate for Q3 2023/24: 250', 'correctFigure', { indicatorId: 'cin-rate' }],
  ['record my apologies for the meeting on 12 September', 'sendApologies', {}],
  ['family hubs', 'indicator', { indicatorId: 'family-hubs' }],
  ['member enquiries', 'indicator', { indicatorId: 'member-enquiries' }],
  // list indicators
  ['list indicators', 'listIndicators', {}],
  ['what indicators do you have', 'listIndicators', {}],
  ['performance indicators', 'listIndicators', {}],
  ['KPIs', 'listIndicators', {}],
  ['which KPIs are available', 'listIndicators', {}],
  ['what do you measure', 'listIndicators', {}],
  // actions
  ['open actions', 'openActions', {}],
  ['outstanding actions', 'openActions', {}],
  ['actions for Janet Simon', 'openActions', { personIds: ['janet-simon'] }],
  ['my actions', 'openActions', { self: true }],
  ['actions from the June meeting', 'openActions', { date: LAST_JUNE, actionOrigin: 'minutes' }],
  ['overdue actions', 'openActions', { overdue: true }],
  ['action plan', 'openActions', { actionOrigin: 'plan' }],
  ['thematic review actions', 'openActions', { actionOrigin: 'plan' }],
  ['which actions are late', 'openActions', { overdue: true }],
  ['actions for Cllr Muldowney', 'openActions', { personIds: ['sara-muldowney'] }],
  ['show actions owned by Janet Simon that are past due', 'openActions', { personIds: ['janet-simon'], overdue: true }],
  ['actions from the minutes', 'openActions', { actionOrigin: 'minutes' }],
  ['actions from the last meeting', 'openActions', { relative: 'last', actionOrigin: 'minutes' }],
  ['completed actions', 'completedActions', {}],
  ['which actions are done', 'completedActions', {}],
  ['completed actions for Janet Simon', 'completedActions', { personIds: ['janet-simon'] }],
  ['add action for the 12 September meeting: a breakdown of agency staff costs, owner Janet Simon, due 30 October', 'addAction', {}],
  ['add action', 'addAction', {}],
  ['add an action for the last meeting: ask the clerk to circulate the minutes', 'addAction', {}],
  ['action 3 done', 'updateAction', {}],
  ['mark action 3 as done', 'updateAction', {}],
  ['update action 1.1: presented to the board', 'updateAction', {}],
  ['update action 3: the clerk has the minutes and the agenda', 'updateAction', {}],
  ['action 2 will be late, new date 30 November', 'updateAction', {}],
  ['action 1.3.2 is amber', 'updateAction', {}],
  ['action 4 dropped', 'updateAction', {}],
  ['action 3', 'showAction', {}],
  ['show action 1.1', 'showAction', {}],
  ['chase action owners every Monday at 9am', 'chaseActions', {}],
  ['chase owners every Wednesday at 10.30am', 'chaseActions', {}],
  ['stop chasing', 'stopChasing', {}],
  ['stop chasing action owners', 'stopChasing', {}],
  ['what am I responsible for', 'openActions', { self: true }],
  // membership
  ['who is on the committee', 'membership', { membershipPart: 'all', committeeId: 'childrens-os' }],
  ['who chairs it', 'membership', { membershipPart: 'chair' }],
  ['who is the chair', 'membership', { membershipPart: 'chair' }],
  ['who is the vice-chair', 'membership', { membershipPart: 'vice-chair' }],
  ['vice chair', 'membership', { membershipPart: 'vice-chair' }],
  ['substitutes', 'membership', { membershipPart: 'substitutes' }],
  ['members', 'membership', { membershipPart: 'all' }],
  ['who can substitute', 'membership', { membershipPart: 'substitutes' }],
  ['co-opted members', 'membership', { membershipPart: 'co-opted' }],
  ["who's on children's scrutiny", 'membership', { membershipPart: 'all', committeeId: 'childrens-os' }],
  // work programme
  ["what's coming to the January meeting", 'workProgramme', { date: JANUARY }],
  ['work programme', 'workProgramme', {}],
  ["what's on the work programme", 'workProgramme', {}],
  ['forward plan', 'workProgramme', {}],
  ["what's planned for the next meeting", 'workProgramme', { relative: 'next' }],
  ["what's coming up", 'workProgramme', {}],
  // clerk
  ['who is the clerk', 'clerk', {}],
  ['how do I send apologies', 'clerk', {}],
  ['how can I send apologies?', 'clerk', {}],
  ['contact democratic services', 'clerk', {}],
  ['who do I contact about the meeting', 'clerk', {}],
  ['how do I withdraw my apologies', 'clerk', {}],
  ['what is the deadline for apologies', 'clerk', {}],
  ['who do I send apologies to', 'clerk', {}],
  // send apologies
  ['send my apologies for the next meeting', 'sendApologies', { relative: 'next', self: true }],
  ["apologies for 16 November, I'm on leave", 'sendApologies', { date: NOVEMBER_16, reason: "I'm on leave" }],
  [
    "I can't make Tuesday's committee, Cllr Green will substitute",
    'sendApologies',
    { date: TUESDAY, substituteIds: ['aaron-green'], self: true },
  ],
  ["I can't attend the next meeting", 'sendApologies', { relative: 'next', self: true }],
  ['give my apologies', 'sendApologies', { self: true }],
  ['send apologies on behalf of Cllr Abbas', 'sendApologies', { onBehalfOfIds: ['qaisar-abbas'] }],
  ['send apologies for Cllr Abbas, he is unwell', 'sendApologies', { onBehalfOfIds: ['qaisar-abbas'], reason: 'he is unwell' }],
  [
    "I won't be able to make the meeting on 16 November because I'm on holiday",
    'sendApologies',
    { date: NOVEMBER_16, reason: "I'm on holiday" },
  ],
  ["I can't make it as I'm ill", 'sendApologies', { reason: "I'm ill" }],
  ['please record my apologies, I have a clash', 'sendApologies', { reason: 'I have a clash' }],
  ['I can’t attend on 16 November, with Aaron Green substituting', 'sendApologies', { date: NOVEMBER_16, substituteIds: ['aaron-green'] }],
  ['send my apologies, substitute Cllr Green', 'sendApologies', { substituteIds: ['aaron-green'] }],
  ['apologies reason: family emergency', 'sendApologies', { reason: 'family emergency' }],
  [
    'send apologies for Cllr Pearce with Cllr Little substituting',
    'sendApologies',
    { onBehalfOfIds: ['maureen-pearce'], substituteIds: ['susan-little'] },
  ],
  ['send apologies on behalf of Cllr Abbas and Cllr Pearce', 'sendApologies', { onBehalfOfIds: ['qaisar-abbas', 'maureen-pearce'] }],
  ["send my apologies, I'm on leave on 16 November", 'sendApologies', { date: NOVEMBER_16, reason: "I'm on leave on 16 November" }],
  [
    "I can't make the next meeting, Cllr Aaron Green will attend in my place",
    'sendApologies',
    { relative: 'next', substituteIds: ['aaron-green'] },
  ],
  // withdraw apologies
  ['withdraw my apologies', 'withdrawApologies', { self: true }],
  ['cancel my apologies', 'withdrawApologies', { self: true }],
  ['I can make it after all', 'withdrawApologies', {}],
  ['I no longer need to send apologies', 'withdrawApologies', {}],
  ['withdraw apologies on behalf of Councillor Qaisar Abbas', 'withdrawApologies', { onBehalfOfIds: ['qaisar-abbas'] }],
  ['withdraw my declaration for item 8', 'withdrawDeclaration', { self: true, itemNumber: '8' }],
  ['I declared an interest in item 6 by mistake', 'withdrawDeclaration', { itemNumber: '6' }],
  [
    'withdraw the declaration for item 8 on behalf of Councillor Qaisar Abbas',
    'withdrawDeclaration',
    { itemNumber: '8', onBehalfOfIds: ['qaisar-abbas'] },
  ],
  // list apologies
  ['who has sent apologies', 'listApologies', {}],
  ['apologies for the next meeting', 'listApologies', { relative: 'next' }],
  ['list apologies', 'listApologies', {}],
  ['quorum', 'listApologies', {}],
  ['are we quorate for Tuesday', 'listApologies', { date: TUESDAY }],
  ['have any apologies been received', 'listApologies', {}],
  // declare an interest
  ['I need to declare an interest in item 6', 'declareInterest', { itemNumber: '6', self: true }],
  [
    'declare a pecuniary interest in item 8, my wife works for the provider',
    'declareInterest',
    { itemNumber: '8', interestKind: 'disclosable-pecuniary', reason: 'my wife works for the provider' },
  ],
  ['declare an interest', 'declareInterest', {}],
  [
    'declare a non-pecuniary interest in agenda item 7 as I am a school governor',
    'declareInterest',
    { itemNumber: '7', interestKind: 'non-registrable', reason: 'I am a school governor' },
  ],
  ['I have a personal interest in item no. 6', 'declareInterest', { itemNumber: '6', interestKind: 'non-registrable' }],
  [
    "declare an other registrable interest in item 9 because I'm a trustee",
    'declareInterest',
    { itemNumber: '9', interestKind: 'other-registrable', reason: "I'm a trustee" },
  ],
  ['I have a DPI on item 8', 'declareInterest', { itemNumber: '8', interestKind: 'disclosable-pecuniary' }],
  ['declare my interest in item 12a', 'declareInterest', { itemNumber: '12a' }],
  // declarations
  ['declarations for the next meeting', 'listDeclarations', { relative: 'next' }],
  ['who has declared interests', 'listDeclarations', {}],
  ['list declarations', 'listDeclarations', {}],
  ['what interests have been declared', 'listDeclarations', {}],
  ['my declarations', 'myDeclarations', { self: true }],
  ['what have I declared', 'myDeclarations', { self: true }],
  ['did I declare anything', 'myDeclarations', { self: true }],
  // minutes text
  ['minutes text for the next meeting', 'minutesText', { relative: 'next' }],
  ['draft the apologies and declarations minutes', 'minutesText', {}],
  ['minutes wording for apologies', 'minutesText', {}],
  // budget
  ['how much is the childrens social care budget', 'budget', {}],
  ['what do we spend on youth offending', 'budget', {}],
  ['budget for looked after children', 'budget', {}],
  // search
  ['search for family hubs', 'search', {}],
  ['is there anything about home to school transport', 'search', {}],
  ['look up fostering', 'search', {}],
  ['what do you know about adoption', 'search', {}],
  ['what are the largest budget lines', 'budget', {}],
  ['how much money is allocated to family support', 'budget', {}],
  // who someone is
  ['who is Clare Moore', 'whoIs', { personIds: ['clare-moore'] }],
  ['who leads on family hubs', 'whoIs', {}],
  ['who is the chief executive', 'whoIs', {}],
  ['contact details for Sheila Murphy', 'whoIs', { personIds: ['sheila-murphy'] }],
  // tell me about: a person on their own gets who they are, anything else a search
  ['tell me about Janet Simon', 'tellMeAbout', { personIds: ['janet-simon'] }],
  ['can you tell me about Councillor Pearce', 'tellMeAbout', { personIds: ['maureen-pearce'] }],
  ['please tell me more about Sheila Murphy', 'tellMeAbout', { personIds: ['sheila-murphy'] }],
  ['tell me about fostering', 'tellMeAbout', {}],
  ['what can you tell me about family hubs', 'tellMeAbout', {}],
  ['tell me about the CP rate', 'indicator', { indicatorId: 'cp-rate' }],
  ['tell me about the next meeting', 'nextMeeting', { relative: 'next' }],
  ['tell me about the budget for looked after children', 'budget', {}],
  // minutes and decisions
  ['show me the minutes of 15 June', 'minutes', {}],
  ['what did they decide about fees and charges', 'minutes', {}],
  ['minute no 36', 'minutes', {}],
  ['decisions from the last meeting', 'minutes', { relative: 'last' }],
  // attendance
  ['who came to the June meeting?', 'attendance', { date: LAST_JUNE }],
  ['who was absent at the last meeting', 'attendance', { relative: 'last' }],
  ['did Councillor Pearce attend the last meeting?', 'attendance', { personIds: ['maureen-pearce'], relative: 'last' }],
  ["Councillor Abbas's attendance record", 'attendance', { personIds: ['qaisar-abbas'] }],
  // papers for an item
  ['show me the papers for item 8', 'papers', { itemNumber: '8' }],
  ['which pages is the family hubs report', 'papers', {}],
  ['the fostering report', 'papers', {}],
  // sub-item numbers as modern.gov prints them: read whole, never as a date or time
  ['papers for item 5.10', 'papers', { itemNumber: '5.10' }],
  ['item 5.10', 'papers', { itemNumber: '5.10' }],
  ["what's item 5.10 about?", 'papers', { itemNumber: '5.10' }],
  ['which pages is item 5.1 on', 'papers', { itemNumber: '5.1' }],
  ['pages for item 5.10 on Tuesday', 'papers', { itemNumber: '5.10', date: TUESDAY }],
  ['papers for item 6(a) on 16 November', 'papers', { itemNumber: '6(a)', date: NOVEMBER_16 }],
  ['what is agenda item 5.10 about', 'agenda', { itemNumber: '5.10' }],
  ['declare an interest in item 5.10 as I am a trustee', 'declareInterest', { itemNumber: '5.10', reason: 'I am a trustee' }],
  // Clerks' commands
  ["link this channel to the children's services O&S", 'linkChannel', { committeeId: 'childrens-os' }],
  ['unlink this channel', 'unlinkChannel', {}],
  ['add meeting on 14 March 2024 at 7pm in Committee Room 2', 'addMeeting', {}],
  ['schedule a meeting for 14 March 2024', 'addMeeting', {}],
  ['move the 16 November meeting to 23 November at 6.30pm', 'moveMeeting', {}],
  ['reschedule the January meeting to 23 January', 'moveMeeting', {}],
  ['cancel the meeting on 16 November because there is no business', 'cancelMeeting', {}],
  ['publish agenda for the next meeting', 'publishAgenda', { relative: 'next' }],
  ['publish the agenda for 16 November', 'publishAgenda', { date: NOVEMBER_16 }],
  ['add agenda item 11 Budget monitoring lead officer Jane Doe', 'addAgendaItem', {}],
  ['agenda deadlines', 'agendaDeadlines', {}],
  ['when must the agenda be published', 'agendaDeadlines', {}],
  ['post agenda reminder', 'postReminder', {}],
  ['post agenda reminder and members', 'postReminder', {}],
  ['remind members 7 days and 1 day before each meeting at 9am', 'scheduleReminders', {}],
  ['stop reminders', 'cancelReminders', {}],
  ['who is linked', 'whoIsLinked', {}],
  ['show linked accounts', 'whoIsLinked', {}],
  ['unlink Councillor Abbas', 'unlinkPerson', { personIds: ['qaisar-abbas'] }],
  ['alert me when papers are published', 'subscribeAlerts', {}],
  ['Please notify me when the agenda is out', 'subscribeAlerts', {}],
  ['turn on paper alerts', 'subscribeAlerts', {}],
  ['stop alerts', 'unsubscribeAlerts', {}],
  ['turn off my alerts', 'unsubscribeAlerts', {}],
  ['sync now', 'syncNow', {}],
  ['Sync with modern.gov', 'syncNow', {}],
  ['resync from modern gov now', 'syncNow', {}],
  ['sync status', 'syncStatus', {}],
  ['when was the last sync?', 'syncStatus', {}],
];

describe('recognise: phrasings', () => {
  test.each(PHRASINGS)('When a user types %p, then it is recognised as %s with its entities', (text, intent, entities) => {
    const result = recognised(text);
    expect(result.intent).toBe(intent);
    expect(result.entities).toMatchObject(entities);
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  test('When the phrasing table is counted, then it has at least 80 phrasings covering every intent', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(PHRASINGS.map(([, intent]) => intent))).toEqual(new Set(INTENTS));
  });
});

describe('recognise: overlapping phrasings', () => {
  test.each([
    ['apologies for the next meeting', 'listApologies'],
    ['send my apologies for the next meeting', 'sendApologies'],
    ['how do I send apologies', 'clerk'],
    ['is there a meeting in January', 'nextMeeting'],
    ["what's coming to the January meeting", 'workProgramme'],
    ['actions from the June meeting', 'openActions'],
    ['agenda for the June meeting', 'agenda'],
    ['draft the apologies and declarations minutes', 'minutesText'],
    ['declare my interest in item 6', 'declareInterest'],
    ['my declarations', 'myDeclarations'],
    ['who has an interest in item 6', 'listDeclarations'],
    ["I can't make it after all", 'sendApologies'],
    ['I can make it after all', 'withdrawApologies'],
    ['hello, when is the next meeting?', 'nextMeeting'],
    ['hi, what is the CP rate?', 'indicator'],
    ['actions from the June minutes', 'openActions'],
    ['minutes text for the last meeting', 'minutesText'],
    ['what happened at the March 2023 meeting agenda', 'agenda'],
    ['who is the chair', 'membership'],
    ['who is on the committee', 'membership'],
    ['contact details for the clerk', 'clerk'],
    ['how do I contact the clerk', 'clerk'],
    ['who is the lead officer for the complaints report', 'whoIs'],
    ['what did the committee resolve on the CP rate', 'minutes'],
    ['how much is the youth offending budget', 'budget'],
  ] as [string, Intent][])('When a user types %p, then the more specific intent %s wins', (text, intent) => {
    expect(recognised(text).intent).toBe(intent);
  });

  test('When a substitute is named, then they are a substitute and not one of the people asked about', () => {
    const { entities } = recognised("I can't make Tuesday's committee, Cllr Green will substitute");
    expect(entities.substituteIds).toEqual(['aaron-green']);
    expect(entities.personIds).toBeUndefined();
    expect(entities.onBehalfOfIds).toBeUndefined();
    expect(entities.reason).toBeUndefined();
  });

  test('When apologies name a substitute and a reason, then the reason leaves the substitute out', () => {
    const { entities } = recognised("send my apologies for Tuesday, Cllr Green will substitute, I'm at a conference");
    expect(entities).toMatchObject({ date: TUESDAY, substituteIds: ['aaron-green'], reason: "I'm at a conference" });
  });

  test('When "for" names a person outside apologies and declarations, then it filters by that person', () => {
    expect(recognised('actions for Cllr Abbas').entities).toMatchObject({ personIds: ['qaisar-abbas'] });
    expect(recognised('actions for Cllr Abbas').entities.onBehalfOfIds).toBeUndefined();
  });

  test('When an everyday word is also a surname, then it only names a person with a title or a capital', () => {
    expect(recognised('green actions').entities.personIds).toBeUndefined();
    expect(recognised('I may be late, send my apologies').entities.personIds).toBeUndefined();
    expect(recognised('actions for Cllr Little').entities.personIds).toEqual(['susan-little']);
  });
});

describe('recognise: dates are London calendar days', () => {
  test.each([
    ['agenda for 16 November', 'agenda', NOVEMBER_16],
    ['is there a meeting in January', 'nextMeeting', JANUARY],
    ['send my apologies for Tuesday', 'sendApologies', TUESDAY],
    ['actions from the June meeting', 'openActions', LAST_JUNE],
    ['when is the June meeting', 'nextMeeting', { text: 'June', from: '2024-06-01', to: '2024-06-30' }],
    ['agenda for the September meeting', 'agenda', { text: 'September', from: '2023-09-01', to: '2023-09-30' }],
    ['actions from the September meeting', 'openActions', { text: 'September', from: '2023-09-01', to: '2023-09-30' }],
    ['actions from the November meeting', 'openActions', { text: 'November', from: '2022-11-01', to: '2022-11-30' }],
    ['agenda for 16 November 2022', 'agenda', day('16 November 2022', '2022-11-16')],
    ['what happened at the March 2023 meeting agenda', 'agenda', { text: 'March 2023', from: '2023-03-01', to: '2023-03-31' }],
    ['is there a meeting on 16/11/2023', 'nextMeeting', day('16/11/2023', '2023-11-16')],
    ['agenda for tomorrow', 'agenda', day('tomorrow', '2023-09-06')],
    ['actions from last Tuesday', 'openActions', day('last Tuesday', '2023-08-29')],
    // Lists of records take the nearer occurrence: 1 September just gone, the June just gone.
    ['apologies for the 1st of September', 'listApologies', day('1st of September', '2023-09-01')],
    ['who declared at the June meeting', 'listDeclarations', LAST_JUNE],
    ['declarations for 16 November', 'listDeclarations', NOVEMBER_16],
    ['minutes text for the January meeting', 'minutesText', JANUARY],
  ] as [string, Intent, Entities['date']][])('When a user types %p, then the %s date is %j', (text, intent, date) => {
    const result = recognised(text);
    expect(result.intent).toBe(intent);
    expect(result.entities.date).toEqual(date);
  });

  test('When it is just after midnight in London but still the day before in UTC, then "tomorrow" is the London tomorrow', () => {
    const lateNight: RecognitionContext = { ...ctx, now: new Date('2023-09-05T23:30:00Z') }; // 00:30 on 6 September in London
    expect(recognised('agenda for tomorrow', lateNight).entities.date).toEqual(day('tomorrow', '2023-09-07'));
    expect(recognised('send my apologies for Tuesday', lateNight).entities.date).toEqual(TUESDAY);
  });

  test('When a message names only a time of day or "the minutes", then no date is found', () => {
    expect(recognised('draft the minutes').entities.date).toBeUndefined();
    expect(recognised('good morning').entities.date).toBeUndefined();
    expect(recognised('is there a meeting at 7pm').entities.date).toBeUndefined();
  });
});

describe('recognise: misspellings and the fuzzy fallback', () => {
  test.each([
    ['nxt meting', 'nextMeeting'],
    ['whens the comittee', 'nextMeeting'],
    ['when is the comittee meting', 'nextMeeting'],
    ['agnda for the nxt meeting', 'agenda'],
    ['show me the agnda', 'agenda'],
    ['who is the clark', 'clerk'],
    ['send my apolgies', 'sendApologies'],
    ['withdrawl my apologys', 'withdrawApologies'],
    ['declaer an intrest', 'declareInterest'],
    ['indicaters', 'listIndicators'],
    ['membrs of the comittee', 'membership'],
    ['who chars it', 'membership'],
    ['cp rat', 'indicator'],
    ['work programe', 'workProgramme'],
    ['hlep', 'help'],
    ['open acshuns', 'openActions'],
  ] as [string, Intent][])('When a user types %p, then it is still recognised as %s', (text, intent) => {
    expect(recognised(text).intent).toBe(intent);
  });

  test('When a misspelt message is recognised, then its score is lower than a well-spelt one', () => {
    expect(recognised('nxt meting').score).toBeLessThan(recognised('next meeting').score);
  });

  test.each(['purple elephant banana', 'what is the weather like', 'Janet', 'lorem ipsum dolor sit amet'])(
    'When a user types nonsense (%p), then it is unknown with the 3 closest example phrasings',
    (text) => {
      const result = recognise(text, ctx);
      expect(result.kind).toBe('unknown');
      if (result.kind !== 'unknown') return;
      expect(result.suggestions).toHaveLength(3);
      for (const suggestion of result.suggestions) {
        expect(suggestion.label).toEqual(expect.any(String));
        expect(suggestion.text.length).toBeGreaterThan(0);
      }
      expect(new Set(result.suggestions.map((s) => s.label)).size).toBe(3);
      expect(result.suggestions.map((s) => s.label)).not.toContain('Hello');
    },
  );

  test('When an unknown message shares words with an example, then that example is suggested first', () => {
    const result = recognise('text', ctx);
    expect(result.kind).toBe('unknown');
    const first = result.kind === 'unknown' ? result.suggestions[0] : undefined;
    expect(first).toEqual({ label: 'Minutes text', text: 'Minutes text for the next meeting' });
  });
});

describe('recognise: people, committees and indicators come from the store', () => {
  test('When a surname is shared by two people, then both ids are returned for the caller to ask which', () => {
    const ids = recognised('actions for Smith').entities.personIds;
    expect(ids).toHaveLength(2);
    expect(ids).toEqual(expect.arrayContaining(['natalie-smith', 'dave-smith']));
    expect(recognised('actions for Natalie Smith').entities.personIds).toEqual(['natalie-smith']);
  });

  test('When two people share a surname in built test data, then "Cllr" prefers the councillor and a bare name gives both', () => {
    const seed = buildSeed();
    seed.people.push(
      buildPerson({ id: 'aaron-green', name: 'Aaron Green', title: 'Councillor' }),
      buildPerson({ id: 'olive-green', name: 'Olive Green', title: 'Ms', kind: 'officer' }),
    );
    const built: RecognitionContext = { now, data: storeFromSeed(seed) };
    expect(recognised('actions for Green', built).entities.personIds).toEqual(['aaron-green', 'olive-green']);
    expect(recognised('actions for Cllr Green', built).entities.personIds).toEqual(['aaron-green']);
    expect(recognised('actions for Olive Green', built).entities.personIds).toEqual(['olive-green']);
  });

  test('When the store has no indicators, then an indicator question returns no indicator id', () => {
    const built: RecognitionContext = { now, data: storeFromSeed(buildSeed()) };
    const result = recognised("what's the CP rate", built);
    expect(result.intent).toBe('indicator');
    expect(result.entities.indicatorId).toBeUndefined();
  });

  test.each(ctx.data.indicators.flatMap((i) => [i.name, ...i.aliases].map((alias) => [alias, i.id] as const)))(
    'When a user types the indicator name or alias %p, then it is the indicator %s',
    (alias, id) => {
      const result = recognised(alias);
      expect(result.intent).toBe('indicator');
      expect(result.entities.indicatorId).toBe(id);
    },
  );

  test('When a committee alias is used, then the committee id is found', () => {
    expect(recognised('when is the next CSOSC meeting').entities.committeeId).toBe('childrens-os');
    expect(recognised("agenda for children's O&S").entities.committeeId).toBe('childrens-os');
  });
});

describe('recognise: normalising what users type', () => {
  test.each([
    ['<at>Committee Assistant</at> when is the next meeting?', 'nextMeeting'],
    ['  WHEN IS THE NEXT MEETING  ', 'nextMeeting'],
    ['when is the next meeting please', 'nextMeeting'],
    ['ne\u200Bxt mee\u200Dting', 'nextMeeting'],
    ['\u0000agenda\u0007', 'agenda'],
    ['<b>agenda</b>', 'agenda'],
    ['Ａｇｅｎｄａ', 'agenda'],
    ['whats the CP rate', 'indicator'],
    ['what is the CP rate', 'indicator'],
    ['I cant make the next meeting', 'sendApologies'],
  ] as [string, Intent][])('When a user types %p, then it is recognised as %s', (text, intent) => {
    expect(recognised(text).intent).toBe(intent);
  });

  test('When the same message is recognised twice, then the results are identical and the store is untouched', () => {
    const before = JSON.stringify(ctx.data);
    const first = recognise("I can't make Tuesday's committee, Cllr Green will substitute", ctx);
    const second = recognise("I can't make Tuesday's committee, Cllr Green will substitute", ctx);
    expect(second).toEqual(first);
    expect(JSON.stringify(ctx.data)).toBe(before);
  });
});

/** Thirty messages meant to break things: none may throw, and each gets a well-formed answer. */
const HOSTILE: string[] = [
  '',
  '   ',
  '\n\t\r',
  'a'.repeat(100_000),
  'next meeting '.repeat(8_000),
  '😀😀😀',
  '🗓️ when is the next meeting 🤔',
  'متى الاجتماع القادم',
  'מתי הפגישה הבאה',
  '\u202Ewhen is the next meeting\u202C',
  '\u200B\u200C\u200D\uFEFF',
  '\u0000\u0001\u0002\u001F\u007F',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<at>Bot</at>',
  '&amp;&lt;&gt;&quot;&#39;',
  "'; DROP TABLE people; --",
  '%s%s%s%n%d',
  '__proto__',
  'constructor',
  'item 99999999999999999999',
  '\uD800\uDC00\uD800 lone surrogate',
  '('.repeat(5_000) + ')'.repeat(5_000),
  'a,'.repeat(50_000),
  'declare an interest in item 6, ' + 'because '.repeat(2_000),
  'Cllr '.repeat(10_000),
  '16 November '.repeat(5_000),
  `send my apologies, ${'x'.repeat(100_000)}`,
];

describe('recognise: hostile input', () => {
  test('When the hostile list is counted, then it has 30 messages', () => {
    expect(HOSTILE).toHaveLength(30);
  });

  test.each(HOSTILE.map((text, i) => [i, text.length, text] as const))(
    'When a user types hostile message %i (%i characters), then it does not throw and answers sensibly',
    (_i, _length, text) => {
      const result = recognise(text, ctx);
      expect(['intent', 'unknown']).toContain(result.kind);
      if (result.kind === 'unknown') {
        expect(result.suggestions).toHaveLength(3);
      } else {
        expect(INTENTS).toContain(result.intent);
        expect((result.entities.reason ?? '').length).toBeLessThanOrEqual(MAX_RECOGNISED_CHARS);
      }
      expect(() => JSON.stringify(result)).not.toThrow();
    },
  );

  test('When a non-string sneaks in at runtime, then it is treated as an empty message', () => {
    expect(recognise(undefined as unknown as string, ctx).kind).toBe('unknown');
    expect(recognise(42 as unknown as string, ctx).kind).toBe('unknown');
  });
});

describe('the intent table', () => {
  test('When the table is read, then every intent has a row with examples, and priorities are distinct', () => {
    expect(INTENT_TABLE.map((row) => row.intent).sort()).toEqual([...INTENTS].sort());
    expect(new Set(INTENT_TABLE.map((row) => row.priority)).size).toBe(INTENT_TABLE.length);
    for (const row of INTENT_TABLE) expect(row.examples.length).toBeGreaterThan(0);
  });

  test.each(INTENT_TABLE.flatMap((row) => row.examples.map((example) => [example, row.intent] as const)))(
    'When a user types the table example %p, then it is recognised as %s',
    (example, intent) => {
      expect(recognised(example).intent).toBe(intent);
    },
  );

  test('When the recogniser source is read, then it imports nothing from botbuilder or teams-ai', () => {
    const folder = path.join(__dirname, '..', 'bot', 'recognition');
    const sources = readdirSync(folder).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const source = readFileSync(path.join(folder, file), 'utf8');
      expect(source).not.toMatch(/from ['"](?:botbuilder|@microsoft\/teams-ai)/);
    }
  });
});

describe('recognise: dates and committees that match nothing held', () => {
  test.each([
    ['send apologies for 31 February', 'sendApologies', { unmatchedDate: '31 February' }],
    ['apologies for 30th February please, I am away', 'sendApologies', { unmatchedDate: '30th February' }],
    ['is there a meeting on 32 March', 'nextMeeting', { unmatchedDate: '32 March' }],
    ['declare an interest in item 6 on February 31', 'declareInterest', { itemNumber: '6', unmatchedDate: 'February 31' }],
    ['send my apologies for the meeting in 1999', 'sendApologies', { date: { text: '1999', from: '1999-01-01', to: '1999-12-31' } }],
    ['withdraw my apologies for 2031', 'withdrawApologies', { date: { text: '2031', from: '2031-01-01', to: '2031-12-31' } }],
    ['when is the Cabinet meeting?', 'nextMeeting', { unknownCommittee: 'Cabinet' }],
    ['agenda for the cabinet meeting', 'agenda', { unknownCommittee: 'cabinet' }],
    ['declare an interest in item 6 at Planning Committee', 'declareInterest', { itemNumber: '6', unknownCommittee: 'Planning Committee' }],
    ['send my apologies for the licensing committee on Tuesday', 'sendApologies', { unknownCommittee: 'licensing committee' }],
    ['is the planning board meeting on Thursday', 'nextMeeting', { unknownCommittee: 'planning board' }],
    ['agenda for the licensing panel on 16 November', 'agenda', { unknownCommittee: 'licensing panel' }],
    [
      'apologies for the adoption panel on Tuesday, I am on leave',
      'sendApologies',
      { unknownCommittee: 'adoption panel', reason: 'I am on leave' },
    ],
    ['declare an interest in item 6 at the schools forum', 'declareInterest', { itemNumber: '6', unknownCommittee: 'schools forum' }],
  ] as [string, Intent, Entities][])(
    'When a user types %p, then it is %s and the unmatched words are kept, never a stand-in',
    (text, intent, entities) => {
      const result = recognised(text);
      expect(result.intent).toBe(intent);
      expect(result.entities).toMatchObject(entities);
      if (entities.unmatchedDate) expect(result.entities.date).toBeUndefined();
    },
  );

  test('When an otherwise unrecognised message asks for the papers of a board the store does not hold, then the board is named', () => {
    const result = recognise('papers for the Health and Wellbeing Board', ctx);
    expect(result).toMatchObject({ kind: 'unknown', unknownCommittee: 'Health and Wellbeing Board' });
  });

  test.each([
    "when is the next children's O&S committee",
    'is the Youth Cabinet on the agenda',
    'agenda for the next committee',
    "I can't make Tuesday's committee",
    'open actions presented to the board',
    'actions for the Youth Crime Governance Board',
    'what did the Safeguarding Adult Board decide',
    'send my apologies for the next meeting, I am at the planning board',
  ])('When a user names the committee held or no committee (%p), then no unknown committee is found', (text) => {
    expect(recognised(text).entities.unknownCommittee).toBeUndefined();
  });

  test('When a municipal or financial year is named, then it is not read as a year of meetings', () => {
    expect(recognised('open actions from the 2023/24 work programme').entities.date).toBeUndefined();
    expect(recognised('open actions for 2023-24').entities.date).toBeUndefined();
  });

  test.each([
    'who attended the June meeting?',
    'who was absent in June',
    'attendance at the June meeting',
    'who was present at the last meeting',
  ])('When a user asks about attendance (%p), then it is answered by attendance, never with the open actions', (text) => {
    const result = recognise(text, ctx);
    expect(result.kind === 'intent' ? result.intent : 'unknown').toBe('attendance');
  });
});
