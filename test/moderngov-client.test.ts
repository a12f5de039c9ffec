import { ModernGovClient, ModernGovError } from '../bot/features/sync/client';
import { attendanceOf, booleanOf, countOf, dateOf, nameKey, plainTextOf, roleOf, splitTitle, timeOf } from '../bot/features/sync/values';
import { FakeModernGov, fixture } from './helpers/fakeModernGov';

/**
 * The modern.gov client against a local fake of the web service serving Manchester's real
 * responses (test/fixtures/moderngov/manchester) and fixtures in the same shapes.
 */
describe('reading modern.gov values', () => {
  test('When modern.gov writes dates, times, booleans and counts its own way, then they read as plain values', () => {
    expect(dateOf('13/01/2026')).toBe('2026-01-13');
    expect(dateOf('31/02/2026')).toBeNull();
    expect(dateOf('2026-01-13')).toBeNull();
    expect(timeOf('10.00 am')).toBe('10:00');
    expect(timeOf('2.00 pm')).toBe('14:00');
    expect(timeOf('12.30 pm')).toBe('12:30');
    expect(timeOf('12.15 am')).toBe('00:15');
    expect(timeOf('\n  ')).toBeNull();
    expect(timeOf('TBC')).toBeNull();
    expect(booleanOf('True')).toBe(true);
    expect(booleanOf('False')).toBe(false);
    expect(booleanOf('\n ')).toBeNull();
    expect(countOf(' 2')).toBe(2);
  });

  test('When HTML is entity-encoded once or twice, then it reads as plain text with its paragraphs', () => {
    expect(plainTextOf('<p>One &amp; two</p><p>Three&nbsp;&pound;5</p>')).toBe('One & two\nThree £5');
    expect(plainTextOf('&lt;p&gt;Director &amp;amp; Curator&lt;/p&gt;')).toBe('Director & Curator');
    expect(plainTextOf('<script>alert(1)</script>${x} <b>bold</b>')).toBe('${x} bold');
    expect(plainTextOf('\n      ')).toBeNull();
  });

  test('When roles, attendance and names come as modern.gov writes them, then they read as the committee roles', () => {
    expect(roleOf('Chair')).toEqual({ role: 'chair', known: true });
    expect(roleOf('Vice-Chair')).toEqual({ role: 'vice-chair', known: true });
    expect(roleOf('Committee Member')).toEqual({ role: 'member', known: true });
    expect(roleOf('Co-opted Member')).toEqual({ role: 'co-opted', known: true });
    expect(roleOf('Substitute Member')).toEqual({ role: 'substitute', known: true });
    expect(roleOf('Governance Officer')).toEqual({ role: 'officer', known: true });
    expect(roleOf('Honorary Observer')).toEqual({ role: 'member', known: false });
    expect(attendanceOf('Expected')).toBe('expected');
    expect(attendanceOf('Present')).toBe('present');
    expect(attendanceOf('Apologies')).toBe('apologies');
    expect(attendanceOf('Present as substitute')).toBe('present');
    expect(attendanceOf('In attendance')).toBe('in-attendance');
    expect(splitTitle('Councillor Basil Curley')).toEqual({ title: 'Councillor', name: 'Basil Curley' });
    expect(splitTitle('Cllr Dr Ann Lee')).toEqual({ title: 'Cllr Dr', name: 'Ann Lee' });
    expect(nameKey('Councillor Basil Curley')).toBe(nameKey('basil curley'));
  });
});

