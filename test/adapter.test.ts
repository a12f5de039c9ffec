import type { TurnContext } from 'botbuilder';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logger';
import { createAdapter } from '../bot/teams/adapter';

/**
 * The adapter as the HTTP layer enters it: the activity it has read goes to teams-ai's
 * TeamsAdapter through CloudAdapter.process. The turn gets the activity as botbuilder gives
 * it, an invoke's response comes back for the HTTP answer, and a request that fails
 * authentication is a 401 with no turn run. Over HTTP the same is covered end to end
 * (http.test.ts, auth.http.test.ts, reliability.hostile.test.ts).
 */
function entry(env: Record<string, string> = {}) {
  const logs: string[] = [];
  return {
    ...createAdapter(
      loadConfig(env),
      createLogger('debug', (l) => logs.push(l)),
    ),
    logs,
  };
}

function activity(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'activity-1',
    text: 'hi',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:someone', name: 'Someone' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:chat', conversationType: 'personal' },
    ...extra,
  };
}

test('When a message is handled, then the turn sees its timestamps as dates (as CloudAdapter.process gives them) and the answer is 200 with no body', async () => {
  let seen: (TurnContext['activity'] & { rawTimestamp?: string; rawLocalTimestamp?: string }) | undefined;
  const answer = await entry().handle(
    activity({ timestamp: '2023-09-05T08:00:00.000Z', localTimestamp: '2023-09-05T09:00:00.000+01:00' }),
    '',
    (context) => {
      seen = context.activity;
      return Promise.resolve();
    },
  );
  expect(answer).toEqual({ status: 200 });
  expect(seen?.timestamp).toBeInstanceOf(Date);
  expect(seen?.timestamp?.toISOString()).toBe('2023-09-05T08:00:00.000Z');
  expect(seen?.rawTimestamp).toBe('2023-09-05T08:00:00.000Z');
  expect(seen?.localTimestamp).toBeInstanceOf(Date);
  expect(seen?.rawLocalTimestamp).toBe('2023-09-05T09:00:00.000+01:00');
});

test('When an invoke is handled, then its invoke response is the answer; with none set it is 501, as botbuilder answers', async () => {
  const invoke = activity({ type: 'invoke', name: 'adaptiveCard/action', text: undefined });
  const answered = await entry().handle(invoke, '', async (context) => {
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done' } },
    });
  });
  expect(answered).toEqual({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done' } });

  const unanswered = await entry().handle(activity({ type: 'invoke', name: 'composeExtension/query' }), '', () => Promise.resolve());
  expect(unanswered.status).toBe(501);
});

test('When the bot has an app id and the request has no valid token, then the answer is 401, the turn does not run, and each refusal is one warning line', async () => {
  let ran = false;
  const logic = () => {
    ran = true;
    return Promise.resolve();
  };
  const bot = entry({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' });
  const attempts = ['', 'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz'];
  for (const authorization of attempts) {
    expect(await bot.handle(activity(), authorization, logic)).toEqual({
      status: 401,
      body: { error: 'This request is not authenticated.' },
    });
  }
  expect(ran).toBe(false);
  expect(bot.logs.filter((l) => l.includes('"level":"warn"') && l.includes('not authenticated'))).toHaveLength(attempts.length);
});

test('When the turn itself fails and nothing handles it, then the caller hears of it (the HTTP layer answers 500), not a 401', async () => {
  await expect(entry().handle(activity(), '', () => Promise.reject(new Error('boom')))).rejects.toThrow(/boom/);
});
