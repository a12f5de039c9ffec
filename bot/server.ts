import restify from 'restify';
import type { Logger } from './logger';

/**
 * The HTTP layer: Teams posts activities to /api/messages; everything Teams-specific happens in
 * `processActivity` (the adapter). This module only checks the request is an activity at all.
 */
export interface HttpDeps {
  logger: Logger;
  /** Hands a parsed activity body to the Bot Framework adapter. */
  processActivity: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Extra GET routes (e.g. calendar files); each returns null when it has nothing. */
  getRoutes?: { path: string; handler: (params: Record<string, string>) => Promise<HttpResult | null> }[];
}

export interface HttpResult {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 512 * 1024;

export function createHttpServer(deps: HttpDeps): restify.Server {
  const server = restify.createServer({ name: 'committee-assistant', handleUncaughtExceptions: false });
  // Read the raw body ourselves so malformed JSON gets our short error, not a stack trace.
  server.use(restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }));

  server.get('/health', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.post('/api/messages', async (req, res) => {
    const parsed = parseActivityBody(req);
    if (!parsed.ok) {
      deps.logger.warn('rejected request to /api/messages', { reason: parsed.error });
      res.send(400, { error: parsed.error });
      return;
    }
    req.body = parsed.activity;
    try {
      await deps.processActivity(req, res);
    } catch (err) {
      deps.logger.error('adapter failed to process a request', { error: (err as Error).message });
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this request.' });
    }
  });

  for (const route of deps.getRoutes ?? []) {
    server.get(route.path, async (req, res) => {
      const result = await route.handler(req.params as Record<string, string>);
      if (!result) {
        res.send(404, { error: 'Not found' });
        return;
      }
      res.writeHead(result.status, { 'Content-Type': result.contentType, ...result.headers });
      res.end(result.body);
    });
  }

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, cb: () => void) => {
    // Keep error bodies short and free of internals (restify would otherwise echo its message).
    const status = err.statusCode ?? 500;
    err.toJSON = () => ({ error: status === 413 ? 'Request body too large.' : status === 404 ? 'Not found' : status < 500 ? 'Bad request.' : 'Internal error.' });
    // Probes (a GET on /api/messages from the Agents Playground, unknown paths) are not news.
    const log = status === 404 || status === 405 ? deps.logger.debug : deps.logger.warn;
    log('http error', { path: req.path(), status });
    return cb();
  });
  return server;
}

type ParsedBody = { ok: true; activity: Record<string, unknown> } | { ok: false; error: string };

function parseActivityBody(req: restify.Request): ParsedBody {
  const type = req.contentType();
  if (type !== 'application/json') return { ok: false, error: 'Content-Type must be application/json.' };
  const raw: unknown = req.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return { ok: false, error: 'Request body is empty.' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Request body is not valid JSON.' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'Request body is not an activity.' };
  }
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type === '') {
    return { ok: false, error: 'Activity has no type.' };
  }
  const conversation = activity.conversation as { id?: unknown } | undefined;
  if (typeof activity.serviceUrl !== 'string' || typeof conversation?.id !== 'string') {
    return { ok: false, error: 'Activity needs a serviceUrl and a conversation id.' };
  }
  const from = activity.from as { id?: unknown } | undefined;
  if (typeof from?.id !== 'string') return { ok: false, error: 'Activity needs a sender (from.id).' };
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') {
    return { ok: false, error: 'Activity text must be a string.' };
  }
  return { ok: true, activity };
}
