import { ConfigError, loadConfig } from '../bot/config';

describe('config', () => {
  test('When nothing is set, then the documented defaults apply and the bot is anonymous', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3978, storePath: '.data/store.json', now: null, logLevel: 'info', allowedTenantIds: [] });
    expect(config.bot.appId).toBeNull();
  });

  test('When BOT_NOW and ALLOWED_TENANT_IDS are set, then they are parsed', () => {
    const config = loadConfig({ BOT_NOW: '2023-09-05T09:00:00+01:00', ALLOWED_TENANT_IDS: ' t1, t2 ,', PORT: '4000' });
    expect(config.now?.toISOString()).toBe('2023-09-05T08:00:00.000Z');
    expect(config.allowedTenantIds).toEqual(['t1', 't2']);
    expect(config.port).toBe(4000);
  });

  test('When several values are wrong, then every problem is listed at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', BOT_NOW: 'next tuesday', MicrosoftAppType: 'Personal', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'BOT_NOW', 'MicrosoftAppType', 'LOG_LEVEL']) expect(problems).toContain(name);
  });

  test('When NODE_ENV=production and there is no MicrosoftAppId, then start-up refuses', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/never runs anonymously in production/);
  });

  test('When an app id is set without a password, then start-up refuses', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
  });
});
