import { isIPv4 } from 'node:net';
import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createConnectorHttpClient } from './connectorHttp';
import { activityProblem } from './activityFields';
import { Slots } from './slots';

/** What the HTTP answer to an activity says: its status, and an invoke's body. */
export interface ActivityAnswer {
  status: number;
  body?: unknown;
}

export interface AdapterEntry {
  adapter: TeamsAdapter;
  /**
   * Checks and authenticates an activity our HTTP layer has read, then hands it to the adapter
   * through `CloudAdapter.process`, as documented. Every authentication failure is a 401 with
   * one warning line and no turn.
   */
  handle(activity: Record<string, unknown>, authorization: string, logic: (context: TurnContext) => Promise<void>): Promise<ActivityAnswer>;
}

export function createAdapter(config: Config, logger: Logger): AdapterEntry {
  const anonymous = !config.bot.appId;
  const settings = authenticationSettings(config);
  const adapter = new TeamsAdapter(settings, undefined, undefined, {
    httpClient: createConnectorHttpClient({
      timeoutMs: config.connector.timeoutMs,
      maxInFlight: config.connector.maxInFlight,
      // Without an app id nobody is authenticated: never call an address a stranger named.
      refuseUrl: anonymous
        ? (url) =>
            isLoopbackHost(url.hostname) ? null : `In local anonymous mode the bot calls only a loopback serviceUrl, not ${url.origin}`
        : undefined,
    }),
  });
  // The same settings as the adapter's own: authenticating first lets every failure (the
  // library rethrows some JWT errors as they are) be answered as what it is, a 401.
  const authentication = new ConfigurationBotFrameworkAuthentication(settings);
  const submits = new Slots(SUBMITS_AT_ONCE);

  return {
    adapter,
    async handle(activity, authorization, logic) {
      const problem = activityProblem(activity);
      if (problem) {
        logger.warn('rejected an activity with fields the bot cannot keep', { activityId: stringOrNull(activity.id), problem });
        return { status: 400, body: { error: problem } };
      }
      const serviceUrl = String(activity.serviceUrl);
      if (anonymous && !isLoopbackUrl(serviceUrl)) {
        logger.warn('ignored an activity: in local anonymous mode the bot replies only to a loopback serviceUrl', {
          activityId: stringOrNull(activity.id),
          serviceUrl: serviceUrl.slice(0, 200),
        });
        return { status: 403, body: { error: 'In local anonymous mode the bot replies only to a loopback serviceUrl.' } };
      }
      try {
        // Without an app id and without a token there is nothing to check: the adapter takes
        // the request as anonymous, and so would this.
        if (!anonymous || authorization !== '') await authentication.authenticateRequest(activity as unknown as Activity, authorization);
      } catch (err) {
        logger.warn('rejected an activity that is not authenticated', {
          activityId: stringOrNull(activity.id),
          reason: String((err as Error)?.message ?? err).slice(0, 200),
        });
        return { status: 401, body: { error: 'This request is not authenticated.' } };
      }
      // Card submits (the changes people make) are taken two at a time: a burst of them would
      // otherwise share the event loop with every question asked meanwhile, which then waits
      // behind all of them. Changes are written one after another anyway.
      if (!isCardSubmit(activity)) return turn(activity, authorization, logic);
      const release = await submits.take();
      try {
        return await turn(activity, authorization, logic);
      } finally {
        release();
      }
    },
  };

  async function turn(
    activity: Record<string, unknown>,
    authorization: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<ActivityAnswer> {
    const { request, response, answer } = exchange(activity, authorization);
    let turnDone = false;
    let turnError: unknown = null;
    await adapter.process(request, response, async (context) => {
      try {
        await logic(context);
        turnDone = true;
      } catch (err) {
        turnError = err;
        throw err;
      }
    });
    // A turn error the adapter's onTurnError handled is answered as usual; process answers any
    // other failure as a 500 with the error's message as the body: never pass that on.
    if (!turnDone && answer.status >= 500) {
      if (turnError instanceof Error) throw turnError;
      throw new Error(`the adapter could not process the activity: ${String(answer.body).slice(0, 500)}`, {
        cause: turnError ?? undefined,
      });
    }
    if (answer.status === 401) {
      // Authenticated a moment ago, refused now (a token expiring in between): still a 401.
      logger.warn('rejected an activity that is not authenticated', {
        activityId: stringOrNull(activity.id),
        reason: String(answer.body).slice(0, 200),
      });
      answer.body = { error: 'This request is not authenticated.' };
    }
    return answer;
  }
}

/** Card submits in progress at once; more wait their turn (see handle). */
const SUBMITS_AT_ONCE = 2;

/** A card's Action.Submit: a message that carries the card's data and no text. */
function isCardSubmit(activity: Record<string, unknown>): boolean {
  return activity.type === 'message' && activity.value !== undefined && activity.value !== null && !activity.text;
}

/**
 * botbuilder's public Request and Response for one activity: the body already read and checked
 * by our HTTP layer in, the status and an invoke's body out (our HTTP layer writes the answer).
 */
function exchange(
  activity: Record<string, unknown>,
  authorization: string,
): { request: Request; response: Response; answer: ActivityAnswer } {
  const answer: ActivityAnswer = { status: 200 };
  const request: Request = { method: 'POST', headers: { authorization }, body: activity };
  const response: Response = {
    socket: null,
    header: () => undefined,
    status: (code: number) => {
      answer.status = code;
    },
    send: (body: unknown) => {
      answer.body = body;
    },
    end: () => undefined,
  };
  return { request, response, answer };
}

/**
 * The adapter's authentication settings. botbuilder's defaults (the public cloud) unless an
 * OpenID metadata URL is configured (tests, sovereign clouds): botbuilder then takes every
 * endpoint as given, so the public cloud's are stated with that one changed.
 */
function authenticationSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const credentials = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
  if (!config.bot.openIdMetadataUrl) return credentials;
  return {
    ...credentials,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}

function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, 200) : null;
}
