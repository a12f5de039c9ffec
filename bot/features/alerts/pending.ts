import type { Logger } from '../../logger';
import type { ChangeBy, Repository, Result } from '../../store/repository';
import { meetingChangeKindSchema } from '../../store/schema';
import type { MeetingChange } from './changes';

/**
 * Meeting changes found by a sync that ran without the bot (`npm run sync`) wait in the store
 * until the bot starts, which hands them to its alerts. A change is removed only after the alerts
 * have had it, and the alerts refuse a change key already alerted, so a crash between the two
 * never alerts a change twice.
 */

const SYNC: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'modern.gov sync' } };
const BOT: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' } };

/** Keeps the changes for the bot; returns how many alerts are waiting for it in all. */
export async function keepForBot(records: Repository, changes: readonly MeetingChange[]): Promise<Result<number>> {
  const kept = await records.pendingAlerts.keep(
    changes.map((c) => ({
      key: c.key,
      meetingId: c.meetingId,
      committeeId: c.committeeId,
      source: c.source,
      // Only changes of the stored shape are kept: a record that breaks the schema would stop the store loading.
      changes: c.changes.flatMap((k) => {
        const parsed = meetingChangeKindSchema.safeParse(k);
        return parsed.success ? [parsed.data] : [];
      }),
    })),
    SYNC,
  );
  if (!kept.ok) return kept;
  return { ok: true, value: (await records.pendingAlerts.list()).length };
}

/**
 * Hands every waiting change to `alert` (the alerts' `onMeetingChanges`), oldest first, and
 * removes it once handed. A change for a meeting no longer held is dropped with a log line.
 */
export async function handPendingAlerts(
  records: Repository,
  alert: (changes: MeetingChange[]) => Promise<void>,
  logger?: Logger,
): Promise<void> {
  for (const pending of await records.pendingAlerts.list()) {
    const meeting = await records.meetings.get(pending.meetingId);
    if (!meeting || meeting.committeeId !== pending.committeeId) {
      logger?.info('meeting change from a sync dropped: the meeting is no longer held', { key: pending.key, meeting: pending.meetingId });
    } else {
      const { key, meetingId, committeeId, source, changes } = pending;
      await alert([{ key, meetingId, committeeId, source, changes }]);
      if (!(await records.alertSends.withKey(key))) {
        logger?.info('meeting change from a sync not alerted: nobody to tell', { key, meeting: meetingId });
      }
    }
    const removed = await records.pendingAlerts.remove(pending.id, BOT);
    if (!removed.ok && removed.error.kind !== 'not-found') {
      logger?.error('could not remove a handed meeting change', { key: pending.key, error: removed.error.kind });
    }
  }
}
