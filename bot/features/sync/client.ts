import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { booleanOf, dateOf, moderngovDate, plainTextOf, textOf, timeOf } from './values';

/**
 * A read-only client of a modern.gov site's web service (`{site}/mgWebService.asmx/{Method}`,
 * plain HTTP GET, XML). Requests are paced: at most `concurrency` at once and one started every
 * `minIntervalMs`, so a whole council's sync never floods the site. Every failure (unreachable,
 * timeout, HTTP error, malformed XML, a shape that is not the method's) is a ModernGovError
 * naming the method and the site.
 */

export class ModernGovError extends Error {
  constructor(
    readonly method: string,
    readonly site: string,
    readonly detail: string,
  ) {
    super(`modern.gov ${method} at ${site}: ${detail}`);
    this.name = 'ModernGovError';
  }
}

export interface ModernGovCommittee {
  id: string;
  title: string;
  deleted: boolean;
  expired: boolean;
  category: string | null;
}

export interface ModernGovMeetingSummary {
  id: string;
  date: string;
  status: string | null;
}

export interface ModernGovDocument {
  id: string;
  title: string;
  url: string | null;
  restricted: boolean;
  published: string | null;
}

export interface ModernGovAgendaItem {
  id: string;
  /** The number people see ("9."), as modern.gov formats it. */
  number: string | null;
  /** modern.gov's internal order. */
  order: number | null;
  title: string;
  description: string | null;
  restricted: boolean;
  /** The minute of the item, once minutes are published. */
  minutes: string | null;
  minutesPublished: boolean;
  documents: ModernGovDocument[];
}

export interface ModernGovAttendee {
  memberId: string | null;
  name: string;
  role: string | null;
  attendance: string | null;
  url: string | null;
}

export interface ModernGovMeeting {
  id: string;
  date: string;
  /** HH:mm in Europe/London; null = to be confirmed. */
  time: string | null;
  status: string | null;
  location: string | null;
  webcast: boolean;
  agendaPublished: boolean;
  minutesPublished: boolean;
  items: ModernGovAgendaItem[];
  attendees: ModernGovAttendee[];
}

export interface ModernGovCouncillor {
  id: string;
  name: string;
  /** From the work address only: a home address or phone is never read. */
  workEmail: string | null;
}

export interface ModernGovClientOptions {
  /** MODERNGOV_URL, e.g. https://democracy.example.gov.uk */
  site: string;
  /** Each request's deadline. */
  timeoutMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Least time between the starts of two requests. */
  minIntervalMs?: number;
}

/** Elements that repeat, by path: declared so that one child is still a list. */
const REPEATING = new Set([
  'committees.committee',
  'getmeetings.committee',
  'getmeetings.committee.committeemeetings.meeting',
  'meeting.agendaitems.agendaitem',
  'meeting.agendaitems.agendaitem.linkeddocuments.linkeddoc',
  'meeting.attendees.attendee',
  'councillorsbyward.wards.ward',
  'councillorsbyward.wards.ward.councillors.councillor',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => REPEATING.has(String(jpath)),
});

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The children of a repeating element (absent or empty element: none). */
function list(parent: unknown, name: string): Node[] {
  if (!isNode(parent)) return [];
  const children = parent[name];
  return Array.isArray(children) ? children.filter(isNode) : [];
}

export class ModernGovClient {
  readonly site: string;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly minIntervalMs: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;

  constructor(options: ModernGovClientOptions) {
    this.site = options.site.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.minIntervalMs = Math.max(0, options.minIntervalMs ?? 100);
  }

  /** The meeting's page on the site, for a person to open. */
  meetingUrl(committeeId: string, meetingId: string): string {
    return `${this.site}/ieListDocuments.aspx?CId=${encodeURIComponent(committeeId)}&MId=${encodeURIComponent(meetingId)}`;
  }

  committeeUrl(committeeId: string): string {
    return `${this.site}/mgCommitteeDetails.aspx?ID=${encodeURIComponent(committeeId)}`;
  }

  memberUrl(memberId: string): string {
    return `${this.site}/mgUserInfo.aspx?UID=${encodeURIComponent(memberId)}`;
  }

  async getCommittees(): Promise<ModernGovCommittee[]> {
    const root = await this.call('GetCommittees', {}, 'committees');
    return list(root, 'committee').map((c) => {
      const id = textOf(c.committeeid);
      const title = plainTextOf(c.committeetitle);
      if (!id || !title) throw new ModernGovError('GetCommittees', this.site, 'a committee has no id or title');
      return {
        id,
        title,
        deleted: booleanOf(c.committeedeleted) ?? false,
        expired: booleanOf(c.committeeexpired) ?? false,
        category: plainTextOf(c.committeecategory),
      };
    });
  }

  /** Meetings of one committee between two dates (yyyy-mm-dd), both always sent. */
  async getMeetings(committeeId: string, from: string, to: string): Promise<ModernGovMeetingSummary[]> {
    const method = 'GetMeetings';
    const root = await this.call(
      method,
      { lCommitteeId: committeeId, sFromDate: moderngovDate(from), sToDate: moderngovDate(to) },
      'getmeetings',
    );
    const committees = list(root, 'committee');
    const mine = committees.filter((c) => textOf(c.committeeid) === committeeId);
    if (committees.length > 0 && mine.length === 0) {
      throw new ModernGovError(method, this.site, `the answer is about another committee than ${committeeId}`);
    }
    return mine.flatMap((c) =>
      list(c.committeemeetings, 'meeting').map((m) => {
        const id = textOf(m.meetingid);
        const date = dateOf(m.meetingdate);
        if (!id || !date) throw new ModernGovError(method, this.site, 'a meeting has no id or no date in dd/mm/yyyy');
        return { id, date, status: textOf(m.meetingstatus) };
      }),
    );
  }

