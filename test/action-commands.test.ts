import { parseActionChange, parseAddAction, parseChase } from '../bot/features/actions/commands';

/** Reading the action commands as typed: what was asked, never more. */
const NOW = new Date('2023-09-05T09:00:00+01:00');

describe('reading "add action"', () => {
  test('When the meeting, text, owner and due date are given, then each is read as typed', () => {
    expect(
      parseAddAction('add action for the 12 September meeting: a breakdown of agency staff costs, owner Janet Simon, due 30 October', NOW),
    ).toMatchObject({
      meeting: { text: '12 September', date: { from: '2023-09-12', to: '2023-09-12' }, relative: null },
      text: 'a breakdown of agency staff costs',
      owner: 'Janet Simon',
      due: '30 October',
    });
  });

  test('When the text has commas of its own, then only owner, due, requested by and minute clauses are taken from it', () => {
    expect(
      parseAddAction('add action for the last meeting: costs, numbers and trends, requested by Cllr Panjala, minute 38', NOW),
    ).toMatchObject({
      meeting: { relative: 'last' },
      text: 'costs, numbers and trends',
      requestedBy: 'Cllr Panjala',
      minute: '38',
      owner: null,
    });
  });

  test('When no meeting is named, then none is read', () => {
    expect(parseAddAction('add action: check the figures', NOW)).toMatchObject({ meeting: null, text: 'check the figures' });
  });
});

describe('reading a change to an action', () => {
  test.each([
    ['action 3 done', { reference: '3', status: 'complete' }],
    ['mark action 3 as done', { reference: '3', status: 'complete' }],
    ['update action 1.1: presented to the board', { reference: '1.1', note: 'presented to the board' }],
    ['action 2 will be late, new date 30 November', { reference: '2', due: '30 November', dueReason: 'will be late' }],
    ['action 1.3.2 is amber', { reference: '1.3.2', rag: 'amber' }],
    [
      'action 4 dropped: no longer needed after the review',
      { reference: '4', status: 'dropped', note: 'no longer needed after the review' },
    ],
    ['action 5 in progress', { reference: '5', status: 'in-progress' }],
  ])('When "%s" is read, then it asks for %j', (text, expected) => {
    expect(parseActionChange(text)).toEqual(expected);
  });

  test('When the note holds words that name a status, then the note is kept as typed and the status is not changed', () => {
    expect(parseActionChange('update action 3: not done yet, waiting for finance')).toEqual({
      reference: '3',
      note: 'not done yet, waiting for finance',
    });
  });

  test('When no action is named, then nothing is read', () => {
    expect(parseActionChange('actions for Janet Simon')).toBeNull();
  });
});

describe('reading "chase action owners"', () => {
  test.each([
    ['chase action owners every Monday at 9am', { weekday: 1, at: '09:00' }],
    ['chase owners every Wednesday at 10.30am', { weekday: 3, at: '10:30' }],
    ['chase action owners on Fridays at 2pm', { weekday: 5, at: '14:00' }],
    ['chase action owners', { weekday: null, at: null }],
  ])('When "%s" is read, then it is %j', (text, expected) => {
    expect(parseChase(text)).toEqual(expected);
  });
});
