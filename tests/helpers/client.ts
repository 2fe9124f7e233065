/** A real socket.io client that keeps the latest view and sends commands with acknowledgements. */
import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import type { ClientCommandInput } from '../../shared/commands.js';
import { applyRolePatch, type ItemView, mergeOwn, type SessionView } from '../../shared/projection.js';
import type {
  ClientToServerEvents,
  CommandAck,
  CreateSessionBody,
  CreateSessionResponse,
  JoinResponse,
  ServerToClientEvents,
  ViewMessage,
} from '../../shared/protocol.js';

export type Command = DistributiveOmit<ClientCommandInput, 'id'> & { id?: string };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export async function postJson<T>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function createSession(
  base: string,
  body: Partial<CreateSessionBody> = {},
): Promise<CreateSessionResponse> {
  const res = await postJson<CreateSessionResponse>(`${base}/api/sessions`, {
    title: 'Case T.K.',
    facilitatorName: 'Fran',
    ...body,
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function inviteSecret(res: CreateSessionResponse, role: 'advisor' | 'caseworker' | 'screen'): string {
  const url = res.invitations.find((i) => i.role === role)!.url;
  return url.slice(url.indexOf('#') + 1);
}

export async function join(
  base: string,
  body: { code: string; name: string } | { invite: string; name: string },
): Promise<JoinResponse> {
  const res = await postJson<JoinResponse>(`${base}/api/join`, body);
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export class TestClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** The merged view (role view plus own items), as the member's screen shows it. */
  view: SessionView | null = null;
  seq = -1;
  /** Every merged view this client has held, for checks over the whole session. */
  views: ViewMessage[] = [];
  private roleView: ViewMessage | null = null;
  /** How often a patch did not fit and the whole view was asked for again. */
  resyncs = 0;
  private own: { seq: number; items: ItemView[] } = { seq: -1, items: [] };
  gone: string | null = null;
  private waiters: Array<{ pred: (v: SessionView) => boolean; resolve: (v: SessionView) => void }> = [];

  /** `sessionId`: sent in the handshake's query, as the app does, so a proxy routes by it. */
  constructor(base: string, token: string, options: { sessionId?: string } = {}) {
    this.socket = io(base, {
      auth: { token },
      ...(options.sessionId ? { query: { session: options.sessionId } } : {}),
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 100,
    });
    this.socket.on('view', (msg) => {
      if (msg.seq < this.seq) return;
      this.seq = msg.seq;
      this.roleView = msg;
      this.update();
    });
    this.socket.on('patch', (msg) => {
      if (this.roleView && msg.seq <= this.seq) return;
      if (!this.roleView || msg.baseSeq !== this.seq) {
        this.resyncs++;
        this.socket.emit('resync');
        return;
      }
      this.seq = msg.seq;
      this.roleView = { seq: msg.seq, serverNow: msg.serverNow, view: applyRolePatch(this.roleView.view, msg.patch) };
      this.update();
    });
    this.socket.on('own', (msg) => {
      if (msg.seq < this.own.seq) return;
      this.own = msg;
      this.update();
    });
    this.socket.on('gone', (msg) => {
      this.gone = msg.reason;
    });
  }

  private update(): void {
    if (!this.roleView) return;
    const view = mergeOwn(this.roleView.view, this.own.items);
    this.view = view;
    this.views.push({ ...this.roleView, view });
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(view)) return true;
      w.resolve(view);
      return false;
    });
  }

  connected(): Promise<SessionView> {
    return this.waitFor(() => true);
  }

  waitFor(pred: (v: SessionView) => boolean, timeoutMs = 5000): Promise<SessionView> {
    if (this.view && pred(this.view)) return Promise.resolve(this.view);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a view')), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      });
    });
  }

  /** Sends a command and resolves with its acknowledgement (retrying is the caller's choice). */
  send(command: Command | Record<string, unknown>): Promise<CommandAck> {
    const withId = { id: nanoid(12), ...command };
    return this.socket.timeout(5000).emitWithAck('command', withId);
  }

  async ok(command: Command): Promise<number> {
    const ack = await this.send(command);
    if (!ack.ok) throw new Error(`${command.type} refused: ${ack.error.code} ${ack.error.message}`);
    return ack.seq;
  }

  close(): void {
    this.socket.disconnect();
  }
}
