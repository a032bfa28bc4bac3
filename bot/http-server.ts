import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TurnContext } from 'botbuilder';
import type { Log } from './log.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface ActivityProcessor {
  process(req: { body?: Record<string, unknown>; headers: IncomingMessage['headers']; method?: string }, res: BotResponse, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** The response shape botbuilder's CloudAdapter writes to (express/restify-like). */
export interface BotResponse {
  socket: unknown;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(body?: unknown): unknown;
  end(): unknown;
}

function botResponse(res: ServerResponse): BotResponse {
  let body: unknown;
  return {
    socket: res.socket,
    status: (code) => (res.statusCode = code),
    header: (name, value) => res.setHeader(name, String(value)),
    send: (b) => (body = b),
    end: () => {
      if (res.writableEnded) return;
      if (body === undefined) return res.end();
      if (typeof body === 'string' || Buffer.isBuffer(body)) return res.end(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * teams-ai crashes inside the turn on an activity without these fields and still answers 200, so an
 * incomplete activity is refused here with a 400 instead.
 */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return 'the body is not an activity';
  const a = body as Record<string, unknown>;
  const id = (v: unknown) => !!v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string';
  if (typeof a.type !== 'string') return 'type is missing';
  if (typeof a.serviceUrl !== 'string') return 'serviceUrl is missing';
  if (typeof a.channelId !== 'string') return 'channelId is missing';
  if (!id(a.from)) return 'from.id is missing';
  if (!id(a.recipient)) return 'recipient.id is missing';
  if (!id(a.conversation)) return 'conversation.id is missing';
  return undefined;
}

export function startHttpServer(port: number, adapter: ActivityProcessor, logic: (context: TurnContext) => Promise<void>, log: Log, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/healthz') {
        res.setHeader('content-type', 'application/json');
        return res.end('{"status":"ok"}');
      }
      if (req.url !== '/api/messages' || req.method !== 'POST') {
        res.statusCode = 404;
        return res.end();
      }
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        // The rest of an oversized body is never read, so this connection cannot carry another request.
        res.setHeader('connection', 'close');
        res.statusCode = 400;
        return res.end('{"error":"The body must be a JSON activity of at most 1 MB."}');
      }
      const problem = activityProblem(body);
      if (problem) {
        res.statusCode = 400;
        return res.end(JSON.stringify({ error: `Not a valid activity: ${problem}.` }));
      }
      await adapter.process({ body: body as Record<string, unknown>, headers: req.headers, method: req.method }, botResponse(res), logic);
    })().catch((error: unknown) => {
      log.error('http-error', { error: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) res.statusCode = 500;
      if (!res.writableEnded) res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
