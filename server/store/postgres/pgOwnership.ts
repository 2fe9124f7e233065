/**
 * One owner per session across nodes sharing a PostgreSQL database: room affinity with fenced
 * ownership, as tldraw's sync asks of self-hosters (exactly one room instance per room).
 *
 * - A node claims a session with a session-level advisory lock taken on its own dedicated
 *   connection (the lock connection), and in the transaction that loads the session it bumps the
 *   session's epoch: the fencing token. The lock lives as long as that connection: a node that
 *   dies (SIGKILL, a lost machine once TCP keepalives give up) frees its sessions for another.
 * - Every write (an append, a board save) checks the epoch it claimed in its own transaction, so
 *   a deposed owner, however slow to notice, cannot write: FencedError, nothing written. The
 *   unique keys on (session, seq) and (session, actor, command id) stay as second fences.
 * - The lock connection is watched (its errors, and a heartbeat every HEARTBEAT_MS): once it
 *   fails, this node can no longer be sure it holds anything, so it forgets every epoch at once
 *   (its next writes are refused without a round trip) and tells the hub to drop its sessions.
 */
import pg from 'pg';
import type { Logger } from '../../log.js';
import { FencedError } from '../storeFull.js';

export { FencedError };

/** How often the lock connection is checked, and how long an answer may take. */
const HEARTBEAT_MS = 500;
const HEARTBEAT_TIMEOUT_MS = 1000;
/** How long after losing the lock connection a new one is tried. */
const RECONNECT_MS = 1000;
/** Where a node asks the holder of a session to hand it over. */
const HANDOVER_CHANNEL = 'groupmap_handover';

/** The lock connection is down: this node cannot claim sessions until it is back. */
export class OwnershipUnavailableError extends Error {
  override name = 'OwnershipUnavailableError';
  constructor() {
    super('the lock connection to the database is down');
  }
}

export class PgOwnership {
  private lock: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly epochs = new Map<string, number>();
  private readonly lostListeners: Array<(sessionIds: string[]) => void> = [];
  private readonly handoverListeners: Array<(sessionId: string) => void> = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  /** Which lock connection this is (one more after each loss): a claim begun on an older one is void. */
  private generation = 0;

  constructor(
    private readonly connection: pg.ClientConfig,
    readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  /** The epoch this node claimed the session at, or undefined if it does not hold it. */
  epochOf(sessionId: string): number | undefined {
    return this.epochs.get(sessionId);
  }

  holds(sessionId: string): boolean {
    return this.epochs.has(sessionId);
  }

  get held(): string[] {
    return [...this.epochs.keys()];
  }

  onLost(listener: (sessionIds: string[]) => void): void {
    this.lostListeners.push(listener);
  }

  /** Runs when another node asks for a session this node holds (the proxy now sends its members there). */
  onHandover(listener: (sessionId: string) => void): void {
    this.handoverListeners.push(listener);
  }

  /**
   * Asks whichever node holds the session to hand it over (NOTIFY on HANDOVER_CHANNEL): it
   * writes what it has, saves the board, releases the lock and sends its members on.
   */
  async requestHandover(sessionId: string): Promise<void> {
    const lock = await this.lockConnection();
    await lock.query('SELECT pg_notify($1, $2)', [HANDOVER_CHANNEL, sessionId]);
  }

  async start(): Promise<void> {
    await this.connect();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Takes the session's advisory lock on the lock connection. False if another node holds it.
   * Then `load` runs the claim's transaction (bumping the epoch); if it fails, the lock goes back.
   */
  async tryLock(sessionId: string): Promise<number | null> {
    const lock = await this.lockConnection();
    const generation = this.generation;
    if (this.epochs.has(sessionId)) return generation;
    const { rows } = await lock.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [
      sessionId,
    ]);
    return rows[0]?.got === true ? generation : null;
  }

  /**
   * The claim's transaction bumped the epoch: writes from here on carry it. False (and nothing
   * held) if the lock connection it was taken on has been lost meanwhile: the lock went with it.
   */
  claimed(sessionId: string, epoch: number, generation: number): boolean {
    if (generation !== this.generation || !this.lock) return false;
    this.epochs.set(sessionId, epoch);
    return true;
  }

  /** Gives the session up: no more writes from this node, and its lock goes back. */
  async release(sessionId: string): Promise<void> {
    this.epochs.delete(sessionId);
    const lock = this.lock;
    if (!lock) return; // the lock went with the connection
    await lock.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [sessionId]).catch(() => {});
  }

  /** Every session in `sessionIds` this node still holds, with its epoch; FencedError (no round trip) if any is not. */
  epochsFor(sessionIds: Iterable<string>): Map<string, number> {
    const found = new Map<string, number>();
    const missing: string[] = [];
    for (const id of sessionIds) {
      const epoch = this.epochs.get(id);
      if (epoch === undefined) missing.push(id);
      else found.set(id, epoch);
    }
    if (missing.length > 0) throw new FencedError(missing);
    return found;
  }

  /** This node lost what it held: forget it all now, then tell the hub. */
  private lost(reason: string): void {
    const lock = this.lock;
    this.lock = null;
    this.generation++;
    lock?.removeAllListeners('error');
    lock?.on('error', () => {});
    void lock?.end().catch(() => {});
    const ids = [...this.epochs.keys()];
    this.epochs.clear();
    if (this.closed) return;
    this.log.error('ownership.lost', { reason, sessions: ids.length });
    for (const listener of this.lostListeners) listener(ids);
    setTimeout(() => void this.connect().catch(() => {}), RECONNECT_MS).unref();
  }

  private async lockConnection(): Promise<pg.Client> {
    if (!this.lock) await this.connect();
    if (!this.lock) throw new OwnershipUnavailableError();
    return this.lock;
  }

  private connect(): Promise<void> {
    if (this.lock || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({
        ...this.connection,
        keepAlive: true,
        keepAliveInitialDelayMillis: 1000,
        // And from the database's side, whatever its own settings: a node cut off by the network
        // is noticed in about 8 s, and its sessions' locks freed for another node.
        options: '-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3',
        application_name: `groupmap ${this.nodeId} locks`,
      });
      client.on('error', (err) => {
        if (this.lock === client) this.lost(err.message.includes('terminat') ? 'terminated' : 'error');
      });
      client.on('end', () => {
        if (this.lock === client) this.lost('ended');
      });
      client.on('notification', (msg) => {
        if (msg.channel === HANDOVER_CHANNEL && msg.payload && this.epochs.has(msg.payload))
          for (const listener of this.handoverListeners) listener(msg.payload);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${HANDOVER_CHANNEL}`);
      } catch (err) {
        await client.end().catch(() => {});
        throw err;
      }
      this.lock = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async beat(): Promise<void> {
    const lock = this.lock;
    if (!lock) {
      await this.connect().catch(() => {});
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), HEARTBEAT_TIMEOUT_MS);
    });
    const answer = await Promise.race([lock.query('SELECT 1').then(() => 'ok' as const), late]).catch(
      () => 'failed' as const,
    );
    clearTimeout(timer);
    if (answer !== 'ok' && this.lock === lock) this.lost(answer === 'late' ? 'heartbeat-late' : 'heartbeat-failed');
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.epochs.clear();
    const lock = this.lock;
    this.lock = null;
    // Ending the connection frees every advisory lock it held.
    await lock?.end().catch(() => {});
  }
}
