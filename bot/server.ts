import type { IncomingMessage } from 'node:http';
import restify from 'restify';
import type { Logger } from './logger';

/**
 * The HTTP layer: Teams posts activities to /api/messages; everything Teams-specific happens in
 * `processActivity` (the adapter). This module only checks the request is an activity at all.
 */
export interface HttpDeps {
  logger: Logger;
  /** Hands a checked activity and the request's Authorization header to the Bot Framework adapter. */
  processActivity: (activity: Record<string, unknown>, authorization: string) => Promise<{ status: number; body?: unknown }>;
  /** Extra GET routes (e.g. calendar files); each returns null when it has nothing. */
  getRoutes?: { path: string; handler: (params: Record<string, string>) => HttpResult | null | Promise<HttpResult | null> }[];
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

  server.get('/health', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.post('/api/messages', async (req, res) => {
    // The raw body, read here, so malformed JSON gets our short error, not a stack trace.
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === 'aborted') return; // the client went away mid-body: nobody to answer
    if (raw === 'too large') {
      deps.logger.warn('rejected request to /api/messages', { reason: 'body over the limit' });
      // Node reads and drops the rest of the body once this is answered, so the client (still
      // sending) gets the answer, not a reset connection.
      res.send(413, { error: 'Request body too large.' });
      return;
    }
    const parsed = parseActivityBody(req.contentType(), raw);
    if (!parsed.ok) {
      deps.logger.warn('rejected request to /api/messages', { reason: parsed.error });
      res.send(400, { error: parsed.error });
      return;
    }
    const authorization = req.headers.authorization ?? '';
    try {
      const answer = await deps.processActivity(parsed.activity, authorization);
      if (answer.body === undefined || answer.body === null) res.send(answer.status);
      else res.send(answer.status, answer.body);
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

  server.on(
    'restifyError',
    (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, cb: () => void) => {
      // Keep error bodies short and free of internals (restify would otherwise echo its message).
      const status = err.statusCode ?? 500;
      err.toJSON = () => ({
        error:
          status === 413 ? 'Request body too large.' : status === 404 ? 'Not found' : status < 500 ? 'Bad request.' : 'Internal error.',
      });
      // Probes (a GET on /api/messages from the Agents Playground, unknown paths) are not news.
      const log = status === 404 || status === 405 ? deps.logger.debug : deps.logger.warn;
      log('http error', { path: req.path(), status });
      return cb();
    },
  );
  return server;
}

type ParsedBody = { ok: true; activity: Record<string, unknown> } | { ok: false; error: string };

/**
 * The request's body; 'too large' as soon as it is over `max` bytes (the rest is left unread).
 * Read by hand rather than with restify's bodyReader, which allocates through the deprecated
 * Buffer() constructor: Node inspects the caller's stack on each such call.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large' | 'aborted'> {
  if (Number(req.headers['content-length']) > max) return Promise.resolve('too large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = (result: Buffer | 'too large' | 'aborted') => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max) finish('too large');
      else chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes));
    const onError = () => finish('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function parseActivityBody(contentType: string, raw: Buffer): ParsedBody {
  if (contentType !== 'application/json') return { ok: false, error: 'Content-Type must be application/json.' };
  const text = raw.toString('utf8');
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
