import type { AskContext } from '../bot/features/shared/context';
import { clerk, membership, type MembershipView } from '../bot/features/membership/membership';
import { formatMinutes } from '../bot/format';
import type { SeedStore } from './helpers/capability';
import { buildCommittee, buildPerson, buildSeed } from './helpers/builders';
import { askContext, openSeedStore, renderChecked } from './helpers/capability';
import { cardText, type ReadOptions } from './helpers/cards';
import { committeeRoles, identityFor } from '../bot/features/people/identity';

const NOW = '2023-09-05T09:00:00+01:00';
const COMMITTEE = "Children's Services Overview and Scrutiny Committee";

function ask(repo: SeedStore, committeeId: string | null = 'childrens-os'): AskContext {
  return askContext(repo, NOW, { committeeId });
}

/** Every string a reader can see on the card (its summary and links too), invisible joiners removed. */
const READ: ReadOptions = { withSummary: true, withLinks: true, dropJoiners: true };

function section(view: MembershipView, key: string) {
  const found = view.sections.find((s) => s.key === key);
  if (!found) throw new Error(`no section ${key}`);
  return found;
}

let repo: SeedStore;
beforeAll(async () => {
  repo = await openSeedStore();
});

describe('membership (real seed)', () => {
  test('When someone asks who is on the committee, then chair, vice-chair, members, co-opted, substitutes, quorum and clerk are shown', async () => {
    const answer = await membership(ask(repo), {});
    expect(answer.template).toBe('membership');
    const view = answer.view as MembershipView;
    const text = cardText(renderChecked(answer), READ);

    expect(section(view, 'chair').rows.map((r) => r.name)).toEqual(['Councillor Elizabeth Rigby']);
    expect(section(view, 'vice-chair').rows.map((r) => r.name)).toEqual(['Councillor Sara Muldowney']);
    expect(section(view, 'members').rows.map((r) => r.name)).toEqual([
      'Councillor Qaisar Abbas',
      'Councillor Vikki Hartstean',
      'Councillor Srikanth Panjala',
      'Councillor Maureen Pearce',
    ]);
    expect(section(view, 'substitutes').rows).toHaveLength(6);
    expect(section(view, 'clerk').rows).toEqual([
      { name: 'Rhiannon Whiteley', detail: 'Senior Democratic Services Officer', hasDetail: true },
    ]);
    expect(view.sections.every((s) => !s.highlight)).toBe(true);
    expect(text).toContain('Quorum');
    expect(view.facts).toContainEqual({ title: 'Quorum', value: '3' });
    expect(answer.view.summary).toBe(
      `The ${COMMITTEE} has 6 councillors (chair Councillor Elizabeth Rigby, vice-chair Councillor Sara Muldowney), ` +
        '3 co-opted representatives and 6 substitutes. Its quorum is 3.',
    );
  });

  test('When someone asks who chairs it, then the chair is said first and highlighted, with the rest below', async () => {
    const answer = await membership(ask(repo), { part: 'chair' });
    const view = answer.view as MembershipView;
    renderChecked(answer);
    expect(view.headline).toBe(`Councillor Elizabeth Rigby chairs the ${COMMITTEE}.`);
    expect(answer.view.summary).toBe(view.headline);
    expect(view.sections[0]).toMatchObject({ key: 'chair', highlight: true, style: 'emphasis' });
    expect(view.sections.slice(1).every((s) => s.style === 'default')).toBe(true);
    expect(view.sections).toHaveLength(6);
  });

  test('When someone asks for the vice-chair, then Councillor Sara Muldowney is named', async () => {
    const view = (await membership(ask(repo), { part: 'vice-chair' })).view as MembershipView;
    expect(view.headline).toBe(`Councillor Sara Muldowney is vice-chair of the ${COMMITTEE}.`);
    expect(view.sections[0]?.key).toBe('vice-chair');
  });

  test('When someone asks for the substitutes, then all six are named with their titles', async () => {
    const answer = await membership(ask(repo), { part: 'substitutes' });
    const view = answer.view as MembershipView;
    renderChecked(answer);
    expect(view.sections[0]?.key).toBe('substitutes');
    expect(view.sections[0]?.rows.map((r) => r.name)).toEqual([
      'Councillor Paul Arnold',
      'Councillor Aaron Green',
      'Councillor James Halden',
      'Councillor Susan Little',
      'Councillor Sue Shinnick',
      'Councillor Cici Manwa',
    ]);
    expect(view.headline).toMatch(/^The .* has 6 substitutes: Councillor Paul Arnold, .* and Councillor Cici Manwa\.$/);
  });

  test('When someone asks for the co-opted members, then each is shown with whom they represent', async () => {
    const answer = await membership(ask(repo), { part: 'co-opted' });
    const view = answer.view as MembershipView;
    const text = cardText(renderChecked(answer), READ);
    expect(view.sections[0]?.rows).toEqual([
      { name: 'Sarah Barlow', detail: 'Church of England Representative', hasDetail: true },
      { name: 'Kim James', detail: 'HealthWatch Thurrock', hasDetail: true },
      { name: 'Nicola Cranch', detail: 'Parent Governor Representative', hasDetail: true },
    ]);
    expect(text).toContain('HealthWatch Thurrock');
    expect(view.headline).toContain('Sarah Barlow (Church of England Representative)');
  });
});

