/**
 * Sending many messages at Teams' pace. Teams allows a bot about 7 messages a second and 60
 * in 30 seconds per conversation, and about 30 requests a second per app per tenant; beyond
 * that it answers 429. The limiter keeps under those rates; transient failures (429, 412, 502,
 * 504) are retried with exponential backoff and jitter, never sooner than Retry-After; 403 and
 * 404 (app removed, user gone) are permanent and recorded, not retried.
 */
export interface Window {
  count: number;
  ms: number;
}

export interface Limits {
  perConversation: Window[];
  overall: Window[];
}

/**
 * Teams' published limits (7/s, 8/2 s, 60/30 s per conversation; about 30/s per app and
 * tenant), less a margin: Teams counts arrivals, we count departures, and network and
 * event-loop jitter bunch messages up on the way. Typing indicators and replies within a turn
 * also count towards the tenant's total without passing through here.
 */
export const TEAMS_LIMITS: Limits = {
  perConversation: [
    { count: 6, ms: 1000 },
    { count: 7, ms: 2000 },
    { count: 54, ms: 30_000 },
  ],
  overall: [{ count: 20, ms: 1000 }],
};

export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Sliding-window limiter: `acquire` resolves when one more send keeps every window in bounds. */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly overallKey = '\u0000all';

  constructor(
    private readonly limits: Limits = TEAMS_LIMITS,
    private readonly timer: Timer = realTimer,
  ) {}

  async acquire(conversationId: string): Promise<void> {
    for (;;) {
      const now = this.timer.now();
      const wait = Math.max(
        this.waitFor(this.overallKey, this.limits.overall, now),
        this.waitFor(conversationId, this.limits.perConversation, now),
      );
      if (wait <= 0) {
        this.record(this.overallKey, now);
        this.record(conversationId, now);
        return;
      }
      await this.timer.sleep(wait);
    }
  }

  /** A 429 says Teams saw more than we counted (other bots, other instances): hold this conversation back. */
  penalise(conversationId: string, untilMs: number): void {
    const times = this.sent.get(conversationId) ?? [];
    const longest = Math.max(...this.limits.perConversation.map((w) => w.ms));
    // Fill the conversation's windows so nothing more goes before `untilMs`.
    const fill = Math.max(...this.limits.perConversation.map((w) => w.count));
    for (let i = 0; i < fill; i += 1) times.push(untilMs - longest);
    this.sent.set(conversationId, times);
  }

  private waitFor(key: string, windows: Window[], now: number): number {
    const times = this.sent.get(key) ?? [];
    let wait = 0;
    // Spread sends evenly rather than in bursts: arrivals bunch up on the way, and Teams
    // counts arrivals.
    const last = times.length > 0 ? Math.max(...times) : Number.NEGATIVE_INFINITY;
    const gap = Math.min(...windows.map((w) => w.ms / w.count));
    wait = Math.max(wait, last + gap - now);
    for (const w of windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.count) wait = Math.max(wait, inWindow[inWindow.length - w.count]! + w.ms - now + 1);
    }
    return wait;
  }

  private record(key: string, now: number): void {
    const longest = Math.max(...[...this.limits.perConversation, ...this.limits.overall].map((w) => w.ms));
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - longest);
    times.push(now);
    this.sent.set(key, times);
  }
}

/** What a failed send tells us. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const TRANSIENT = new Set([412, 429, 502, 504]);
const PERMANENT_REASONS: Record<number, string> = {
  403: 'the app has been removed or the bot is blocked there',
  404: 'the conversation or user no longer exists',
};

export interface DeliveryOutcome {
  outcome: 'sent' | 'failed';
  detail?: string;
  attempts: number;
}

export interface DeliveryOptions {
  limiter: RateLimiter;
  timer?: Timer;
  maxAttempts?: number;
  baseDelayMs?: number;
  random?: () => number;
}

/** Sends one message with the limiter and the retry policy. Never throws. */
export async function deliver(conversationId: string, send: () => Promise<void>, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const timer = options.timer ?? realTimer;
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseDelayMs ?? 500;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    await options.limiter.acquire(conversationId);
    try {
      await send();
      return { outcome: 'sent', attempts: attempt };
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, null, null);
      if (e.status !== null && PERMANENT_REASONS[e.status]) {
        return { outcome: 'failed', detail: `${e.status}: ${PERMANENT_REASONS[e.status]}`, attempts: attempt };
      }
      const transient = e.status === null || TRANSIENT.has(e.status) || e.status >= 500;
      if (!transient || attempt >= maxAttempts) {
        return {
          outcome: 'failed',
          detail: `${e.status ?? 'network error'}: gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
          attempts: attempt,
        };
      }
      // Exponential backoff with full jitter, but never sooner than Teams asked.
      const backoff = base * 2 ** (attempt - 1) * (0.5 + random() / 2);
      const wait = Math.max(backoff, e.retryAfterMs ?? 0);
      if (e.status === 429) options.limiter.penalise(conversationId, timer.now() + wait);
      await timer.sleep(wait);
    }
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of start. */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(workers);
}
