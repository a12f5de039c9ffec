import { TeamsInfo, type TurnContext } from 'botbuilder';
import { identify, type Identity } from '../features/people/identity';
import type { Logger } from '../logger';
import type { Repository } from '../store/repository';
import type { Config } from '../config';
import type { Clock } from '../clock';
import { tenantOf } from './tenant';

/**
 * Who sent this activity. Teams gives the Entra object id on every activity; what Teams knows
 * about the member (email, UPN, tenant, guest or not) needs a call to Teams
 * (TeamsInfo.getMember), made only when the object id is not yet linked to anyone.
 */
export async function identifySender(
  context: TurnContext,
  services: { records: Repository; logger: Logger; config: Config; clock: Clock },
  options: { raiseClaim?: boolean } = {},
): Promise<Identity> {
  const from = context.activity.from;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return identify(
    services.records,
    { teamsId: text(from.id) ?? '', aadObjectId: text(from.aadObjectId), name: text(from.name), tenantId: text(tenantOf(context)) },
    async () => {
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        return {
          email: text(member.email),
          userPrincipalName: text(member.userPrincipalName),
          tenantId: text(member.tenantId),
          userRole: text(member.userRole),
        };
      } catch (err) {
        services.logger.debug('member lookup failed', { error: (err as Error).message });
        return null;
      }
    },
    { allowedTenantIds: services.config.allowedTenantIds },
    services.clock.now(),
    options,
  );
}