  async getMeeting(meetingId: string): Promise<ModernGovMeeting> {
    const method = 'GetMeeting';
    const m = await this.call(method, { lMeetingId: meetingId }, 'meeting');
    const id = textOf(m.meetingid);
    const date = dateOf(m.meetingdate);
    if (id !== meetingId)
      throw new ModernGovError(method, this.site, `asked for meeting ${meetingId}, the answer is about ${id ?? 'none'}`);
    if (!date) throw new ModernGovError(method, this.site, `meeting ${meetingId} has no date in dd/mm/yyyy`);
    const items = list(m.agendaitems, 'agendaitem').map((item): ModernGovAgendaItem => {
      const itemId = textOf(item.agendaitemid);
      if (!itemId) throw new ModernGovError(method, this.site, `an agenda item of meeting ${meetingId} has no id`);
      const order = textOf(item.agendaitemnumber);
      return {
        id: itemId,
        number: textOf(item.fulldisplaynumberformat),
        order: order && /^\d+$/.test(order) ? Number(order) : null,
        title: plainTextOf(item.agendaitemtitle) ?? 'Untitled item',
        description: plainTextOf(item.agendatext),
        restricted: booleanOf(item.isrestricted) ?? false,
        minutes: plainTextOf(item.minutesnonemptyhtmlbody),
        minutesPublished: booleanOf(item.isminutepublished) ?? false,
        documents: list(item.linkeddocuments, 'linkeddoc').flatMap((doc): ModernGovDocument[] => {
          const docId = textOf(doc.attachmentid);
          const title = plainTextOf(doc.title);
          if (!docId || !title) return [];
          return [
            {
              id: docId,
              title,
              url: textOf(doc.url),
              restricted: booleanOf(doc.isrestricted) ?? false,
              published: dateOf(doc.publicationdate),
            },
          ];
        }),
      };
    });
    const attendees = list(m.attendees, 'attendee').flatMap((a): ModernGovAttendee[] => {
      const name = plainTextOf(a['@name']);
      if (!name) return [];
      return [
        {
          memberId: textOf(a['@memberid']),
          name,
          role: textOf(a['@roledescription']),
          attendance: textOf(a['@attendance']),
          url: textOf(a.url),
        },
      ];
    });
    return {
      id: meetingId,
      date,
      time: timeOf(m.meetingtime),
      status: textOf(m.meetingstatus),
      location: plainTextOf(m.meetinglocation),
      webcast: booleanOf(m.iswebcast) ?? false,
      agendaPublished: booleanOf(m.agendapublished) ?? false,
      minutesPublished: booleanOf(m.minutepublished) ?? false,
      items,
      attendees,
    };
  }

  async getCouncillorsByWard(): Promise<ModernGovCouncillor[]> {
    const root = await this.call('GetCouncillorsByWard', {}, 'councillorsbyward');
    return list(root.wards, 'ward').flatMap((ward) =>
      list(ward.councillors, 'councillor').flatMap((c): ModernGovCouncillor[] => {
        const id = textOf(c.councillorid);
        const name = plainTextOf(c.fullusername);
        if (!id || !name) return [];
        const email = isNode(c.workaddress) ? textOf(c.workaddress.email) : null;
        return [{ id, name, workEmail: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null }];
      }),
    );
  }

  /** One GET of a method; the root element's content, checked to be the method's. */
  private async call(method: string, params: Record<string, string>, root: string): Promise<Node> {
    const query = new URLSearchParams(params).toString();
    const url = `${this.site}/mgWebService.asmx/${method}${query ? `?${query}` : ''}`;
    const text = await this.paced(() => this.get(method, url));
    const valid = XMLValidator.validate(text);
    if (valid !== true)
      throw new ModernGovError(method, this.site, `the answer is not well-formed XML (line ${String(valid.err.line)}: ${valid.err.msg})`);
    let parsed: unknown;
    try {
      parsed = parser.parse(text);
    } catch (err) {
      throw new ModernGovError(method, this.site, `the answer cannot be read as XML (${(err as Error).message})`);
    }
    const content = isNode(parsed) ? parsed[root] : undefined;
    if (content === undefined) {
      const found = isNode(parsed) ? Object.keys(parsed).filter((k) => !k.startsWith('?')) : [];
      throw new ModernGovError(method, this.site, `expected <${root}>, got ${found.length > 0 ? `<${found.join('>, <')}>` : 'nothing'}`);
    }
    return isNode(content) ? content : {};
  }

  private async get(method: string, url: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { Accept: 'text/xml, application/xml' } });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new ModernGovError(method, this.site, `no answer within ${String(this.timeoutMs / 1000)} seconds`);
      }
      throw new ModernGovError(method, this.site, `the site cannot be reached (${e.cause?.code ?? e.cause?.message ?? e.message})`);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (err) {
      const e = err as Error;
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${String(this.timeoutMs / 1000)} seconds` : e.message;
      throw new ModernGovError(method, this.site, `the answer was cut off (${why})`);
    }
    if (response.status === 403) {
      throw new ModernGovError(
        method,
        this.site,
        'HTTP 403: the site refuses this client (its web service may be switched off or blocked)',
      );
    }
    if (!response.ok) throw new ModernGovError(method, this.site, `HTTP ${String(response.status)} ${response.statusText}`.trim());
    return body;
  }

  /** Runs `fn` when a slot is free and the pace allows. */
  private async paced<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      const now = Date.now();
      const start = Math.max(now, this.nextStart);
      this.nextStart = start + this.minIntervalMs;
      if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
