import { FixedClock, type Clock } from '../../bot/clock';
import { isUpcoming } from '../../bot/store/meetingTime';
import type { ChangeBy, CommitteeSettings, ConversationSeen, Repository, Result } from '../../bot/store/repository';
import { loadSeed } from '../../bot/store/seed';
import type { Actor, AuditEntry } from '../../bot/store/schema';
import { hasStarted } from '../../bot/store/meetingTime';

/** One repository under test, holding the seed from `loadSeed()` and nothing recorded. */
export interface ContractSubject {
  repository: Repository;
  /** Makes the engine's next durable commit fail, as a full disk or a lost connection would; returns the undo. */
  failNextCommit(): () => void;
  /** A second repository over the same durable data, opened afresh: what survives a restart. */
  reopen(): Promise<Repository>;
  close(): Promise<void>;
}

export type MakeRepository = (clock: Clock) => Promise<ContractSubject>;

const NOW = new Date('2023-09-05T09:00:00Z');
const clara: Actor = { personId: 'contract-clerk', aadObjectId: 'aad-contract-clerk', name: 'Contract Clerk' };
const asClerk: ChangeBy = { actor: clara };

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * The repository contract: what any engine behind bot/store/repository.ts must do. Run it with
 * `describeRepositoryContract('engine name', makeRepository)`.
 */
