import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  readonly activityId?: string;
  readonly body: Record<string, unknown>;
  /** The id this connector gave a new activity or conversation. */
  assignedId?: string;
}

/**
 * A local stand-in for the Bot Connector at `serviceUrl`: it answers like the real one (ids for new
 * activities, 200 on update) and records every call. Files can be served too, for upload tests.
 */
export class RecordingConnector {
  readonly calls: RecordedCall[] = [];
  private readonly files = new Map<string, Buffer>();
  private server: Server | undefined;
  private next = 1;
  /** Conversation ids whose sends answer 403 MessageWritesBlocked. */
  readonly blocked = new Set<string>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  serveFile(name: string, bytes: Buffer): string {
    this.files.set(name, bytes);
    return `${this.url}/files/${encodeURIComponent(name)}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
          const file = this.files.get(decodeURIComponent(url.pathname.slice(7)));
          res.statusCode = file ? 200 : 404;
          return res.end(file);
        }
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
        const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?$/.exec(url.pathname);
        res.setHeader('content-type', 'application/json');
        if (!match) {
          res.statusCode = 404;
          return res.end('{}');
        }
        const conversationId = decodeURIComponent(match[1] ?? '');
        const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
        const call: RecordedCall = { method: req.method ?? '', path: url.pathname, conversationId, ...(activityId ? { activityId } : {}), body };
        this.calls.push(call);
        if (this.blocked.has(conversationId)) {
          res.statusCode = 403;
          return res.end(JSON.stringify({ error: { code: 'MessageWritesBlocked', message: 'Bot is blocked by the user.' } }));
        }
        if (req.method === 'PUT') return res.end(JSON.stringify({ id: activityId }));
        call.assignedId = `${match[1] ? 'activity' : 'conv'}-${this.next++}`;
        res.end(JSON.stringify({ id: call.assignedId }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Adaptive Cards sent (POST) or updated (PUT) in a conversation, in order. */
  cards(conversationId?: string, method?: 'POST' | 'PUT'): { call: RecordedCall; card: Record<string, unknown> }[] {
    return this.calls
      .filter((c) => (!conversationId || c.conversationId === conversationId) && (!method || c.method === method))
      .flatMap((call) =>
        ((call.body.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined) ?? [])
          .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
          .map((a) => ({ call, card: a.content })),
      );
  }
}
