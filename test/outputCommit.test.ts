import { TeamsAdapter } from '@microsoft/teams-ai';
import { TurnContext, type Activity, type Middleware } from 'botbuilder';
import { holdOutputUntilDurable, OUTPUT_COMMIT_POLICY } from '../bot/teams/outputCommit';

/**
 * The output-commit gate on its own (the HTTP tests drive it end to end with a slow disk): it
 * is added once to each turn's connector pipeline, holds everything but reads until the store
 * says its changes are on disk, and refuses to let a turn run if it cannot be added.
 */
type Policy = { name: string; sendRequest: (request: { method: string }, next: (request: unknown) => Promise<unknown>) => Promise<unknown> };

function adapterWithGate(durable: () => Promise<void>): { adapter: TeamsAdapter; middleware: Middleware } {
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
  const added: Middleware[] = [];
  const use = adapter.use.bind(adapter);
  adapter.use = (...middleware) => {
    added.push(...(middleware as Middleware[]));
    return use(...middleware);
  };
  holdOutputUntilDurable(adapter, durable);
  return { adapter, middleware: added[0]! };
}

function turnWith(adapter: TeamsAdapter, connector: unknown): TurnContext {
  const context = new TurnContext(adapter, { type: 'message', text: 'hi' } as Activity);
  if (connector !== undefined) context.turnState.set(adapter.ConnectorClientKey, connector);
  return context;
}

async function run(middleware: Middleware, context: TurnContext): Promise<void> {
  const handler = typeof middleware === 'function' ? middleware : middleware.onTurn.bind(middleware);
  await handler(context, async () => undefined);
}

test('When a turn runs, then its connector pipeline gets the gate once, and only writes wait for the disk', async () => {
  let release!: () => void;
  let durableCalls = 0;
  const { adapter, middleware } = adapterWithGate(() => {
    durableCalls += 1;
    return new Promise<void>((resolve) => (release = resolve));
  });
  const policies: { policy: Policy; options: unknown }[] = [];
  const connector = { client: { pipeline: { addPolicy: (policy: Policy, options: unknown) => policies.push({ policy, options }) } } };
  const context = turnWith(adapter, connector);
  await run(middleware, context);
  await run(middleware, context); // the same client seen again (never twice in one pipeline)
  expect(policies).toHaveLength(1);
  expect(policies[0]!.policy.name).toBe(OUTPUT_COMMIT_POLICY);
  expect(policies[0]!.options).toEqual({ afterPhase: 'Sign' });

  const sent: string[] = [];
  const next = async (request: unknown) => {
    sent.push((request as { method: string }).method);
    return { status: 200 };
  };
  await policies[0]!.policy.sendRequest({ method: 'GET' }, next);
  expect(sent).toEqual(['GET']);
  expect(durableCalls).toBe(0);

  const posting = policies[0]!.policy.sendRequest({ method: 'POST' }, next);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(sent).toEqual(['GET']); // held: the store has not said its changes are on disk
  release();
  await posting;
  expect(sent).toEqual(['GET', 'POST']);
  expect(durableCalls).toBe(1);
});

test('When the connector client has no pipeline to gate (a changed botbuilder), then the turn fails instead of sending ahead of the disk', async () => {
  const { adapter, middleware } = adapterWithGate(() => Promise.resolve());
  let ran = false;
  const handler = typeof middleware === 'function' ? middleware : middleware.onTurn.bind(middleware);
  await expect(handler(turnWith(adapter, { client: {} }), async () => void (ran = true))).rejects.toThrow(/Cannot hold replies until records are on disk/);
  await expect(handler(turnWith(adapter, undefined), async () => void (ran = true))).rejects.toThrow(/Cannot hold replies/);
  expect(ran).toBe(false);
});