export function describeRepositoryContract(name: string, make: MakeRepository): void {
  describe(`repository contract: ${name}`, () => {
    const seed = loadSeed();
    const committee = seed.committees[0]!;
    const memberId = committee.membership[0]!.personId;
    const otherMemberId = committee.membership[1]!.personId;
    const upcoming = seed.meetings
      .filter((m) => m.committeeId === committee.id && isUpcoming(m, NOW))
      .sort((a, b) => (a.date + (a.startTime ?? '')).localeCompare(b.date + (b.startTime ?? '')));
    const nextMeeting = upcoming[0]!;
    const laterMeeting = upcoming[1]!;
    const openAction = seed.actions.find((a) => a.status === 'open')!;
    let clock: FixedClock;
    let subject: ContractSubject;
    let repo: Repository;

    beforeEach(async () => {
      clock = new FixedClock(NOW);
      subject = await make(clock);
      repo = subject.repository;
    });
    afterEach(async () => {
      await subject.close();
    });

    const auditCount = async () => (await repo.audit.entries()).length;
    const apologyFrom = (personId: string, meetingId = nextMeeting.id) => ({ meetingId, personId, reason: 'Away', substituteId: null });

    describe('reads', () => {
      test('When the seed is loaded, then its records read back as stored, each at version 1', async () => {
        expect(await repo.council.name()).toBe(seed.council.name);
        expect((await repo.committees.all()).map((c) => c.id)).toEqual(seed.committees.map((c) => c.id));
        expect(await repo.committees.get(committee.id)).toEqual(committee);
        const people = await repo.people.all();
        expect(people.map((p) => p.id)).toEqual(seed.people.map((p) => p.id));
        expect(people.every((p) => p.version === 1)).toBe(true);
        expect(await repo.actions.get(openAction.id)).toEqual({ ...openAction, version: 1 });
        expect((await repo.actions.open()).map((a) => a.id)).toEqual(seed.actions.filter((a) => a.status === 'open').map((a) => a.id));
        expect((await repo.indicators.list()).length).toBe(seed.indicators.length);
        expect((await repo.workProgramme.forCommittee(committee.id)).length).toBe(
          seed.workProgramme.filter((w) => w.committeeId === committee.id).length,
        );
        expect((await repo.budget.lines()).length).toBe(seed.budget.length);
        const minutes = seed.minutes[0]!;
        expect(await repo.minutes.ofMeeting(minutes.meetingId)).toEqual(minutes);
        expect(await repo.audit.entries()).toEqual([]);
      });

      test('When meetings are asked for, then they come in date order and the next one is the first not yet started', async () => {
        const dates = (await repo.meetings.list(committee.id)).map((m) => m.date);
        expect(dates).toEqual([...dates].sort());
        expect(dates).toHaveLength(seed.meetings.filter((m) => m.committeeId === committee.id).length);
        expect((await repo.meetings.next(committee.id, NOW))?.id).toBe(nextMeeting.id);
        expect(await repo.agendaItems.list(nextMeeting.id)).toEqual(nextMeeting.agendaItems);
      });

      test('When meetings are asked for by time, then not started, between two days and the last one give only those, in date order', async () => {
        const ids = (ms: readonly { id: string }[]) => ms.map((m) => m.id);
        const all = seed.meetings
          .filter((m) => m.committeeId === committee.id)
          .sort((a, b) => (a.date + (a.startTime ?? '')).localeCompare(b.date + (b.startTime ?? '')));
        const ahead = all.filter((m) => !hasStarted(m, NOW));
        expect(ahead.length).toBeGreaterThan(1);
        expect(ids(await repo.meetings.notStarted(committee.id, NOW))).toEqual(ids(ahead));
        expect(ids(await repo.meetings.between(committee.id, nextMeeting.date, laterMeeting.date))).toEqual(
          ids(all.filter((m) => m.date >= nextMeeting.date && m.date <= laterMeeting.date)),
        );
        expect(ids(await repo.meetings.between(committee.id, nextMeeting.date, nextMeeting.date))).toEqual([nextMeeting.id]);
        const last = all.filter((m) => m.status !== 'cancelled' && hasStarted(m, NOW)).at(-1)!;
        expect((await repo.meetings.last(committee.id, NOW))?.id).toBe(last.id);
        expect(await repo.meetings.last(committee.id, new Date('2000-01-01T00:00:00Z'))).toBeUndefined();
        expect(await repo.meetings.notStarted('no-such-committee', NOW)).toEqual([]);
        // A cancelled meeting ahead is still "not started" (its cancellation is news), never "next".
        value(await repo.meetings.cancel(nextMeeting.id, 1, 'No business', asClerk));
        expect(ids(await repo.meetings.notStarted(committee.id, NOW))).toEqual(ids(ahead));
        expect((await repo.meetings.notStarted(committee.id, NOW))[0]).toMatchObject({ status: 'cancelled', version: 2 });
        expect((await repo.meetings.next(committee.id, NOW))?.id).toBe(laterMeeting.id);
      });

      test("When the actions arising from a meeting are asked for, then they are that meeting's, in stored order", async () => {
        const meetingId = seed.actions.find((a) => a.origin.meetingId)!.origin.meetingId!;
        const arising = seed.actions.filter((a) => a.origin.meetingId === meetingId);
        expect(arising.length).toBeGreaterThan(0);
        expect((await repo.actions.forMeeting(meetingId)).map((a) => a.id)).toEqual(arising.map((a) => a.id));
        expect(await repo.actions.forMeeting('no-such-meeting')).toEqual([]);
      });

      test('When a record does not exist, then reads give nothing and changes say not found', async () => {
        expect(await repo.meetings.get('no-such-meeting')).toBeUndefined();
        expect(await repo.people.get('no-such-person')).toBeUndefined();
        expect(await repo.actions.update('no-such-action', 1, { rag: 'red' }, asClerk)).toEqual({
          ok: false,
          error: { kind: 'not-found', recordType: 'action', id: 'no-such-action' },
        });
        expect((await repo.apologies.withdraw('no-such-apology', 1, asClerk)).ok).toBe(false);
        expect(await auditCount()).toBe(0);
      });
    });

    describe('writes and versions', () => {
      test('When apologies are recorded on behalf of a member, then they read back at version 1 and the audit names who, for whom, when and what', async () => {
        const sent = value(await repo.apologies.record(apologyFrom(memberId), null, { actor: clara, onBehalfOf: memberId }));
        expect(sent).toMatchObject({
          meetingId: nextMeeting.id,
          personId: memberId,
          status: 'sent',
          onBehalf: true,
          version: 1,
          createdAt: NOW.toISOString(),
        });
        expect(await repo.apologies.of(nextMeeting.id, memberId)).toEqual(sent);
        expect(await repo.audit.entries({ recordId: sent.id })).toEqual([
          expect.objectContaining({
            at: NOW.toISOString(),
            actor: clara,
            onBehalfOf: memberId,
            kind: 'apology.sent',
            recordType: 'apology',
            after: expect.objectContaining({ reason: 'Away' }) as unknown,
          }),
        ]);
      });

      test('When a record is changed at the version read, then its version goes up by one and the audit has before and after', async () => {
        const action = value(await repo.actions.update(openAction.id, 1, { rag: 'red', update: 'Late' }, asClerk));
        expect(action).toMatchObject({ rag: 'red', update: 'Late', version: 2 });
        const again = value(await repo.actions.update(openAction.id, 2, { rag: 'green' }, asClerk));
        expect(again.version).toBe(3);
        const entries = await repo.audit.entries({ recordType: 'action', recordId: openAction.id });
        expect(entries.map((e) => e.kind)).toEqual(['action.updated', 'action.updated']);
        expect(entries[0]).toMatchObject({
          actor: clara,
          before: { rag: openAction.rag, version: 1 },
          after: { rag: 'red', update: 'Late', version: 2 },
        });
        expect(entries[1]).toMatchObject({ before: { rag: 'red', version: 2 }, after: { rag: 'green', version: 3 } });
        const reopened = await subject.reopen();
        expect(await reopened.actions.get(openAction.id)).toMatchObject({ rag: 'green', version: 3 });
      });

      test('When a change names a version older than the record, then it is refused as stale and nothing changes', async () => {
        value(await repo.actions.update(openAction.id, 1, { rag: 'amber' }, asClerk));
        const before = await repo.actions.get(openAction.id);
        const audit = await auditCount();
        expect(await repo.actions.update(openAction.id, 1, { rag: 'green' }, asClerk)).toEqual({
          ok: false,
          error: { kind: 'stale', recordType: 'action', id: openAction.id, expected: 1, current: 2 },
        });
        expect(await repo.actions.get(openAction.id)).toEqual(before);
        expect(await auditCount()).toBe(audit);
      });

      test('When a change contradicts what is recorded, then it is refused as a conflict and nothing changes', async () => {
        const sent = value(await repo.apologies.record(apologyFrom(memberId), null, asClerk));
        const audit = await auditCount();
        const twice = await repo.apologies.record(apologyFrom(memberId), null, asClerk);
        expect(twice).toMatchObject({ ok: false, error: { kind: 'conflict', recordType: 'apology', id: sent.id } });
        const withdrawn = value(await repo.apologies.withdraw(sent.id, 1, asClerk));
        expect((await repo.apologies.withdraw(sent.id, withdrawn.version, asClerk)).ok).toBe(false);
        const clash = await repo.meetings.add({ ...nextMeeting, startTime: '10:00' }, asClerk);
        expect(clash).toMatchObject({ ok: false, error: { kind: 'conflict', recordType: 'meeting' } });
        expect(await auditCount()).toBe(audit + 1);
        expect((await repo.meetings.list(committee.id)).length).toBe(seed.meetings.filter((m) => m.committeeId === committee.id).length);
      });

      test('When a change would change nothing, then the record keeps its version and nothing is audited', async () => {
        const sent = value(await repo.apologies.record(apologyFrom(memberId), null, asClerk));
        const same = value(await repo.apologies.record(apologyFrom(memberId), sent.version, asClerk));
        expect(same.version).toBe(1);
        const account = { aadObjectId: 'aad-member', teamsUserId: '29:member' };
        const linked = value(await repo.people.link(memberId, 1, account, asClerk));
        expect(value(await repo.people.link(memberId, linked.version, account, asClerk)).version).toBe(2);
        expect((await repo.audit.entries()).map((e) => e.kind)).toEqual(['apology.sent', 'person.linked']);
      });

      test('When each kind of write is made, then each lands with exactly one audit entry of its kind, stamped with the clock and the actor', async () => {
        const writes: [string, () => Promise<Result<{ id: string; version: number }>>][] = [
          [
            'meeting.added',
            () =>
              repo.meetings.add(
                {
                  committeeId: committee.id,
                  date: '2024-05-01',
                  startTime: '18:00',
                  venue: 'Room 1',
                  webcastUrl: null,
                  source: { document: 'test' },
                },
                asClerk,
              ),
          ],
          [
            'meeting.moved',
            async () =>
              repo.meetings.move(
                laterMeeting.id,
                (await repo.meetings.get(laterMeeting.id))!.version,
                { date: '2023-11-17', startTime: '19:00', venue: 'Room 2' },
                asClerk,
              ),
          ],
          [
            'meeting.itemAdded',
            async () =>
              repo.agendaItems.add(
                laterMeeting.id,
                (await repo.meetings.get(laterMeeting.id))!.version,
                { number: '1', title: 'Apologies', pages: null, leadOfficer: null, restricted: false },
                asClerk,
              ),
          ],
          ['meeting.urgencyReason', () => repo.agendaItems.setUrgencyReason(laterMeeting.id, '1', 'Statutory deadline', asClerk)],
          [
            'meeting.agendaPublished',
            async () =>
              repo.meetings.publishAgenda(laterMeeting.id, (await repo.meetings.get(laterMeeting.id))!.version, '2023-11-08', asClerk),
          ],
          [
            'meeting.cancelled',
            async () => repo.meetings.cancel(laterMeeting.id, (await repo.meetings.get(laterMeeting.id))!.version, 'No business', asClerk),
          ],
          ['action.updated', () => repo.actions.update(openAction.id, 1, { status: 'complete' }, asClerk)],
          ['apology.sent', () => repo.apologies.record(apologyFrom(otherMemberId), null, asClerk)],
          [
            'apology.updated',
            async () =>
              repo.apologies.record(
                { ...apologyFrom(otherMemberId), reason: 'Ill' },
                (await repo.apologies.of(nextMeeting.id, otherMemberId))!.version,
                asClerk,
              ),
          ],
          [
            'apology.withdrawn',
            async () => {
              const a = (await repo.apologies.of(nextMeeting.id, otherMemberId))!;
              return repo.apologies.withdraw(a.id, a.version, asClerk);
            },
          ],
          [
            'apology.resent',
            async () =>
              repo.apologies.record(apologyFrom(otherMemberId), (await repo.apologies.of(nextMeeting.id, otherMemberId))!.version, asClerk),
          ],
          [
            'declaration.made',
            () =>
              repo.declarations.declare(
                {
                  meetingId: nextMeeting.id,
                  agendaItemNumber: nextMeeting.agendaItems[0]!.number,
                  personId: memberId,
                  kind: 'other-registrable',
                  nature: 'Governor',
                  onRegister: true,
                },
                { actor: clara, onBehalfOf: memberId },
              ),
          ],
          [
            'declaration.updated',
            async () => {
              const d = (await repo.declarations.forMeeting(nextMeeting.id))[0]!;
              return repo.declarations.update(d.id, d.version, { kind: 'non-registrable', nature: 'Friend', onRegister: false }, asClerk);
            },
          ],
          [
            'declaration.withdrawn',
            async () => {
              const d = (await repo.declarations.forMeeting(nextMeeting.id))[0]!;
              return repo.declarations.withdraw(d.id, d.version, asClerk);
            },
          ],
          [
            'linkRequest.created',
            () =>
              repo.linkRequests.create(
                {
                  personId: memberId,
                  aadObjectId: 'aad-claimant',
                  teamsUserId: null,
                  displayName: 'Claimant',
                  userPrincipalName: null,
                  email: null,
                  tenantId: null,
                  createdAt: NOW.toISOString(),
                },
                asClerk,
              ),
          ],
          [
            'linkRequest.confirmed',
            async () => {
              const r = (await repo.linkRequests.pending())[0]!;
              return repo.linkRequests.decide(r.id, r.version, 'confirmed', asClerk);
            },
          ],
          [
            'person.linked',
            () =>
              repo.people.link(
                memberId,
                1,
                { aadObjectId: 'aad-claimant', teamsUserId: '29:claimant' },
                { actor: clara, note: { matchedBy: 'clerk' } },
              ),
          ],
          [
            'conversation.added',
            () =>
              repo.conversations.remember(
                {
                  id: 'chat-1',
                  type: 'personal',
                  reference: { serviceUrl: 'https://example.test/' },
                  tenantId: null,
                  teamId: null,
                  teamName: null,
                  channelName: null,
                  personId: memberId,
                  installed: true,
                },
                asClerk,
              ),
          ],
          [
            'conversation.added',
            () =>
              repo.conversations.remember(
                {
                  id: 'channel-1',
                  type: 'channel',
                  reference: {},
                  tenantId: null,
                  teamId: 'team',
                  teamName: 'Team',
                  channelName: 'General',
                  personId: null,
                  installed: true,
                },
                asClerk,
              ),
          ],
          ['conversation.linked', () => repo.conversations.linkCommittee('channel-1', 1, committee.id, asClerk)],
          [
            'conversation.updated',
            () =>
              repo.conversations.remember(
                {
                  id: 'channel-1',
                  type: 'channel',
                  reference: {},
                  tenantId: null,
                  teamId: 'team',
                  teamName: 'Team',
                  channelName: 'Renamed',
                  personId: null,
                  installed: true,
                },
                asClerk,
              ),
          ],
          ['conversation.unlinked', () => repo.conversations.linkCommittee('channel-1', 3, null, asClerk)],
          ['person.unlinked', () => repo.people.unlink(memberId, 2, asClerk)],
          ['conversation.updated', () => repo.conversations.forgetPerson('chat-1', 1, asClerk)],
          [
            'reminderSchedule.created',
            () => repo.reminderSchedules.create({ committeeId: committee.id, daysBefore: [2], at: '09:00', includeMembers: true }, asClerk),
          ],
          [
            'reminderSchedule.stopped',
            async () => {
              const s = (await repo.reminderSchedules.active(committee.id))[0]!;
              return repo.reminderSchedules.stop(s.id, s.version, 'stopped', asClerk);
            },
          ],
          [
            'reminder.started',
            () =>
              repo.reminderSends.start(
                {
                  id: 'send-1',
                  meetingId: nextMeeting.id,
                  scheduleId: null,
                  daysBefore: null,
                  requestedBy: clara,
                  state: 'sending',
                  startedAt: NOW.toISOString(),
                  deliveries: [{ conversationId: 'channel-1', personId: null, target: 'Channel General', outcome: 'pending' }],
                },
                asClerk,
              ),
          ],
          ['reminder.sent', () => repo.reminderSends.setDelivery('send-1', 0, { outcome: 'sent' }, asClerk)],
          ['reminder.finished', () => repo.reminderSends.finish('send-1', NOW.toISOString(), asClerk)],
        ];
        for (const [kind, write] of writes) {
          clock.advance(1000);
          const before = await repo.audit.entries();
          const result = await write();
          if (!result.ok) throw new Error(`${kind}: ${JSON.stringify(result.error)}`);
          const added = (await repo.audit.entries()).slice(before.length);
          expect({ kind, added: added.map((e: AuditEntry) => ({ kind: e.kind, recordId: e.recordId, at: e.at, actor: e.actor })) }).toEqual(
            {
              kind,
              added: [{ kind, recordId: result.value.id, at: clock.now().toISOString(), actor: clara }],
            },
          );
          expect(added[0]!.after).toBeDefined();
        }
        const reopened = await subject.reopen();
        expect((await reopened.audit.entries()).map((e) => e.kind)).toEqual(writes.map(([kind]) => kind));
      });
    });

    describe('search reads', () => {
      test('When what search indexes is read, then it holds every record of the seed it indexes', async () => {
        const sources = await repo.search.sources();
        expect(sources.committees.map((c) => c.id)).toEqual(seed.committees.map((c) => c.id));
        expect(sources.meetings.map((m) => m.id).sort()).toEqual(seed.meetings.map((m) => m.id).sort());
        expect(sources.minutes.length).toBe(seed.minutes.length);
        expect(sources.actions.map((a) => a.id).sort()).toEqual(seed.actions.map((a) => a.id).sort());
        expect(sources.workProgramme.length).toBe(seed.workProgramme.length);
        expect(sources.indicators.length).toBe(seed.indicators.length);
        expect(sources.budget.length).toBe(seed.budget.length);
      });

      test('When apologies are recorded, then the search stamp stays; when an agenda item or an action changes, then it changes', async () => {
        const first = await repo.search.stamp();
        value(await repo.apologies.record(apologyFrom(memberId), null, asClerk));
        expect(await repo.search.stamp()).toBe(first);
        const meeting = (await repo.meetings.get(laterMeeting.id))!;
        const item = { number: '41', title: 'Quokka enclosure visits', pages: null, leadOfficer: null, restricted: false };
        value(await repo.agendaItems.add(meeting.id, meeting.version, item, asClerk));
        const second = await repo.search.stamp();
        expect(second).not.toBe(first);
        const found = (await repo.search.sources()).meetings.find((m) => m.id === meeting.id)!;
        expect(found.agendaItems.map((i) => i.title)).toContain('Quokka enclosure visits');
        value(await repo.actions.update(openAction.id, 1, { update: 'Done in part' }, asClerk));
        expect(await repo.search.stamp()).not.toBe(second);
      });
    });

    describe('transactions', () => {
      test('When a transaction makes several changes, then reads inside see them, and they land together with their audit entries', async () => {
        const outcome = await repo.transaction(async (tx) => {
          const a = value(await tx.apologies.record(apologyFrom(memberId), null, asClerk));
          expect((await tx.apologies.of(nextMeeting.id, memberId))?.id).toBe(a.id);
          expect(await repo.apologies.of(nextMeeting.id, memberId)).toBeUndefined();
          const b = value(await tx.apologies.record(apologyFrom(otherMemberId), null, asClerk));
          value(await tx.actions.update(openAction.id, 1, { update: 'Apologies noted' }, asClerk));
          return { ok: true, value: [a.id, b.id] };
        });
        expect(outcome.ok).toBe(true);
        expect((await repo.apologies.forMeeting(nextMeeting.id)).map((a) => a.personId).sort()).toEqual([memberId, otherMemberId].sort());
        expect((await repo.actions.get(openAction.id))?.version).toBe(2);
        expect((await repo.audit.entries()).map((e) => e.kind)).toEqual(['apology.sent', 'apology.sent', 'action.updated']);
        const reopened = await subject.reopen();
        expect(await reopened.apologies.forMeeting(nextMeeting.id)).toHaveLength(2);
      });

      test('When a transaction returns a failure after some changes, then none of them land', async () => {
        const outcome = await repo.transaction(async (tx) => {
          value(await tx.apologies.record(apologyFrom(memberId), null, asClerk));
          return tx.actions.update(openAction.id, 7, { rag: 'red' }, asClerk);
        });
        expect(outcome).toMatchObject({ ok: false, error: { kind: 'stale', expected: 7, current: 1 } });
        expect(await repo.apologies.forMeeting(nextMeeting.id)).toEqual([]);
        expect(await auditCount()).toBe(0);
      });

      test('When a transaction throws, then nothing lands and the error reaches the caller', async () => {
        await expect(
          repo.transaction(async (tx) => {
            value(await tx.apologies.record(apologyFrom(memberId), null, asClerk));
            throw new Error('bug in the caller');
          }),
        ).rejects.toThrow('bug in the caller');
        expect(await repo.apologies.forMeeting(nextMeeting.id)).toEqual([]);
        expect(await auditCount()).toBe(0);
      });

      test('When the durable write of a transaction fails, then nothing lands, in memory or after reopening, and the next change works', async () => {
        const undo = subject.failNextCommit();
        try {
          await expect(
            repo.transaction(async (tx) => {
              value(await tx.apologies.record(apologyFrom(memberId), null, asClerk));
              return tx.actions.update(openAction.id, 1, { rag: 'red' }, asClerk);
            }),
          ).rejects.toThrow();
        } finally {
          undo();
        }
        expect(await repo.apologies.forMeeting(nextMeeting.id)).toEqual([]);
        expect((await repo.actions.get(openAction.id))?.version).toBe(1);
        expect(await auditCount()).toBe(0);
        const reopened = await subject.reopen();
        expect(await reopened.apologies.forMeeting(nextMeeting.id)).toEqual([]);
        expect(await reopened.audit.entries()).toEqual([]);
        expect((await repo.actions.update(openAction.id, 1, { rag: 'red' }, asClerk)).ok).toBe(true);
      });

      test('When another change lands on a record while a transaction is changing it, then the transaction is refused as stale and none of its changes land', async () => {
        const outcome = await repo.transaction(async (tx) => {
          const action = (await tx.actions.get(openAction.id))!;
          value(await tx.apologies.record(apologyFrom(memberId), null, asClerk));
          value(await repo.actions.update(openAction.id, action.version, { rag: 'amber' }, { actor: { ...clara, name: 'Someone else' } }));
          return tx.actions.update(openAction.id, action.version, { rag: 'red' }, asClerk);
        });
        expect(outcome).toMatchObject({
          ok: false,
          error: { kind: 'stale', recordType: 'action', id: openAction.id, expected: 1, current: 2 },
        });
        expect(await repo.actions.get(openAction.id)).toMatchObject({ rag: 'amber', version: 2 });
        expect(await repo.apologies.forMeeting(nextMeeting.id)).toEqual([]);
        expect((await repo.audit.entries()).map((e) => e.kind)).toEqual(['action.updated']);
      });
    });

    describe('committee settings (committees:configure)', () => {
      const clerkId = committee.clerkIds[0]!;
      const settings = (over: Partial<CommitteeSettings> = {}): CommitteeSettings => ({
        clerk: { personId: otherMemberId },
        quorum: 4,
        substituteNoticeMinutes: 240,
        ...over,
      });

      test('When a committee is configured at the version read, then clerk, quorum and notice change, its version goes up and the audit has before and after', async () => {
        const configured = value(await repo.committees.configure(committee.id, 1, settings(), asClerk));
        expect(configured).toMatchObject({
          id: committee.id,
          clerkIds: [otherMemberId],
          quorum: 4,
          substituteNoticeMinutes: 240,
          version: 2,
        });
        expect(await repo.committees.get(committee.id)).toMatchObject({ clerkIds: [otherMemberId], quorum: 4, version: 2 });
        expect(await repo.audit.entries({ recordType: 'committee', recordId: committee.id })).toEqual([
          expect.objectContaining({
            actor: clara,
            kind: 'committee.configured',
            before: {
              clerkIds: committee.clerkIds,
              quorum: committee.quorum,
              substituteNoticeMinutes: committee.substituteNoticeMinutes,
              version: 1,
            },
            after: { clerkIds: [otherMemberId], quorum: 4, substituteNoticeMinutes: 240, version: 2 },
          }),
        ]);
        const reopened = await subject.reopen();
        expect(await reopened.committees.get(committee.id)).toMatchObject({ clerkIds: [otherMemberId], quorum: 4, version: 2 });
      });

      test('When a committee is configured as it already is, then nothing is audited and its version stays', async () => {
        const same = settings({
          clerk: { personId: clerkId },
          quorum: committee.quorum,
          substituteNoticeMinutes: committee.substituteNoticeMinutes,
        });
        expect(value(await repo.committees.configure(committee.id, 1, same, asClerk)).version).toBe(1);
        expect(await auditCount()).toBe(0);
      });

      test("When a new clerk is named, then the person is added, as an officer, and made the committee's clerk, each audited", async () => {
        const add = { id: 'new-clerk', name: 'Nadia Newcomb', title: 'Ms' };
        const configured = value(await repo.committees.configure(committee.id, 1, settings({ clerk: { add } }), asClerk));
        expect(configured.clerkIds).toEqual(['new-clerk']);
        expect(await repo.people.get('new-clerk')).toMatchObject({ ...add, kind: 'officer', version: 1 });
        expect((await repo.audit.entries()).map((e) => [e.kind, e.recordId])).toEqual([
          ['person.added', 'new-clerk'],
          ['committee.configured', committee.id],
        ]);
        const reopened = await subject.reopen();
        expect(await reopened.people.get('new-clerk')).toMatchObject({ name: 'Nadia Newcomb', kind: 'officer' });
      });

      test('When a configuration is stale, names nobody, takes a used id, or has a bad quorum or notice, then it is refused and nothing changes', async () => {
        const refusals: [Promise<Result<unknown>>, object][] = [
          [repo.committees.configure('no-such-committee', 1, settings(), asClerk), { kind: 'not-found', recordType: 'committee' }],
          [
            repo.committees.configure(committee.id, 2, settings(), asClerk),
            { kind: 'stale', recordType: 'committee', expected: 2, current: 1 },
          ],
          [repo.committees.configure(committee.id, 1, settings({ clerk: { personId: 'nobody' } }), asClerk), { kind: 'conflict' }],
          [
            repo.committees.configure(committee.id, 1, settings({ clerk: { add: { id: memberId, name: 'Someone Else' } } }), asClerk),
            { kind: 'conflict', recordType: 'person' },
          ],
          [repo.committees.configure(committee.id, 1, settings({ quorum: 0 }), asClerk), { kind: 'conflict', recordType: 'committee' }],
          [repo.committees.configure(committee.id, 1, settings({ quorum: 2.5 }), asClerk), { kind: 'conflict', recordType: 'committee' }],
          [
            repo.committees.configure(committee.id, 1, settings({ substituteNoticeMinutes: -60 }), asClerk),
            { kind: 'conflict', recordType: 'committee' },
          ],
        ];
        for (const [attempt, error] of refusals) expect(await attempt).toMatchObject({ ok: false, error });
        expect(await repo.committees.get(committee.id)).toEqual(committee);
        expect((await repo.people.all()).map((p) => p.id)).toEqual(seed.people.map((p) => p.id));
        expect(await auditCount()).toBe(0);
      });

      test('When a transaction adds a new clerk and then fails, then neither the person nor the settings land', async () => {
        const outcome = await repo.transaction(async (tx) => {
          value(
            await tx.committees.configure(committee.id, 1, settings({ clerk: { add: { id: 'tx-clerk', name: 'Tess Txn' } } }), asClerk),
          );
          expect(await tx.people.get('tx-clerk')).toMatchObject({ kind: 'officer' });
          return tx.committees.configure(committee.id, 1, settings(), asClerk);
        });
        expect(outcome).toMatchObject({ ok: false, error: { kind: 'stale', expected: 1, current: 2 } });
        expect(await repo.people.get('tx-clerk')).toBeUndefined();
        expect(await repo.committees.get(committee.id)).toEqual(committee);
        expect(await auditCount()).toBe(0);
      });
    });

    describe('indicators', () => {
      const cp = seed.indicators.find((i) => i.id === 'cp-rate')!;
      const q4 = {
        period: 'Q4 2023/24',
        periodEnd: '2024-03-31',
        value: 32,
        count: { value: 141, unit: 'children' },
        asAt: '2024-05-01',
        source: { document: 'Q4 performance report' },
        comparators: [{ name: 'National', value: 52, period: '2022/23', source: { document: 'Q4 performance report' } }],
      };

      test('When a figure for a later period is recorded, then it is the latest, stamped with who and when, the version rises and it is audited', async () => {
        expect((await repo.indicators.get('cp-rate'))!.version).toBe(1);
        const recorded = value(await repo.indicators.recordValue('cp-rate', 1, q4, asClerk));
        expect(recorded.version).toBe(2);
        expect(recorded.series.at(-1)).toMatchObject({ ...q4, recordedBy: clara, recordedAt: NOW.toISOString() });
        const entry = (await repo.audit.entries({ recordType: 'indicator', recordId: 'cp-rate' }))[0]!;
        expect(entry).toMatchObject({
          kind: 'indicator.valueRecorded',
          actor: clara,
          before: { version: 1 },
          after: { version: 2, point: q4 },
        });
      });

      test('When a figure is recorded on a stale read, or for a period not after the latest, then it is refused and nothing changes', async () => {
        value(await repo.indicators.recordValue('cp-rate', 1, q4, asClerk));
        expect(
          await repo.indicators.recordValue('cp-rate', 1, { ...q4, period: 'Q1 2024/25', periodEnd: '2024-06-30' }, asClerk),
        ).toMatchObject({
          ok: false,
          error: { kind: 'stale', expected: 1, current: 2 },
        });
        expect(
          await repo.indicators.recordValue('cp-rate', 2, { ...q4, period: 'Q2 2023/24', periodEnd: '2023-09-30' }, asClerk),
        ).toMatchObject({
          ok: false,
          error: { kind: 'conflict', recordType: 'indicator' },
        });
        expect(await repo.indicators.recordValue('cp-rate', 2, q4, asClerk)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
        expect(await repo.indicators.recordValue('no-such-indicator', 1, q4, asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'not-found' },
        });
        expect((await repo.indicators.get('cp-rate'))!.series).toHaveLength(cp.series.length + 1);
        expect(await auditCount()).toBe(1);
      });

      test('When a recorded period is corrected, then the new figure replaces it and the old one is kept in its corrections, audited before and after', async () => {
        const q3 = cp.series.find((p) => p.period === 'Q3 2023/24')!;
        const corrected = value(await repo.indicators.correctValue('cp-rate', 1, { ...q3, value: 31, asAt: '2024-02-01' }, asClerk));
        const point = corrected.series.find((p) => p.period === 'Q3 2023/24')!;
        expect(point).toMatchObject({ value: 31, recordedBy: clara });
        expect(point.corrections).toEqual([{ ...q3, correctedAt: NOW.toISOString(), correctedBy: clara }]);
        expect(corrected.series).toHaveLength(cp.series.length);
        const entry = (await repo.audit.entries({ recordId: 'cp-rate' }))[0]!;
        expect(entry).toMatchObject({
          kind: 'indicator.valueCorrected',
          before: { point: { value: 30 } },
          after: { point: { value: 31 } },
        });
        expect(await repo.indicators.correctValue('cp-rate', 2, { ...q4, period: 'Q1 2030/31' }, asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'not-found' },
        });
      });

      test('When values are imported, then all land in one change, and importing them again changes nothing', async () => {
        const q1 = { ...q4, period: 'Q1 2024/25', periodEnd: '2024-06-30', value: 33, comparators: [] };
        const rows = [
          { indicatorId: 'cp-rate', value: q1 },
          { indicatorId: 'cp-rate', value: q4 },
        ];
        const first = value(await repo.indicators.importValues(rows, asClerk));
        expect(first).toEqual({ recorded: ['cp-rate Q4 2023/24', 'cp-rate Q1 2024/25'], unchanged: [] });
        expect((await repo.indicators.get('cp-rate'))!.version).toBe(3);
        const again = value(await repo.indicators.importValues(rows, asClerk));
        expect(again).toEqual({ recorded: [], unchanged: ['cp-rate Q4 2023/24', 'cp-rate Q1 2024/25'] });
        expect(await auditCount()).toBe(2);
      });

      test('When one imported value conflicts, then none of them lands', async () => {
        const refused = await repo.indicators.importValues(
          [
            { indicatorId: 'cp-rate', value: q4 },
            { indicatorId: 'cin-rate', value: { ...q4, period: 'Q3 2023/24', periodEnd: '2023-12-31', value: 1 } },
          ],
          asClerk,
        );
        expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict', id: 'cin-rate' } });
        expect((await repo.indicators.get('cp-rate'))!.series).toHaveLength(cp.series.length);
        expect(await auditCount()).toBe(0);
        const reopened = await subject.reopen();
        expect((await reopened.indicators.get('cp-rate'))!.version).toBe(1);
      });
    });

    describe('apologies: substitutes', () => {
      test('When a substitute already named on another sent apology for the meeting is named again, then it is refused as a conflict and nothing changes', async () => {
        const substituteId = committee.substitutes[0]!;
        value(await repo.apologies.record({ ...apologyFrom(memberId), substituteId }, null, asClerk));
        const audit = await auditCount();
        const clash = await repo.apologies.record({ ...apologyFrom(otherMemberId), substituteId }, null, asClerk);
        expect(clash).toMatchObject({ ok: false, error: { kind: 'conflict', recordType: 'apology' } });
        expect(await repo.apologies.of(nextMeeting.id, otherMemberId)).toBeUndefined();
        const own = value(await repo.apologies.record(apologyFrom(otherMemberId), null, asClerk));
        const later = await repo.apologies.record({ ...apologyFrom(otherMemberId), substituteId }, own.version, asClerk);
        expect(later).toMatchObject({ ok: false, error: { kind: 'conflict', recordType: 'apology', id: own.id } });
        expect((await repo.apologies.get(own.id))?.substituteId).toBeNull();
        expect(await auditCount()).toBe(audit + 1);
        const elsewhere = await repo.apologies.record({ ...apologyFrom(otherMemberId, laterMeeting.id), substituteId }, null, asClerk);
        expect(elsewhere.ok).toBe(true);
      });
    });

    describe('conversations, link requests and reminder deliveries', () => {
      const seen = (over: Partial<ConversationSeen> = {}): ConversationSeen => ({
        id: 'group-1',
        type: 'groupChat',
        reference: { serviceUrl: 'https://example.test/' },
        tenantId: 'tenant',
        teamId: null,
        teamName: null,
        channelName: null,
        personId: null,
        installed: true,
        ...over,
      });

      test('When Teams reports nothing about a field (null), then remember keeps what is recorded and a report with no change writes nothing', async () => {
        value(await repo.conversations.remember(seen({ id: 'chat-1', type: 'personal', personId: memberId }), asClerk));
        const audit = await auditCount();
        const same = value(
          await repo.conversations.remember(seen({ id: 'chat-1', type: 'personal', installed: null, tenantId: null }), asClerk),
        );
        expect(same).toMatchObject({ personId: memberId, installed: true, tenantId: 'tenant', version: 1 });
        expect(await auditCount()).toBe(audit);
        const removed = value(await repo.conversations.remember(seen({ id: 'chat-1', type: 'personal', installed: false }), asClerk));
        expect(removed).toMatchObject({ personId: memberId, installed: false, version: 2 });
        expect(await repo.conversations.personalChatOf(memberId)).toBeUndefined();
      });

      test("When a group chat is linked to a committee, then it is among the committee's channels; a personal chat cannot be linked", async () => {
        const group = value(await repo.conversations.remember(seen(), asClerk));
        value(await repo.conversations.linkCommittee(group.id, group.version, committee.id, asClerk));
        expect((await repo.conversations.channelsOf(committee.id)).map((c) => c.id)).toEqual(['group-1']);
        const chat = value(await repo.conversations.remember(seen({ id: 'chat-1', type: 'personal', personId: memberId }), asClerk));
        const refused = await repo.conversations.linkCommittee(chat.id, chat.version, committee.id, asClerk);
        expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict', recordType: 'conversation' } });
      });

      test('When the person a link request names is already linked, then the request is refused as a conflict', async () => {
        value(await repo.people.link(memberId, 1, { aadObjectId: 'aad-member' }, asClerk));
        const request = {
          personId: memberId,
          aadObjectId: 'aad-claimant',
          teamsUserId: null,
          displayName: 'Claimant',
          userPrincipalName: null,
          email: null,
          tenantId: null,
          createdAt: NOW.toISOString(),
        };
        const audit = await auditCount();
        expect(await repo.linkRequests.create(request, asClerk)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
        expect(await repo.linkRequests.forAccount('aad-claimant')).toEqual([]);
        expect(await auditCount()).toBe(audit);
      });

      test('When one delivery of a reminder send changes, then its audit entry holds that delivery, not the whole list', async () => {
        const deliveries = ['a', 'b', 'c'].map((id) => ({ conversationId: id, personId: null, target: id, outcome: 'pending' as const }));
        const send = {
          id: 'send-1',
          meetingId: nextMeeting.id,
          scheduleId: null,
          daysBefore: null,
          requestedBy: clara,
          state: 'sending' as const,
        };
        value(await repo.reminderSends.start({ ...send, startedAt: NOW.toISOString(), deliveries }, asClerk));
        const changed = value(await repo.reminderSends.setDelivery('send-1', 1, { outcome: 'sent' }, asClerk));
        expect(changed.deliveries.map((d) => d.outcome)).toEqual(['pending', 'sent', 'pending']);
        expect(changed.version).toBe(2);
        const entry = (await repo.audit.entries({ recordId: 'send-1' })).at(-1)!;
        expect(entry).toMatchObject({
          kind: 'reminder.sent',
          before: { delivery: 1, outcome: 'pending' },
          after: { delivery: 1, outcome: 'sent' },
        });
        expect(JSON.stringify(entry)).not.toContain('"target":"c"');
      });
    });

    describe('concurrency', () => {
      test('When two people update one action at once from the same read, then exactly one wins and the other is told it is stale', async () => {
        const read = (await repo.actions.get(openAction.id))!;
        const alice: ChangeBy = { actor: { personId: 'alice', aadObjectId: 'aad-alice', name: 'Alice' } };
        const bob: ChangeBy = { actor: { personId: 'bob', aadObjectId: 'aad-bob', name: 'Bob' } };
        const results = await Promise.all([
          repo.actions.update(openAction.id, read.version, { update: 'from Alice' }, alice),
          repo.actions.update(openAction.id, read.version, { update: 'from Bob' }, bob),
        ]);
        const winners = results.filter((r) => r.ok);
        const losers = results.filter((r) => !r.ok);
        expect(winners).toHaveLength(1);
        expect(losers).toEqual([{ ok: false, error: { kind: 'stale', recordType: 'action', id: openAction.id, expected: 1, current: 2 } }]);
        const stored = (await repo.actions.get(openAction.id))!;
        expect(stored.version).toBe(2);
        expect(stored.update).toBe(winners[0]!.ok ? winners[0]!.value.update : null);
        expect(await repo.audit.entries({ recordId: openAction.id })).toHaveLength(1);
        const retried = await repo.actions.update(openAction.id, stored.version, { update: 'asked again' }, results[0].ok ? bob : alice);
        expect(retried).toMatchObject({ ok: true, value: { version: 3, update: 'asked again' } });
      });

      test('When two transactions change one record at once, then they are decided one after the other and the second sees the first', async () => {
        const attempt = (who: string) =>
          repo.transaction(async (tx) => {
            const action = (await tx.actions.get(openAction.id))!;
            value(await tx.apologies.record(apologyFrom(who), null, asClerk));
            return tx.actions.update(openAction.id, action.version, { update: `${who} after ${action.update ?? 'nothing'}` }, asClerk);
          });
        const results = await Promise.all([attempt(memberId), attempt(otherMemberId)]);
        expect(results.every((r) => r.ok)).toBe(true);
        const action = (await repo.actions.get(openAction.id))!;
        expect(action.update).toBe(`${otherMemberId} after ${memberId} after ${openAction.update ?? 'nothing'}`);
        expect(action.version).toBe(3);
        expect((await repo.apologies.forMeeting(nextMeeting.id)).map((a) => a.personId).sort()).toEqual([memberId, otherMemberId].sort());
        expect(await auditCount()).toBe(4);
      });

      test('When a record changes outside a transaction between its read and its commit, then the transaction changes nothing', async () => {
        const result = await repo.transaction(async (tx) => {
          const action = (await tx.actions.get(openAction.id))!;
          value(await tx.apologies.record(apologyFrom(memberId), null, asClerk));
          value(await repo.actions.update(openAction.id, action.version, { update: 'changed outside' }, asClerk));
          return tx.actions.update(openAction.id, action.version, { update: 'changed inside' }, asClerk);
        });
        expect(result).toMatchObject({ ok: false, error: { kind: 'stale', recordType: 'action' } });
        expect((await repo.actions.get(openAction.id))!.update).toBe('changed outside');
        expect(await repo.apologies.forMeeting(nextMeeting.id)).toEqual([]);
        expect(await auditCount()).toBe(1);
      });
    });

    describe('alerts', () => {
      const alert = (key: string) => ({
        id: `alert-${key}`,
        key,
        meetingId: nextMeeting.id,
        committeeId: committee.id,
        source: 'modern.gov',
        changes: [{ kind: 'agendaPublished' as const }],
        startedAt: NOW.toISOString(),
        deliveries: [
          { conversationId: 'channel-1', personId: null, target: 'Channel General', outcome: 'pending' as const },
          { conversationId: 'chat-1', personId: memberId, target: 'A member', outcome: 'pending' as const },
        ],
      });

      test('When an alert is started for a change key already alerted, then it is refused and nothing is recorded', async () => {
        const first = value(await repo.alertSends.start(alert('change-1'), asClerk));
        expect(first).toMatchObject({ state: 'sending', finishedAt: null, version: 1 });
        const audited = await auditCount();
        const again = await repo.alertSends.start({ ...alert('change-1'), id: 'alert-other-id' }, asClerk);
        expect(again).toMatchObject({ ok: false, error: { kind: 'conflict', recordType: 'alertSend' } });
        expect(await repo.alertSends.list()).toHaveLength(1);
        expect(await auditCount()).toBe(audited);
        expect((await repo.alertSends.withKey('change-1'))?.id).toBe(first.id);
        expect(await repo.alertSends.withKey('change-2')).toBeUndefined();
      });

      test('When deliveries are marked and the alert finished, then each step is audited and survives a restart', async () => {
        const started = value(await repo.alertSends.start(alert('change-1'), asClerk));
        value(await repo.alertSends.setDelivery(started.id, 0, { outcome: 'sending' }, asClerk));
        value(await repo.alertSends.setDelivery(started.id, 0, { outcome: 'sent' }, asClerk));
        expect(await repo.alertSends.setDelivery(started.id, 5, { outcome: 'sent' }, asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'not-found' },
        });
        expect((await repo.alertSends.unfinished()).map((s) => s.id)).toEqual([started.id]);
        const done = value(await repo.alertSends.finish(started.id, NOW.toISOString(), asClerk));
        expect(done).toMatchObject({ state: 'sent', finishedAt: NOW.toISOString() });
        expect(await repo.alertSends.finish(started.id, NOW.toISOString(), asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'conflict' },
        });
        const reopened = await subject.reopen();
        expect(await reopened.alertSends.unfinished()).toEqual([]);
        expect((await reopened.alertSends.get(started.id))?.deliveries.map((d) => d.outcome)).toEqual(['sent', 'pending']);
        expect((await reopened.audit.entries({ recordId: started.id })).map((e) => e.kind)).toEqual([
          'alert.started',
          'alert.sending',
          'alert.sent',
          'alert.finished',
        ]);
      });

      test('When a member subscribes twice, stops, and subscribes again, then there is one subscription and every change is audited', async () => {
        const first = value(await repo.alertSubscriptions.subscribe(memberId, committee.id, asClerk));
        expect(first).toMatchObject({ personId: memberId, committeeId: committee.id, active: true, version: 1 });
        expect(await repo.alertSubscriptions.subscribe(memberId, committee.id, asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'conflict', recordType: 'alertSubscription' },
        });
        expect((await repo.alertSubscriptions.active(committee.id)).map((s) => s.personId)).toEqual([memberId]);
        const stopped = value(await repo.alertSubscriptions.unsubscribe(first.id, 1, asClerk));
        expect(stopped).toMatchObject({ active: false, version: 2 });
        expect(await repo.alertSubscriptions.unsubscribe(first.id, 2, asClerk)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
        expect(await repo.alertSubscriptions.active()).toEqual([]);
        const again = value(await repo.alertSubscriptions.subscribe(memberId, committee.id, asClerk));
        expect(again).toMatchObject({ id: first.id, active: true, version: 3 });
        expect((await repo.alertSubscriptions.of(memberId, committee.id))?.active).toBe(true);
        expect((await repo.audit.entries({ recordType: 'alertSubscription' })).map((e) => e.kind)).toEqual([
          'alertSubscription.started',
          'alertSubscription.stopped',
          'alertSubscription.restarted',
        ]);
      });
    });

    describe('pending alerts (meeting changes kept for the bot)', () => {
      const change = (key: string) => ({
        key,
        meetingId: nextMeeting.id,
        committeeId: committee.id,
        source: 'modern.gov',
        changes: [{ kind: 'minutesPublished' as const }],
      });

      test('When changes are kept twice, then each is kept once, audited, and survives a restart until removed', async () => {
        const kept = value(await repo.pendingAlerts.keep([change('change-1'), change('change-2')], asClerk));
        expect(kept.map((p) => p.key)).toEqual(['change-1', 'change-2']);
        expect(kept[0]).toMatchObject({ ...change('change-1'), keptAt: NOW.toISOString(), version: 1 });
        expect(value(await repo.pendingAlerts.keep([change('change-2')], asClerk))).toEqual([]);
        const reopened = await subject.reopen();
        expect((await reopened.pendingAlerts.list()).map((p) => p.key)).toEqual(['change-1', 'change-2']);
        value(await reopened.pendingAlerts.remove(kept[0]!.id, asClerk));
        expect(await reopened.pendingAlerts.remove(kept[0]!.id, asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'not-found', recordType: 'pendingAlert' },
        });
        expect((await reopened.pendingAlerts.list()).map((p) => p.key)).toEqual(['change-2']);
        expect((await reopened.audit.entries({ recordType: 'pendingAlert' })).map((e) => e.kind)).toEqual([
          'pendingAlert.kept',
          'pendingAlert.kept',
          'pendingAlert.removed',
        ]);
      });

      test('When a change was already alerted, then it is not kept again', async () => {
        value(
          await repo.alertSends.start(
            { ...change('change-1'), id: 'alert-change-1', startedAt: NOW.toISOString(), deliveries: [] },
            asClerk,
          ),
        );
        expect(value(await repo.pendingAlerts.keep([change('change-1')], asClerk))).toEqual([]);
        expect(await repo.pendingAlerts.list()).toEqual([]);
      });
    });
    describe('actions kept current and chasing', () => {
      const june = seed.meetings.find((m) => m.id === openAction.origin.meetingId)!;
      const newAction = (reference: string | null, meetingId = june.id) => ({
        reference,
        origin: { kind: 'minutes' as const, title: `Minutes of ${meetingId}`, meetingId, minuteNumber: '40' },
        text: 'A breakdown of agency staff costs',
        requestedBy: { personId: memberId, name: 'A member' },
        owner: { personId: otherMemberId, name: 'An owner' },
        due: '2023-10-30',
        dueText: null,
        source: { document: 'Committee Assistant' },
      });

      test("When an action is added without a reference, then it takes the meeting's next ACTION number, open, with its history", async () => {
        const existing = seed.actions.filter((a) => a.origin.meetingId === june.id && /^ACTION \d+$/.test(a.reference));
        const highest = Math.max(0, ...existing.map((a) => Number(a.reference.split(' ')[1])));
        const added = value(await repo.actions.add(newAction(null), asClerk));
        expect(added).toMatchObject({
          reference: `ACTION ${highest + 1}`,
          status: 'open',
          version: 1,
          history: [{ kind: 'added', by: clara }],
        });
        expect((await repo.actions.forMeeting(june.id)).map((a) => a.id)).toContain(added.id);
        expect(await repo.audit.entries({ recordId: added.id })).toEqual([expect.objectContaining({ kind: 'action.added', actor: clara })]);
        const elsewhere = value(await repo.actions.add(newAction(null, laterMeeting.id), asClerk));
        expect(elsewhere.reference).toBe('ACTION 1');
        const reopened = await subject.reopen();
        expect(await reopened.actions.get(added.id)).toMatchObject({ reference: `ACTION ${highest + 1}`, version: 1 });
      });

      test('When an action is added with a reference already used in that meeting, then it is a conflict and nothing is recorded', async () => {
        value(await repo.actions.add(newAction('1.3.2'), asClerk));
        const audit = await auditCount();
        expect(await repo.actions.add(newAction(' 1.3.2 '), asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'conflict', recordType: 'action' },
        });
        expect(await auditCount()).toBe(audit);
        expect((await repo.actions.add(newAction('1.3.2', laterMeeting.id), asClerk)).ok).toBe(true);
      });

      test('When an action is updated, then what changed, the note and the reason for a new date go into its history; nothing changed records nothing', async () => {
        const late = value(
          await repo.actions.update(
            openAction.id,
            1,
            { status: 'in-progress', due: '2023-11-30', note: 'Waiting for figures', dueReason: 'will be late' },
            asClerk,
          ),
        );
        expect(late).toMatchObject({ status: 'in-progress', due: '2023-11-30', dueText: null, update: 'Waiting for figures', version: 2 });
        expect(late.history!.at(-1)).toMatchObject({
          kind: 'updated',
          by: clara,
          at: NOW.toISOString(),
          status: 'in-progress',
          due: '2023-11-30',
          note: 'Waiting for figures',
          dueReason: 'will be late',
        });
        expect((await repo.actions.open()).map((a) => a.id)).toContain(openAction.id);
        const audit = await auditCount();
        expect(
          value(await repo.actions.update(openAction.id, 2, { status: 'in-progress', note: 'Waiting for figures' }, asClerk)).version,
        ).toBe(2);
        expect(await auditCount()).toBe(audit);
        value(await repo.actions.update(openAction.id, 2, { status: 'complete' }, asClerk));
        expect((await repo.actions.open()).map((a) => a.id)).not.toContain(openAction.id);
      });

      test('When a chasing schedule is set and changed, then it is one record per committee, versioned and audited', async () => {
        const set = value(await repo.chaseSchedules.set(committee.id, null, { weekday: 1, at: '09:00', active: true }, asClerk));
        expect(set).toMatchObject({ committeeId: committee.id, weekday: 1, at: '09:00', active: true, version: 1 });
        expect((await repo.chaseSchedules.set(committee.id, null, { weekday: 2, at: '10:00', active: true }, asClerk)).ok).toBe(false);
        const stopped = value(await repo.chaseSchedules.set(committee.id, 1, { weekday: 1, at: '09:00', active: false }, asClerk));
        expect(stopped).toMatchObject({ active: false, version: 2 });
        expect(await repo.chaseSchedules.set(committee.id, 1, { weekday: 1, at: '09:00', active: true }, asClerk)).toMatchObject({
          ok: false,
          error: { kind: 'stale' },
        });
        expect((await repo.audit.entries({ recordType: 'chaseSchedule' })).map((e) => e.kind)).toEqual([
          'chaseSchedule.set',
          'chaseSchedule.set',
        ]);
        expect(await repo.chaseSchedules.forCommittee(committee.id)).toMatchObject({ active: false, version: 2 });
      });

      test('When a chasing round is started twice, then the second is refused; deliveries and the finish are recorded', async () => {
        const round = {
          id: `weekly:${committee.id}:2023-09-04`,
          kind: 'weekly' as const,
          committeeId: committee.id,
          period: '2023-09-04',
          startedAt: NOW.toISOString(),
          deliveries: [
            { conversationId: null, personId: memberId, target: 'A member', actionIds: [openAction.id], outcome: 'pending' as const },
          ],
        };
        expect(value(await repo.chaseSends.start(round, asClerk))).toMatchObject({ state: 'sending', version: 1 });
        expect(await repo.chaseSends.start(round, asClerk)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
        expect((await repo.chaseSends.unfinished()).map((s) => s.id)).toEqual([round.id]);
        value(await repo.chaseSends.setDelivery(round.id, 0, { outcome: 'sending' }, asClerk));
        value(await repo.chaseSends.setDelivery(round.id, 0, { outcome: 'sent' }, asClerk));
        expect((await repo.chaseSends.setDelivery(round.id, 3, { outcome: 'sent' }, asClerk)).ok).toBe(false);
        value(await repo.chaseSends.finish(round.id, NOW.toISOString(), asClerk));
        expect(await repo.chaseSends.unfinished()).toEqual([]);
        const reopened = await subject.reopen();
        expect(await reopened.chaseSends.get(round.id)).toMatchObject({ state: 'sent', deliveries: [{ outcome: 'sent' }] });
        expect((await repo.audit.entries({ recordId: round.id })).map((e) => e.kind)).toEqual([
          'chase.started',
          'chase.sending',
          'chase.sent',
          'chase.finished',
        ]);
      });
    });

    describe('sync writes', () => {
      const bySync: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'modern.gov sync' } };
      const site = 'https://democracy.example.gov.uk';
      const synced = {
        ...nextMeeting,
        venue: 'Council Chamber',
        moderngov: { site, id: '4967', url: `${site}/ieListDocuments.aspx?MId=4967` },
      };

      test('When a sync puts a new meeting, then it is created at version 1 and audited as imported', async () => {
        const meeting = { ...synced, id: 'synced-meeting-1' };
        expect(await repo.sync.putMeeting(meeting, bySync)).toEqual({ ok: true, value: 'created' });
        expect(await repo.meetings.get(meeting.id)).toEqual({ ...meeting, version: 1 });
        expect((await repo.audit.entries({ recordId: meeting.id })).map((e) => e.kind)).toEqual(['meeting.imported']);
      });

      test('When a sync puts a meeting equal to the stored one, then nothing changes: same version, no audit entry', async () => {
        value(await repo.sync.putMeeting(synced, bySync));
        const before = await repo.meetings.get(nextMeeting.id);
        const audited = await auditCount();
        const reordered = Object.fromEntries(Object.entries(synced).reverse()) as typeof synced;
        expect(await repo.sync.putMeeting(reordered, bySync)).toEqual({ ok: true, value: 'unchanged' });
        expect(await repo.meetings.get(nextMeeting.id)).toEqual(before);
        expect(await auditCount()).toBe(audited);
      });

      test('When a sync puts a changed meeting, then it replaces it with a new version and audits only the fields that differ', async () => {
        expect(await repo.sync.putMeeting(synced, bySync)).toEqual({ ok: true, value: 'updated' });
        const stored = (await repo.meetings.get(nextMeeting.id))!;
        expect(stored).toMatchObject({ venue: 'Council Chamber', version: 2, moderngov: synced.moderngov });
        const [entry] = await repo.audit.entries({ recordId: nextMeeting.id });
        expect(entry).toMatchObject({ kind: 'meeting.synced', actor: bySync.actor, before: { venue: nextMeeting.venue, version: 1 } });
        expect(Object.keys(entry!.before as object).sort()).toEqual(['moderngov', 'venue', 'version']);
      });

      test('When a sync puts committees, people and minutes, then each is created, updated or left as it was', async () => {
        const changedCommittee = { ...committee, moderngov: { site, id: '144' } };
        expect(await repo.sync.putCommittee(changedCommittee, bySync)).toEqual({ ok: true, value: 'updated' });
        expect(await repo.sync.putCommittee(changedCommittee, bySync)).toEqual({ ok: true, value: 'unchanged' });
        expect(await repo.committees.get(committee.id)).toEqual({ ...changedCommittee, version: 2 });
        const person = {
          id: 'basil-curley',
          name: 'Basil Curley',
          title: 'Councillor',
          kind: 'member' as const,
          moderngov: { site, id: '192' },
        };
        expect(await repo.sync.putPerson(person, bySync)).toEqual({ ok: true, value: 'created' });
        expect(await repo.sync.putPerson({ ...person, email: 'basil@example.gov.uk' }, bySync)).toEqual({ ok: true, value: 'updated' });
        expect(await repo.people.get(person.id)).toMatchObject({ email: 'basil@example.gov.uk', version: 2 });
        const minutes = {
          id: 'm-1',
          meetingId: nextMeeting.id,
          present: [memberId],
          apologies: [],
          inAttendance: [],
          items: [],
          source: { document: site },
        };
        expect(await repo.sync.putMinutes(minutes, bySync)).toEqual({ ok: true, value: 'created' });
        expect(await repo.minutes.ofMeeting(nextMeeting.id)).toEqual(minutes);
        expect((await repo.audit.entries()).map((e) => e.kind)).toEqual([
          'committee.synced',
          'person.imported',
          'person.synced',
          'minutes.imported',
        ]);
      });

      test('When a transaction of sync writes fails, then none of them lands', async () => {
        const result = await repo.transaction(async (tx) => {
          value(await tx.sync.putMeeting({ ...synced, id: 'synced-meeting-2' }, bySync));
          value(await tx.sync.putCommittee({ ...committee, moderngov: { site, id: '144' } }, bySync));
          return {
            ok: false as const,
            error: { kind: 'conflict' as const, recordType: 'committee' as const, id: committee.id, reason: 'upstream failed' },
          };
        });
        expect(result.ok).toBe(false);
        expect(await repo.meetings.get('synced-meeting-2')).toBeUndefined();
        expect(await repo.committees.get(committee.id)).toEqual(committee);
        expect(await auditCount()).toBe(0);
      });

      test('When sync runs are recorded, then they read back newest first, outside the audit trail, and survive a restart', async () => {
        const run = (n: number) => ({
          id: `run-${n}`,
          startedAt: NOW.toISOString(),
          finishedAt: NOW.toISOString(),
          site,
          ok: true,
          committees: [],
          problems: [],
        });
        await repo.sync.recordRun(run(1));
        await repo.sync.recordRun(run(2));
        expect((await repo.sync.runs()).map((r) => r.id)).toEqual(['run-2', 'run-1']);
        expect(await auditCount()).toBe(0);
        const again = await subject.reopen();
        expect((await again.sync.runs()).map((r) => r.id)).toEqual(['run-2', 'run-1']);
        await expect(repo.transaction(async (tx) => ({ ok: true as const, value: await tx.sync.recordRun(run(3)) }))).rejects.toThrow();
      });
    });
  });
}
