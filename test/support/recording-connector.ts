import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  readonly activityId?: string;
  readonly body: Record<string, unknown>;
  readonly receivedAt: string;
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
  /**
   * Teams' Graph view of the same chats (who has the app, the chat with it, its messages), which the bot reads
   * to settle a send in doubt after a crash: person id → the conversation id of their chat with the bot.
   */
  readonly chats = new Map<string, string>();
  /** Called as each call arrives, before it is answered; 'hold' accepts it and never answers (a crash test's cue). */
  intercept: ((call: RecordedCall) => 'answer' | 'hold') | undefined;

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
        if (req.method === 'GET' && url.pathname.startsWith('/v1.0/')) return this.graph(url, res);
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
        const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?$/.exec(url.pathname);
        res.setHeader('content-type', 'application/json');
        if (!match) {
          res.statusCode = 404;
          return res.end('{}');
        }
        const conversationId = decodeURIComponent(match[1] ?? '');
        const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
        const call: RecordedCall = { method: req.method ?? '', path: url.pathname, conversationId, ...(activityId ? { activityId } : {}), body, receivedAt: new Date().toISOString() };
        this.calls.push(call);
        if (this.intercept?.(call) === 'hold') {
          // Accepted, but the answer never comes: the sender dies (or times out) not knowing.
          call.assignedId = `activity-${this.next++}`;
          return;
        }
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

  /** The few Graph reads of Teams chats the bot makes (graph/graph-delivery-check.ts), answered from what was posted. */
  private graph(url: URL, res: import('node:http').ServerResponse): void {
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    const installs = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(url.pathname);
    if (installs) {
      const person = decodeURIComponent(installs[1]!);
      return send(200, { value: this.chats.has(person) ? [{ id: `installation-${person}` }] : [] });
    }
    const chat = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/.exec(url.pathname);
    if (chat) {
      const id = this.chats.get(decodeURIComponent(chat[1]!));
      return id ? send(200, { id }) : send(404, { error: { code: 'NotFound', message: 'No chat.' } });
    }
    const messages = /^\/v1\.0\/chats\/([^/]+)\/messages$/.exec(url.pathname);
    if (messages) {
      const chatId = decodeURIComponent(messages[1]!);
      const top = Number(url.searchParams.get('$top') ?? 20);
      const posted = this.calls.filter((c) => c.method === 'POST' && c.conversationId === chatId && c.assignedId);
      const latest = (c: RecordedCall) => [...this.calls].reverse().find((u) => u.method === 'PUT' && u.conversationId === chatId && u.activityId === c.assignedId) ?? c;
      const value = posted
        .reverse()
        .slice(0, top)
        .map((c) => ({
          id: c.assignedId,
          createdDateTime: c.receivedAt,
          attachments: ((latest(c).body.attachments as { contentType: string; content: unknown }[] | undefined) ?? []).map((a) => ({ contentType: a.contentType, content: JSON.stringify(a.content) })),
        }));
      return send(200, { value });
    }
    send(404, { error: { code: 'NotFound', message: `No such resource: ${url.pathname}` } });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /**
   * The cards in a conversation as the person sees them now: each one posted, as its latest update (PUT) left it,
   * oldest first.
   */
  shownCards(conversationId: string): Record<string, unknown>[] {
    const cardOf = (call: RecordedCall) =>
      ((call.body.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined) ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
    return this.calls
      .filter((c) => c.method === 'POST' && c.conversationId === conversationId && c.assignedId)
      .map((posted) => [...this.calls].reverse().find((u) => u.method === 'PUT' && u.conversationId === conversationId && u.activityId === posted.assignedId) ?? posted)
      .flatMap((call) => { const card = cardOf(call); return card ? [card] : []; });
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
