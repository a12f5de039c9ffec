import { escapeText, foldLine, meetingCalendar } from '../bot/features/meetings/calendar';
import type { SeedStore } from './helpers/capability';
import { buildMeeting, buildSeed } from './helpers/builders';
import { openSeedStore } from './helpers/capability';
import { FixedClock } from '../bot/clock';
import { createLowdbRepository } from '../bot/store/lowdbRepository';
import type { Repository } from '../bot/store/repository';

const NOW = new Date('2023-09-05T09:00:00+01:00');

/** The repository interface over a capability test's store. */
const recordsOf = (repo: SeedStore): Repository => createLowdbRepository(repo.store, new FixedClock(NOW));

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** A tiny RFC 5545 reader: unfolds lines, splits name;params:value, and keeps component nesting. */
function parseCalendar(body: string): { properties: Property[]; components: string[] } {
  const unfolded = body.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split('\r\n');
  expect(lines.pop()).toBe(''); // the body ends with CRLF
  const properties: Property[] = [];
  const stack: string[] = [];
  const components: string[] = [];
  for (const line of lines) {
    const match = /^([A-Z-]+)((?:;[A-Z-]+=[^:;]+)*):(.*)$/.exec(line);
    if (!match) throw new Error(`not a content line: ${line}`);
    const [, name = '', rawParams = '', value = ''] = match;
    const params = Object.fromEntries(
      rawParams
        .split(';')
        .filter(Boolean)
        .map((p) => p.split('=') as [string, string]),
    );
    if (name === 'BEGIN') {
      stack.push(value);
      components.push(value);
    } else if (name === 'END') {
      expect(stack.pop()).toBe(value);
    } else {
      properties.push({ name, params, value });
    }
  }
  expect(stack).toEqual([]);
  return { properties, components };
}

