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

  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };
  const credentials = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' };

  test.each(['production', 'Production', 'PRODUCTION', ' production '])(
    'When NODE_ENV=%p, then start-up refuses without an app id and a tenant list, naming both',
    (nodeEnv) => {
      const problems = problemsOf({ NODE_ENV: nodeEnv });
      expect(problems).toEqual([
        expect.stringMatching(/^MicrosoftAppId: required when NODE_ENV=production/),
        expect.stringMatching(/^ALLOWED_TENANT_IDS: required when NODE_ENV=production/),
      ]);
      expect(problemsOf({ NODE_ENV: nodeEnv, ...credentials })).toEqual([expect.stringMatching(/^ALLOWED_TENANT_IDS/)]);
      expect(problemsOf({ NODE_ENV: nodeEnv, ...credentials, ALLOWED_TENANT_IDS: ' , ' })).toEqual([
        expect.stringMatching(/^ALLOWED_TENANT_IDS/),
      ]);
      expect(problemsOf({ NODE_ENV: nodeEnv, ALLOWED_TENANT_IDS: 't1' })).toEqual([expect.stringMatching(/^MicrosoftAppId/)]);
      expect(loadConfig({ NODE_ENV: nodeEnv, ...credentials, ALLOWED_TENANT_IDS: 't1' }).production).toBe(true);
    },
  );

  test('When the connector settings are not set, then calls wait at most 15 s and 16 may be open at once', () => {
    expect(loadConfig({}).connector).toEqual({ timeoutMs: 15000, maxInFlight: 16 });
    expect(loadConfig({ CONNECTOR_TIMEOUT_MS: '2500', CONNECTOR_MAX_IN_FLIGHT: '4' }).connector).toEqual({
      timeoutMs: 2500,
      maxInFlight: 4,
    });
  });

  test.each([
    [{ CONNECTOR_TIMEOUT_MS: 'soon' }, /^CONNECTOR_TIMEOUT_MS: must be a whole number of milliseconds/],
    [{ CONNECTOR_TIMEOUT_MS: '10' }, /^CONNECTOR_TIMEOUT_MS: must be at least 100/],
    [{ CONNECTOR_TIMEOUT_MS: '150.5' }, /^CONNECTOR_TIMEOUT_MS: must be a whole number/],
    [{ CONNECTOR_MAX_IN_FLIGHT: '0' }, /^CONNECTOR_MAX_IN_FLIGHT: must be at least 1/],
    [{ CONNECTOR_MAX_IN_FLIGHT: 'many' }, /^CONNECTOR_MAX_IN_FLIGHT: must be a whole number/],
    [{ BotOpenIdMetadata: 'http://keys.example.com/openid' }, /^BotOpenIdMetadata: must be an https URL/],
    [{ BotOpenIdMetadata: 'not a url' }, /^BotOpenIdMetadata: must be an https URL/],
  ])('When %p, then start-up refuses with a clear message', (env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(message)]);
  });

  test('When BotOpenIdMetadata is an https URL, or http on loopback, then it is used', () => {
    expect(
      loadConfig({ BotOpenIdMetadata: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' }).bot.openIdMetadataUrl,
    ).toMatch(/^https:/);
    expect(loadConfig({ BotOpenIdMetadata: 'http://127.0.0.1:4000/openid' }).bot.openIdMetadataUrl).toBe('http://127.0.0.1:4000/openid');
    expect(loadConfig({}).bot.openIdMetadataUrl).toBeNull();
  });

  test('When an app id is set without a password, then start-up refuses', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
  });

  test('When no modern.gov site is set, then nothing is synced', () => {
    expect(loadConfig({}).moderngov).toBeNull();
  });

  test('When only MODERNGOV_URL is set, then no committee is synced until chosen, hourly, 12 months each way', () => {
    expect(loadConfig({ MODERNGOV_URL: 'https://democracy.example.gov.uk/' }).moderngov).toEqual({
      site: 'https://democracy.example.gov.uk',
      committees: [],
      schedule: '0 * * * *',
      monthsBack: 12,
      monthsAhead: 12,
    });
  });

  test('When the modern.gov settings are set, then they are read: committee ids, all, a schedule, off, months', () => {
    const site = { MODERNGOV_URL: 'https://democracy.example.gov.uk' };
    expect(loadConfig({ ...site, MODERNGOV_COMMITTEES: ' 144, 163,144 ' }).moderngov?.committees).toEqual(['144', '163']);
    expect(loadConfig({ ...site, MODERNGOV_COMMITTEES: 'ALL' }).moderngov?.committees).toBe('all');
    expect(loadConfig({ ...site, MODERNGOV_SYNC: '*/15 * * * *' }).moderngov?.schedule).toBe('*/15 * * * *');
    expect(loadConfig({ ...site, MODERNGOV_SYNC: 'off' }).moderngov?.schedule).toBeNull();
    expect(loadConfig({ ...site, MODERNGOV_MONTHS_BACK: '3', MODERNGOV_MONTHS_AHEAD: '0' }).moderngov).toMatchObject({
      monthsBack: 3,
      monthsAhead: 0,
    });
  });

  test('When the modern.gov settings are wrong, then each is named with what it must be', () => {
    let error: unknown;
    try {
      loadConfig({
        MODERNGOV_URL: 'democracy.example.gov.uk/mgWebService.asmx',
        MODERNGOV_COMMITTEES: 'Audit Committee',
        MODERNGOV_SYNC: 'hourly',
        MODERNGOV_MONTHS_BACK: '-1',
        MODERNGOV_MONTHS_AHEAD: 'a year',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MODERNGOV_URL: must be the address of the modern\.gov site/);
    expect(problems).toMatch(/MODERNGOV_COMMITTEES: must be "all" or modern\.gov committee ids/);
    expect(problems).toMatch(/MODERNGOV_SYNC: must be a cron expression/);
    expect(problems).toMatch(/MODERNGOV_MONTHS_BACK: must be 0 or more/);
    expect(problems).toMatch(/MODERNGOV_MONTHS_AHEAD: must be a whole number of months/);
    expect(() => loadConfig({ MODERNGOV_COMMITTEES: '144' })).toThrow(/MODERNGOV_COMMITTEES: needs MODERNGOV_URL/);
  });
});