describe('clerk (real seed)', () => {
  test('When someone asks who the clerk is, then Rhiannon Whiteley, the apologies email and how to send apologies are shown', async () => {
    const answer = await clerk(ask(repo));
    expect(answer.template).toBe('clerk');
    const card = renderChecked(answer);
    const text = cardText(card, READ);
    expect(text).toContain('Rhiannon Whiteley');
    expect(text).toContain('Senior Democratic Services Officer');
    expect(text).toContain('Direct.Democracy@thurrock.gov.uk');
    expect(JSON.stringify(card)).toContain('"url":"mailto:Direct.Democracy@thurrock.gov.uk"');
    expect(text).toContain('at least 2 hours before the meeting');
    expect(card.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Send apologies for the next meeting',
        data: { msteams: { type: 'imBack', value: 'send my apologies for the next meeting' } },
      },
    ]);
    expect(answer.view.summary).toBe(
      `The clerk to the ${COMMITTEE} is Rhiannon Whiteley, Senior Democratic Services Officer. ` +
        'Send apologies to Direct.Democracy@thurrock.gov.uk, or type "send my apologies for the next meeting".',
    );
  });

  test('When the substitution notice is not a whole number of hours, then it is said in hours and minutes', () => {
    expect(formatMinutes(120)).toBe('2 hours');
    expect(formatMinutes(90)).toBe('1 hour 30 minutes');
    expect(formatMinutes(45)).toBe('45 minutes');
  });
});

describe('membership (built data)', () => {
  test('When a stored name holds template or Teams function syntax, then the card shows it literally', async () => {
    const tricky = '${$root} {{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const built = await openSeedStore(() =>
      buildSeed({
        people: [
          buildPerson({ id: 'alice-chair', name: tricky }),
          buildPerson({ id: 'bob-member' }),
          buildPerson({ id: 'sam-sub' }),
          buildPerson({ id: 'clara-clerk', kind: 'clerk', title: 'Ms', jobTitle: tricky }),
        ],
      }),
    );
    for (const answer of [await membership(ask(built, 'test-committee'), { part: 'chair' }), await clerk(ask(built, 'test-committee'))]) {
      const card = renderChecked(answer);
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      expect(json).not.toContain('{{');
      expect(cardText(card, READ)).toContain(tricky);
    }
  });

  test('When a committee has no clerk or apologies contact, then the clerk card says so and still explains apologies', async () => {
    const built = await openSeedStore(() => buildSeed({ committees: [buildCommittee({ clerkIds: [], substituteNoticeMinutes: 90 })] }));
    const answer = await clerk(ask(built, 'test-committee'));
    const text = cardText(renderChecked(answer), READ);
    expect(text).toContain('No clerk is recorded for this committee.');
    expect(text).toContain('at least 1 hour 30 minutes before the meeting');
    expect(text).not.toContain('mailto:');
  });

  test('When the conversation has no committee and there are two, then the user is asked which', async () => {
    const built = await openSeedStore(() =>
      buildSeed({ committees: [buildCommittee(), buildCommittee({ id: 'planning', name: 'Planning Committee', aliases: [] })] }),
    );
    const answer = await membership(ask(built, null), { part: 'chair' });
    expect(answer.template).toBe('choose');
    const options = (answer.view as unknown as { options: { text: string }[] }).options;
    expect(options.map((o) => o.text)).toEqual(['Who chairs Test Committee?', 'Who chairs Planning Committee?']);
    renderChecked(answer);
  });
});

describe('roles from a verified identity', () => {
  test("When a person holds roles on several committees, then the identity lists each committee's roles as committeeRoles does, in committee order", () => {
    const alice = buildPerson({ id: 'alice-chair' });
    const committees = [
      buildCommittee({ id: 'a', membership: [{ personId: 'alice-chair', role: 'member' }], substitutes: [], clerkIds: [] }),
      buildCommittee({ id: 'b', membership: [{ personId: 'bob-member', role: 'member' }], substitutes: [], clerkIds: [] }),
      buildCommittee({
        id: 'c',
        membership: [
          { personId: 'alice-chair', role: 'chair' },
          { personId: 'alice-chair', role: 'co-opted' },
        ],
        substitutes: ['alice-chair'],
        clerkIds: ['alice-chair'],
      }),
      buildCommittee({ id: 'd', membership: [], substitutes: ['alice-chair'], clerkIds: [] }),
    ];
    const user = { aadObjectId: 'aad-alice', teamsId: 'teams-alice', name: 'Alice', tenantId: null };
    const identity = identityFor(committees, alice, user);
    const expected = committees.flatMap((c) => {
      const roles = committeeRoles(alice.id, c);
      return roles.length > 0 ? [[c.id, roles] as const] : [];
    });
    expect([...identity.roles]).toEqual(expected);
    expect([...identity.roles.keys()]).toEqual(['a', 'c', 'd']);
    expect(identity.isClerk).toBe(true);

    // Each identity has its own lists: changing one changes no other.
    identity.roles.get('a')!.push('clerk');
    expect(identityFor(committees, alice, user).roles.get('a')).toEqual(['member']);
    // A new list of committees (a committee changed) is read afresh.
    const changed = committees.map((c) => (c.id === 'b' ? { ...c, clerkIds: ['alice-chair'] } : c));
    expect([...identityFor(changed, alice, user).roles.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(identityFor(committees, null, user).roles.size).toBe(0);
  });
});