/** TEXT value as the reader sees it. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function eventProperty(properties: Property[], name: string): Property {
  // VEVENT properties come after the VTIMEZONE ones; DTSTART appears in both, so take the last.
  const found = properties.filter((p) => p.name === name).pop();
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('meeting calendar file (.ics)', () => {
  let repo: SeedStore;
  beforeAll(async () => {
    repo = await openSeedStore();
  });

  test('When the 12 September 2023 meeting is downloaded, then it is a valid VCALENDAR with a London VTIMEZONE and a 7.00 pm VEVENT', async () => {
    const ics = await meetingCalendar(recordsOf(repo), 'childrens-os-2023-09-12', NOW);
    expect(ics?.filename).toBe('childrens-os-2023-09-12.ics');
    const body = ics!.body;

    // CRLF everywhere, never a bare LF or CR.
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body).not.toMatch(/[^\r]\n/);
    expect(body).not.toMatch(/\r[^\n]/);
    // Every physical line is at most 75 octets.
    for (const line of body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);

    const { properties, components } = parseCalendar(body);
    expect(components).toEqual(['VCALENDAR', 'VTIMEZONE', 'DAYLIGHT', 'STANDARD', 'VEVENT']);
    const raw = body.replace(/\r\n[ \t]/g, '');
    expect(raw).toContain('\r\nVERSION:2.0\r\n');
    expect(raw).toMatch(/\r\nPRODID:.+\r\n/);
    expect(raw).toContain('\r\nTZID:Europe/London\r\n');
    expect(raw).toContain('\r\nDTSTART;TZID=Europe/London:20230912T190000\r\n');
    expect(raw).toContain('\r\nDTEND;TZID=Europe/London:20230912T213000\r\n'); // 2 h 30 min by default
    expect(raw).toContain('\r\nDTSTAMP:20230905T080000Z\r\n'); // UTC
    expect(eventProperty(properties, 'UID').value).toBe('childrens-os-2023-09-12@committee-assistant');
    expect(unescapeText(eventProperty(properties, 'SUMMARY').value)).toBe("Children's Services Overview and Scrutiny Committee");
    expect(unescapeText(eventProperty(properties, 'LOCATION').value)).toBe(
      'Committee Room 2, Civic Offices, New Road, Grays, Essex, RM17 6SL',
    );
    expect(eventProperty(properties, 'URL').value).toBe('https://www.thurrock.gov.uk/webcast');

    const description = unescapeText(eventProperty(properties, 'DESCRIPTION').value);
    expect(description).toContain('Agenda published on Monday 4 September 2023.');
    expect(description).toContain('\n5. Youth Cabinet Update (pages 13-20)\n');
    expect(description).toContain('\n10. Work Programme (pages 53-58)');
    expect(description).toContain('Webcast: https://www.thurrock.gov.uk/webcast');
  });

  test('When text holds commas, semicolons, backslashes and line breaks, then they are escaped', async () => {
    const ics = (await meetingCalendar(recordsOf(repo), 'childrens-os-2023-09-12', NOW))!;
    const raw = ics.body.replace(/\r\n[ \t]/g, '');
    expect(raw).toContain('LOCATION:Committee Room 2\\, Civic Offices\\, New Road\\, Grays\\, Essex\\, RM17 6SL\r\n');
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  test('When a meeting time is to be confirmed, then it is an all-day event saying "time to be confirmed"', async () => {
    const ics = (await meetingCalendar(recordsOf(repo), 'childrens-os-2023-11-16', NOW))!;
    const { properties } = parseCalendar(ics.body);
    const start = eventProperty(properties, 'DTSTART');
    expect(start).toEqual({ name: 'DTSTART', params: { VALUE: 'DATE' }, value: '20231116' });
    expect(eventProperty(properties, 'DTEND')).toEqual({ name: 'DTEND', params: { VALUE: 'DATE' }, value: '20231117' });
    expect(unescapeText(eventProperty(properties, 'DESCRIPTION').value)).toContain('time to be confirmed');
    expect(unescapeText(eventProperty(properties, 'LOCATION').value)).toBe('Venue to be confirmed');
    expect(properties.some((p) => p.name === 'URL')).toBe(false);
  });

  test('When a line is long or holds multi-byte characters, then it is folded at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'Café £25,000 – 📅 '.repeat(20)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const [i, part] of physical.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // No character cut in half: no lone surrogate, so the octets are valid UTF-8.
      expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  test('When a meeting has a restricted item, then the invitation gives its title only', async () => {
    const restrictedRepo = await openSeedStore(() =>
      buildSeed({
        meetings: [
          buildMeeting({
            agendaItems: [
              {
                number: '9',
                title: 'Contract Award',
                description: 'SECRET-DESCRIPTION',
                pages: { from: 91, to: 99 },
                leadOfficer: 'SECRET-OFFICER',
                restricted: true,
                exemptParagraph: '3',
              },
            ],
          }),
        ],
      }),
    );
    const ics = (await meetingCalendar(recordsOf(restrictedRepo), 'test-committee-2030-01-15', NOW))!;
    const unfolded = ics.body.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('9. Contract Award - Restricted (not for publication)');
    expect(unfolded).not.toMatch(/SECRET|91-99/);
    // A winter meeting keeps its London wall-clock time (GMT).
    expect(unfolded).toContain('DTSTART;TZID=Europe/London:20300115T190000');
    expect(unfolded).toContain('DTEND;TZID=Europe/London:20300115T213000');
  });

  test('When a meeting is cancelled, then the invitation says so and has STATUS:CANCELLED', async () => {
    const cancelledRepo = await openSeedStore(() =>
      buildSeed({ meetings: [buildMeeting({ status: 'cancelled', cancelledReason: 'No business; chair agreed' })] }),
    );
    const { properties } = parseCalendar((await meetingCalendar(recordsOf(cancelledRepo), 'test-committee-2030-01-15', NOW))!.body);
    expect(eventProperty(properties, 'STATUS').value).toBe('CANCELLED');
    expect(unescapeText(eventProperty(properties, 'SUMMARY').value)).toBe('Cancelled: Test Committee');
    expect(unescapeText(eventProperty(properties, 'DESCRIPTION').value)).toContain('cancelled: No business; chair agreed.');
  });

  test('When the meeting does not exist, then there is no calendar file', async () => {
    expect(await meetingCalendar(recordsOf(repo), 'no-such-meeting', NOW)).toBeNull();
  });
});
