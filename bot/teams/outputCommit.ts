import type { TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';

/**
 * Output commit: nothing the bot sends to Teams leaves the process before every change made so
 * far is on disk. The store runs with `commit: 'before-output'` (a turn goes on as soon as its
 * change is applied), so this gate is what keeps the promise that an apology confirmed in Teams
 * is on disk. It sits at the end of the turn's connector client pipeline, after the reply has
 * been rendered and serialised, so the disk's wait overlaps that work instead of preceding it.
 * Every request through the turn's client passes it (replies, proactive reminders, card
 * updates and deletions), whatever code made it; reads (GET: members, conversations) tell
 * nobody anything and pass freely.
 *
 * The HTTP answer to each activity waits for the disk too (createBot): it tells Teams the
 * activity was dealt with, and an invoke's answer carries the bot's reply.
 */
export const OUTPUT_COMMIT_POLICY = 'committeeAssistantOutputCommit';

/** The part of @azure/core-rest-pipeline's Pipeline the gate uses. */
interface Pipeline {
  addPolicy(policy: { name: string; sendRequest: (request: { method: string }, next: (request: never) => Promise<unknown>) => Promise<unknown> }, options?: { afterPhase?: string }): void;
}

/**
 * Adds the gate to the connector client of every turn (incoming and proactive): the adapter
 * creates one client per turn and keeps it in turn state before any middleware runs.
 */
export function holdOutputUntilDurable(adapter: TeamsAdapter, durable: () => Promise<void>): void {
  adapter.use(async (context, next) => {
    gate(context, adapter, durable);
    await next();
  });
}

/** Pipelines already gated (a client is made per turn, but never gate one twice). */
const gated = new WeakSet<object>();

function gate(context: TurnContext, adapter: TeamsAdapter, durable: () => Promise<void>): void {
  // botbuilder keeps the client's core-client ServiceClient in a field its types call private;
  // there is no public hook this late in the pipeline (ConnectorFactoryImpl overwrites
  // requestPolicyFactories). If a botbuilder upgrade moves it, refuse to send rather than
  // send ahead of the disk.
  const connector = context.turnState.get(adapter.ConnectorClientKey) as { client?: { pipeline?: Partial<Pipeline> } } | undefined;
  const pipeline = connector?.client?.pipeline;
  if (typeof pipeline?.addPolicy !== 'function') {
    throw new Error('Cannot hold replies until records are on disk: the connector client has no pipeline to add to.');
  }
  if (gated.has(pipeline)) return;
  gated.add(pipeline);
  pipeline.addPolicy(
    {
      name: OUTPUT_COMMIT_POLICY,
      sendRequest: async (request, next) => {
        if (request.method !== 'GET') await durable();
        return next(request as never);
      },
    },
    // Last, just before the bytes go out (after serialising, retrying and signing).
    { afterPhase: 'Sign' },
  );
}