describe('the modern.gov client', () => {
  let fake: FakeModernGov;
  let client: ModernGovClient;
  beforeEach(async () => {
    fake = new FakeModernGov();
    await fake.start();
    client = new ModernGovClient({ site: fake.url, timeoutMs: 500, minIntervalMs: 0 });
  });
  afterEach(async () => {
    await fake.stop();
  });

  test('When the committees are read from the real sample, then ids, titles and the expired flag come through', async () => {
    const committees = await client.getCommittees();
    expect(committees).toEqual([
      expect.objectContaining({ id: '312', expired: true, deleted: false }),
      expect.objectContaining({ id: '163', title: 'Art Galleries Committee', expired: false }),
      expect.objectContaining({ id: '144', title: 'Audit Committee', expired: false }),
    ]);
  });

  test('When meetings are asked for, then both dates are sent as dd/mm/yyyy and the real sample reads as two meetings', async () => {
    const meetings = await client.getMeetings('144', '2025-01-20', '2027-01-20');
    expect(meetings).toEqual([
      { id: '4966', date: '2026-01-13', status: 'Cancelled' },
      { id: '4967', date: '2026-02-10', status: 'Confirmed' },
    ]);
    expect(fake.requests).toEqual(['GetMeetings?lCommitteeId=144&sFromDate=20%2F01%2F2025&sToDate=20%2F01%2F2027']);
  });

  test('When the real meeting sample is read, then its items, numbers, papers, minutes and attendee come through as plain values', async () => {
    const meeting = await client.getMeeting('4967');
    expect(meeting).toMatchObject({
      id: '4967',
      date: '2026-02-10',
      time: '10:00',
      status: 'Confirmed',
      webcast: false,
      agendaPublished: true,
    });
    expect(meeting.location).toBe('Council Antechamber, Level 2, Town Hall Extension');
    expect(meeting.items.map((i) => [i.number, i.order, i.title])).toEqual([
      ['1.', 4, 'Minutes'],
      ['9.', 12, 'Work Programme'],
    ]);
    expect(meeting.items[0]!.description).toBe(
      'To approve as a correct record the minutes of the meeting held on 25 November 2025.'.replace('record the', 'record\nthe'),
    );
    expect(meeting.items[1]!.documents).toEqual([
      {
        id: '60909',
        title: 'DRAFT WP FEBRUARY 2026',
        url: 'https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60909',
        restricted: false,
        published: '2026-02-02',
      },
    ]);
    expect(meeting.items[1]!.minutes).toMatch(/^The Committee considered a report of the\nGovernance/);
    expect(meeting.attendees).toEqual([
      {
        memberId: '192',
        name: 'Councillor Basil Curley',
        role: 'Committee Member',
        attendance: 'Expected',
        url: 'https://democracy.manchester.gov.uk/mgUserInfo.aspx?UID=192',
      },
    ]);
    const cancelled = await client.getMeeting('4966');
    expect(cancelled).toMatchObject({ status: 'Cancelled', items: [], agendaPublished: false });
  });

  test('When an item has one paper, double-encoded HTML or empty elements, then it is still a list and reads as plain text', async () => {
    const meeting = await client.getMeeting('5001');
    const loans = meeting.items.find((i) => i.id === '19002')!;
    expect(loans.number).toBe('5.10');
    expect(loans.title).toBe('Acquisitions & Loans');
    expect(loans.description).toBe('Report of the Director & Curator on loans over £25,000 – for decision.');
    expect(loans.documents).toHaveLength(1);
    expect(meeting.items.find((i) => i.id === '19001')!.description).toBeNull();
    expect(meeting.items.find((i) => i.id === '19003')).toMatchObject({
      restricted: true,
      documents: [expect.objectContaining({ restricted: true })],
    });
  });

  test('When councillors are read, then only a work address email is taken, never a home address or phone', async () => {
    const councillors = await client.getCouncillorsByWard();
    expect(councillors).toEqual([
      { id: '192', name: 'Councillor Basil Curley', workEmail: 'cllr.basil.curley@manchester.gov.uk' },
      { id: '300', name: 'Councillor Anne Sorrell', workEmail: null },
    ]);
    expect(JSON.stringify(councillors)).not.toMatch(/home|07700|Private Road/);
  });

  test.each([
    [403, /^modern\.gov GetMeeting at http:\/\/127\.0\.0\.1:\d+: HTTP 403/],
    [500, /^modern\.gov GetMeeting at http:\/\/127\.0\.0\.1:\d+: HTTP 500/],
    ['timeout', /^modern\.gov GetMeeting at http:\/\/127\.0\.0\.1:\d+: no answer within 0\.5 seconds/],
    ['malformed', /^modern\.gov GetMeeting at http:\/\/127\.0\.0\.1:\d+: the answer is not well-formed XML/],
  ] as const)('When the site answers %s, then the error names the method and the site', async (failure, message) => {
    fake.fail('GetMeeting:4967', failure);
    const error = await client.getMeeting('4967').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ModernGovError);
    expect((error as Error).message).toMatch(message);
  });

  test('When the site cannot be reached or answers with another shape, then the error says so, naming the method and the site', async () => {
    fake.set('GetCommittees', fixture('manchester/GetMeetings-144.xml'));
    await expect(client.getCommittees()).rejects.toThrow(/^modern\.gov GetCommittees at .*: expected <committees>, got <getmeetings>/);
    const url = fake.url;
    await fake.stop();
    await expect(new ModernGovClient({ site: url, timeoutMs: 500 }).getCommittees()).rejects.toThrow(
      new RegExp(`^modern\\.gov GetCommittees at ${url.replace(/\./g, '\\.')}: the site cannot be reached`),
    );
  });

  test('When many meetings are fetched at once, then no more than the chosen few requests are open at a time', async () => {
    fake.delayMs = 30;
    const paced = new ModernGovClient({ site: fake.url, concurrency: 3, minIntervalMs: 0 });
    await Promise.all(Array.from({ length: 12 }, () => paced.getMeeting('4967')));
    expect(fake.requests).toHaveLength(12);
    expect(fake.maxInFlight).toBe(3);
  });
});
