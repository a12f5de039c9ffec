import type { Committee } from '../../store/schema';
import type { Repositories } from '../../store/repositories';

/**
 * Which committee a question is about: the one named in the question, else the one the channel
 * is linked to, else the asker's own (if they sit on exactly one), else the only committee.
 * When that still leaves several, the caller asks which.
 */
export type CommitteeChoice = { kind: 'one'; committee: Committee } | { kind: 'choose'; committees: Committee[] };

export function resolveCommittee(
  repo: Repositories,
  hints: { namedId?: string | null; linkedId?: string | null; personId?: string | null },
): CommitteeChoice {
  const all = repo.committees();
  for (const id of [hints.namedId, hints.linkedId]) {
    const found = id ? all.find((c) => c.id === id) : undefined;
    if (found) return { kind: 'one', committee: found };
  }
  if (hints.personId) {
    const mine = all.filter(
      (c) =>
        c.membership.some((m) => m.personId === hints.personId) ||
        c.substitutes.includes(hints.personId!) ||
        c.clerkIds.includes(hints.personId!),
    );
    if (mine.length === 1) return { kind: 'one', committee: mine[0]! };
  }
  if (all.length === 1) return { kind: 'one', committee: all[0]! };
  return { kind: 'choose', committees: [...all] };
}
