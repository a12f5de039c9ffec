import type { Activity, TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { AuthenticationError } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';

/** What the HTTP answer to an activity says: its status, and an invoke's body. */
export interface ActivityAnswer {
  status: number;
  body?: unknown;
}

/**
 * The Teams adapter, entered with an activity our HTTP layer has already read and checked
 * (bot/server.ts). CloudAdapter.process(req, res) would check the request again with zod
 * schemas it builds afresh for every request, about a tenth of a millisecond of every turn for
 * checks already made; from here on it is the same path: `processActivity` authenticates the
 * request (a 401 if that fails), runs the turn and returns the invoke response or
 * expect-replies body. The activity's timestamps are fixed up as `process` would
 * (botbuilder's own `validateAndFixActivity`).
 */
export class CommitteeAdapter extends TeamsAdapter {
  async handle(activity: Record<string, unknown>, authorization: string, logic: (context: TurnContext) => Promise<void>): Promise<ActivityAnswer> {
    try {
      const response = await this.processActivity(authorization, validateAndFixActivity(activity as unknown as Activity), logic);
      return { status: response?.status ?? 200, body: response?.body };
    } catch (err) {
      if (err instanceof AuthenticationError) return { status: 401, body: { error: 'This request is not authenticated.' } };
      throw err;
    }
  }
}
