import { TeamsInfo, type TurnContext } from 'botbuilder';
import { identify, type Identity } from '../capabilities/identity';
import type { Logger } from '../logger';
import type { Store } from '../store/store';

/**
 * Who sent this activity. Teams gives the Entra object id on every activity; the email/UPN
 * needs a call to Teams (TeamsInfo.getMember), made only when the object id is not yet known.
 */
export async function identifySender(context: TurnContext, store: Store, logger: Logger): Promise<Identity> {
  const from = context.activity.from;
  return identify(
    store,
    { teamsId: from.id, aadObjectId: from.aadObjectId ?? null, name: from.name ?? null },
    async () => {
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        return { email: member.email ?? null, userPrincipalName: member.userPrincipalName ?? null };
      } catch (err) {
        logger.debug('member lookup failed', { error: (err as Error).message });
        return null;
      }
    },
  );
}
