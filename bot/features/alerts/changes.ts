/**
 * What changed about one meeting, as the committee is told it in one alert card. Produced by
 * the modern.gov sync (one per meeting per sync) and by clerks' own meeting commands; consumed
 * by the alerts feature, which posts it to the committee's linked channels and to members who
 * opted in.
 */
export interface Paper {
  title: string;
  url: string | null;
  /** ISO date (yyyy-mm-dd) the paper was published, when known. */
  published: string | null;
}

export type MeetingChangeKind =
  | { kind: 'agendaPublished' }
  | { kind: 'papersAdded'; papers: Paper[] }
  | { kind: 'papersReplaced'; papers: Paper[] }
  | {
      kind: 'moved';
      from: { date: string; startTime: string | null };
      to: { date: string; startTime: string | null };
    }
  | { kind: 'venueChanged'; from: string | null; to: string | null }
  | { kind: 'cancelled'; reason: string | null }
  | { kind: 'minutesPublished' };

export interface MeetingChange {
  meetingId: string;
  committeeId: string;
  /** 'modern.gov' for a sync; otherwise the id of the clerk who made the change. */
  source: string;
  changes: MeetingChangeKind[];
  /**
   * Identifies this change and nothing else (for example the meeting id with a digest of the
   * meeting's new state), so that the same change is never alerted twice.
   */
  key: string;
}
