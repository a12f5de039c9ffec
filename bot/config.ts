import { Cron } from 'croner';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a Config.
 * All problems are reported at once so an operator fixes the environment in one go.
 */
const logLevels = ['error', 'warn', 'info', 'debug', 'silent'] as const;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  STORE_PATH: z.preprocess(emptyToUndefined, z.string().default('.data/store.json')),
  BOT_NOW: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
        message: 'must be an ISO date-time, e.g. 2023-09-05T09:00:00+01:00',
      })
      .optional(),
  ),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: optionalString,
  ALLOWED_TENANT_IDS: optionalString,
  BOT_DOMAIN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name such as bot.example.gov.uk (no scheme or path)')
      .optional(),
  ),
  BotOpenIdMetadata: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(isMetadataUrl, {
        message:
          'must be an https URL (http only on 127.0.0.1, ::1 or localhost), e.g. https://login.botframework.com/v1/.well-known/openidconfiguration',
      })
      .optional(),
  ),
  CONNECTOR_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be at least 100 (milliseconds)')
      .max(600_000, 'must be at most 600000 (10 minutes)')
      .default(15_000),
  ),
  CONNECTOR_MAX_IN_FLIGHT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .default(16),
  ),
  MODERNGOV_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine(isSiteUrl, { message: 'must be the address of the modern.gov site, e.g. https://democracy.example.gov.uk (no path)' })
      .optional(),
  ),
  MODERNGOV_COMMITTEES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => v.toLowerCase() === 'all' || /^\s*\d+\s*(,\s*\d+\s*)*,?\s*$/.test(v), {
        message: 'must be "all" or modern.gov committee ids separated by commas, e.g. 144,163',
      })
      .optional(),
  ),
  MODERNGOV_SYNC: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => v.toLowerCase() === 'off' || isCron(v), {
        message: 'must be a cron expression such as "0 * * * *" (hourly) or "off"',
      })
      .default('0 * * * *'),
  ),
  MODERNGOV_MONTHS_BACK: months(),
  MODERNGOV_MONTHS_AHEAD: months(),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(logLevels).default('info')),
  NODE_ENV: optionalString,
  SEED_DIR: optionalString,
  COUNCIL_NAME: z.preprocess(emptyToUndefined, z.string().trim().max(200, 'must be at most 200 characters').optional()),
});

export type LogLevel = (typeof logLevels)[number];

/** The modern.gov sync's settings; null in Config when MODERNGOV_URL is not set. */
export interface ModernGovConfig {
  /** MODERNGOV_URL without a trailing slash. */
  site: string;
  /** Committee ids to sync, or every current committee; none (empty) until a council chooses. */
  committees: 'all' | string[];
  /** The bot's own schedule (cron, Europe/London); null when MODERNGOV_SYNC=off. */
  schedule: string | null;
  monthsBack: number;
  monthsAhead: number;
}

/**
 * What a store is created from when STORE_PATH does not exist yet: a seed folder (null: the
 * bot's own data/), or nothing but the council's name (SEED_DIR=none), for a council whose
 * committees come later (from modern.gov). An existing store is never re-seeded.
 */
export type SeedChoice = { kind: 'folder'; dir: string | null } | { kind: 'none'; councilName: string };

export interface Config {
  port: number;
  storePath: string;
  /** Pinned clock, when BOT_NOW is set. */
  now: Date | null;
  /** Bot Framework credentials; appId null means local anonymous mode. */
  bot: {
    appId: string | null;
    appPassword: string | null;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string | null;
    /** Where the Bot Framework's signing keys are described; null means botbuilder's default (the public cloud). */
    openIdMetadataUrl: string | null;
  };
  /** Calls to Teams' connector: each one's deadline, and how many may be open at once. */
  connector: { timeoutMs: number; maxInFlight: number };
  /** Keeping meetings current from modern.gov; null when no site is configured. */
  moderngov: ModernGovConfig | null;
  /** Empty list: any tenant may talk to the bot. */
  allowedTenantIds: string[];
  logLevel: LogLevel;
  production: boolean;
  /** Where users' browsers reach the bot's own files (calendar invitations). */
  publicUrl: string;
  seed: SeedChoice;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const production = e.NODE_ENV?.toLowerCase() === 'production';
  if (production && !e.MicrosoftAppId) {
    problems.push('MicrosoftAppId: required when NODE_ENV=production; the bot never runs anonymously in production');
  }
  if (production && !(e.ALLOWED_TENANT_IDS ?? '').split(',').some((t) => t.trim() !== '')) {
    problems.push(
      "ALLOWED_TENANT_IDS: required when NODE_ENV=production; list your organisation's tenant id(s) so no other tenant can use the bot",
    );
  }
  if (e.MicrosoftAppId && e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    problems.push('MicrosoftAppPassword: required with MicrosoftAppId (unless MicrosoftAppType=UserAssignedMSI)');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant');
  }
  if (e.MODERNGOV_COMMITTEES && !e.MODERNGOV_URL) {
    problems.push('MODERNGOV_COMMITTEES: needs MODERNGOV_URL, the address of the modern.gov site');
  }
  const noSeed = e.SEED_DIR?.toLowerCase() === 'none';
  if (noSeed && !e.COUNCIL_NAME) {
    problems.push(
      'COUNCIL_NAME: required when SEED_DIR=none; it names the council whose empty store is created, e.g. "Manchester City Council"',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    storePath: e.STORE_PATH,
    now: e.BOT_NOW ? new Date(e.BOT_NOW) : null,
    bot: {
      appId: e.MicrosoftAppId ?? null,
      appPassword: e.MicrosoftAppPassword ?? null,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? null,
      openIdMetadataUrl: e.BotOpenIdMetadata ?? null,
    },
    connector: { timeoutMs: e.CONNECTOR_TIMEOUT_MS, maxInFlight: e.CONNECTOR_MAX_IN_FLIGHT },
    moderngov: e.MODERNGOV_URL
      ? {
          site: e.MODERNGOV_URL.replace(/\/+$/, ''),
          committees:
            e.MODERNGOV_COMMITTEES?.toLowerCase() === 'all'
              ? 'all'
              : [
                  ...new Set(
                    (e.MODERNGOV_COMMITTEES ?? '')
                      .split(',')
                      .map((id) => id.trim())
                      .filter((id) => id !== ''),
                  ),
                ],
          schedule: e.MODERNGOV_SYNC.toLowerCase() === 'off' ? null : e.MODERNGOV_SYNC,
          monthsBack: e.MODERNGOV_MONTHS_BACK,
          monthsAhead: e.MODERNGOV_MONTHS_AHEAD,
        }
      : null,
    allowedTenantIds: (e.ALLOWED_TENANT_IDS ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0),
    logLevel: e.LOG_LEVEL,
    production,
    publicUrl: e.BOT_DOMAIN ? `https://${e.BOT_DOMAIN}` : `http://localhost:${e.PORT}`,
    seed: noSeed ? { kind: 'none', councilName: e.COUNCIL_NAME! } : { kind: 'folder', dir: e.SEED_DIR ?? null },
  };
}

function months() {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number of months' })
      .int('must be a whole number of months')
      .min(0, 'must be 0 or more (months)')
      .max(60, 'must be at most 60 (five years)')
      .default(12),
  );
}

function isSiteUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '' && /^\/*$/.test(url.pathname);
}

function isCron(value: string): boolean {
  try {
    new Cron(value, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function isMetadataUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}
