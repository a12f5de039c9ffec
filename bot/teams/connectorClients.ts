import type { TeamsAdapter } from '@microsoft/teams-ai';
import { Kept } from '../kept';

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient and a new UserTokenClient for every
 * activity and every proactive send: two core-client HTTP pipelines (about ten policies each,
 * proxy settings read from the environment, credentials made again), then dropped. That is
 * about a tenth of the whole framework's work on a turn, for clients that differ only by who
 * the bot is (its app id), where Teams is (the service URL) and the token audience. This keeps
 * one client per such key instead. A client holds no per-turn state and is safe to share
 * between turns in flight; its credentials keep their tokens, so tokens are reused too.
 *
 * Used by createTeamsBot. The adapter's authentication object is a field its types call
 * protected; if a botbuilder upgrade moves it, clients are simply made per turn again (the
 * caller logs it, and test/connectorClients.test.ts fails).
 */

interface ClaimsLike {
  getClaimValue(type: string): string | null;
}

interface ConnectorFactoryLike {
  create(serviceUrl: string, audience?: string): Promise<unknown>;
  /** ConnectorFactoryImpl's default audience, used when `create` is given none. */
  toChannelFromBotOAuthScope?: string;
}

interface AuthenticationLike {
  authenticateRequest(activity: unknown, authHeader: string): Promise<{ claimsIdentity: ClaimsLike; connectorFactory?: ConnectorFactoryLike }>;
  createConnectorFactory(claimsIdentity: ClaimsLike): ConnectorFactoryLike;
  createUserTokenClient(claimsIdentity: ClaimsLike): Promise<unknown>;
}

/** Distinct (app id, service URL, audience) keys kept; a bot sees a handful. */
const MAX_CLIENTS = 64;

/** Returns false (and changes nothing) if the adapter does not have the expected shape. */
export function reuseConnectorClients(adapter: TeamsAdapter): boolean {
  const auth = (adapter as unknown as { botFrameworkAuthentication?: Partial<AuthenticationLike> }).botFrameworkAuthentication;
  if (
    !auth ||
    typeof auth.authenticateRequest !== 'function' ||
    typeof auth.createConnectorFactory !== 'function' ||
    typeof auth.createUserTokenClient !== 'function'
  ) {
    return false;
  }
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  const connectors = new Clients();
  const tokens = new Clients();

  const reusing = (factory: ConnectorFactoryLike, claims: ClaimsLike): ConnectorFactoryLike => ({
    // A proactive send names no audience, which means the factory's default (what turns name).
    create: (serviceUrl, audience) =>
      connectors.get([appIdOf(claims), serviceUrl, audience ?? factory.toChannelFromBotOAuthScope ?? ''], () => factory.create(serviceUrl, audience)),
  });

  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: reusing(result.connectorFactory, result.claimsIdentity) } : result;
  };
  auth.createConnectorFactory = (claims) => reusing(createConnectorFactory(claims), claims);
  auth.createUserTokenClient = (claims) => tokens.get([appIdOf(claims)], () => createUserTokenClient(claims));
  return true;
}

/** The app id botbuilder makes clients for: the token's audience, or its appid claim (none when anonymous). */
function appIdOf(claims: ClaimsLike): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/** Clients by key, least recently used dropped first; a client that could not be made is not kept. */
class Clients {
  private readonly kept = new Kept<Promise<unknown>>(MAX_CLIENTS);

  get(key: string[], make: () => Promise<unknown>): Promise<unknown> {
    const id = JSON.stringify(key); // unambiguous whatever the parts hold (a service URL comes from the activity)
    const hit = this.kept.get(id);
    if (hit) return hit;
    const client = make();
    client.catch(() => this.kept.drop(id, client));
    return this.kept.set(id, client);
  }
}
