/**
 * Who may come in, and as whom: creating a session, joining it by code or invitation,
 * authenticating a personal token, and the invitation links (described, renewed). Join limits
 * per address live in front of this, in the routes (rateLimit.ts); seats and the member cap in
 * the machine (member.join); removal is a command (member.remove).
 */

import type { AnyCommand } from '../../shared/commands.js';
import type { CommandError } from '../../shared/errors.js';
import { isWellFormedJoinCode, normalizeJoinCode } from '../../shared/joinCode.js';
import {
  CreateSessionBody,
  type Invitation,
  InvitationBody,
  type InvitationResponse,
  JoinBody,
  type JoinResponse,
  ResolveBody,
  type ResolveResponse,
} from '../../shared/protocol.js';
import type { Actor, Role } from '../../shared/roles.js';
import { hasForbiddenKey } from '../../shared/safeInput.js';
import { createSessionState, type SessionState } from '../../shared/state.js';
import type { Logger } from '../log.js';
import { hashSecret, newId, newJoinCode, newToken } from '../security/tokens.js';
import type { AuditEntry } from '../store/schema.js';
import type { Credential } from '../store/sqliteStore.js';
import type { SessionStore } from '../store/store.js';
import { JoinCodeTakenError } from '../store/storeFull.js';
import {
  type Committed,
  type HubResult,
  invalid,
  type LiveSession,
  type MemberIdentity,
  MOVED_MESSAGE,
  refused,
  storing,
} from './model.js';

export interface CreatedSession {
  state: SessionState;
  facilitatorId: string;
  facilitatorToken: string;
  invites: Array<{ role: 'advisor' | 'caseworker' | 'screen'; secret: string }>;
}

/** What access needs of the registry: the newest state, a new session to hold, and a join's commit. */
export interface AccessRegistry {
  /** The session in memory, claimed for this node first if the store is shared; 'elsewhere' if another node has it. */
  open(sessionId: string): Promise<LiveSession | 'elsewhere' | undefined> | LiveSession | undefined;
  register(state: SessionState, now: number): Promise<void> | undefined;
  commit(
    sessionId: string,
    actor: Actor,
    command: AnyCommand,
    extras: { credential?: { hash: string } & Credential; audit?: AuditEntry },
  ): Promise<Committed>;
}

const INVITE_ROLES = ['advisor', 'caseworker', 'screen'] as const;

export class SessionAccess {
  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    private readonly registry: AccessRegistry,
    private readonly options: { clock: () => number; retentionDays: number },
  ) {}

  private clock(): number {
    return this.options.clock();
  }

  /** `signedInAs`: the identity provider's subject for the facilitator, when the server asks for sign-in. */
  async create(body: unknown, signedInAs?: string): Promise<HubResult<CreatedSession>> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = CreateSessionBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const input = parsed.data;
    const now = this.clock();
    const facilitatorId = newId();
    let state = createSessionState(
      {
        id: newId(),
        title: input.title,
        joinCode: newJoinCode(),
        facilitator: { id: facilitatorId, name: input.facilitatorName },
        newToMethod: input.newToMethod,
        durations: input.durations,
        wordsAndPictures: input.wordsAndPictures,
        retentionDays: this.options.retentionDays,
      },
      now,
    );
    const facilitatorToken = newToken();
    const { invites, credentials } = mintInvitations(state.id);
    // A code another session holds is refused by the store (unique), so two nodes cannot both hand it out.
    const stored = await storing(this.log, async () => {
      for (;;) {
        try {
          return await this.store.createSession(
            state,
            [
              {
                hash: hashSecret(facilitatorToken),
                sessionId: state.id,
                kind: 'member',
                role: 'facilitator',
                memberId: facilitatorId,
              },
              ...credentials,
            ],
            {
              sessionId: state.id,
              at: now,
              event: 'session.created',
              role: 'facilitator',
              memberId: facilitatorId,
              // Who created it, for the authority's own inquiries: the provider's opaque id, never a name.
              detail: signedInAs ? `signed-in:${signedInAs}` : null,
            },
          );
        } catch (err) {
          if (!(err instanceof JoinCodeTakenError)) throw err;
          state = { ...state, joinCode: newJoinCode() };
        }
      }
    });
    if (!stored.ok) return stored;
    await this.registry.register(state, now);
    this.log.info('session.created', { sessionId: state.id });
    return { ok: true, value: { state, facilitatorId, facilitatorToken, invites } };
  }

  /**
   * The first step of joining, answered by any node without loading the session: which session
   * a code or a link is for, or why it is no longer good (purged, replaced). Whether it is open,
   * locked or ended is for the second step, on the node that holds it.
   */
  async resolve(body: unknown): Promise<HubResult<ResolveResponse>> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = ResolveBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    if ('code' in parsed.data) {
      const found = await this.sessionIdForCode(parsed.data.code);
      return found.ok ? { ok: true, value: { sessionId: found.value } } : found;
    }
    const hash = hashSecret(parsed.data.invite);
    const credential = await this.store.credential(hash);
    if (credential?.kind === 'invite') return { ok: true, value: { sessionId: credential.sessionId } };
    return this.deadLink(hash);
  }

  /**
   * Joins with the participant code or an invitation secret, and issues a personal token. With
   * `sessionId` (the second step of joining), the code or link must be that session's.
   */
  async join(body: unknown, expected?: string): Promise<HubResult<JoinResponse>> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = JoinBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    let role: Role;
    let live: LiveSession;
    if ('code' in parsed.data) {
      const found = await this.sessionForCode(parsed.data.code);
      if (!found.ok) return found;
      live = found.value;
      role = 'participant';
    } else {
      const found = await this.invitation(parsed.data.invite);
      if (!found.ok) return found;
      live = found.value.live;
      role = found.value.role;
    }
    if (expected !== undefined && live.state.id !== expected) return refused('NOT_FOUND', NOT_THIS_SESSION);
    const sessionId = live.state.id;
    const memberId = newId();
    const token = newToken();
    const command: AnyCommand = {
      type: 'member.join',
      id: newId(),
      memberId,
      role: role as never,
      name: parsed.data.name,
    };
    const result = await this.registry.commit(sessionId, { kind: 'system' }, command, {
      credential: { hash: hashSecret(token), sessionId: sessionId, kind: 'member', role, memberId },
      audit: { sessionId: sessionId, at: this.clock(), event: 'member.joined', role, memberId },
    });
    if (!result.ok) return result;
    this.log.info('member.joined', { sessionId: sessionId, memberId, role });
    return { ok: true, value: { sessionId: sessionId, memberId, role, token } };
  }

  /**
   * The open session a typed code belongs to, or why not, each case in its own words: a code
   * never issued, a session the facilitator has locked, one that has ended, one that was purged.
   */
  private async sessionForCode(typed: string): Promise<HubResult<LiveSession>> {
    const found = await this.sessionIdForCode(typed);
    if (!found.ok) return found;
    const live = await this.registry.open(found.value);
    if (live === 'elsewhere') return refused('MOVED', MOVED_MESSAGE);
    if (!live) return this.deadCode(normalizeJoinCode(typed));
    if (live.state.status !== 'open') return refused('CLOSED', ENDED);
    if (live.state.locked)
      return refused('LOCKED', 'The facilitator has closed this session to new people. Ask them to let you in.');
    return { ok: true, value: live };
  }

  /** Which session a typed participant code is for (by the store alone), or why none is. */
  private async sessionIdForCode(typed: string): Promise<HubResult<string>> {
    const code = normalizeJoinCode(typed);
    if (!isWellFormedJoinCode(code)) return refused('NOT_FOUND', NO_SUCH_CODE);
    const sessionId = await this.store.sessionIdByJoinCode(code);
    return sessionId ? { ok: true, value: sessionId } : this.deadCode(code);
  }

  /** Why a well-formed code opens nothing: its session was purged, or it never was. */
  private async deadCode(code: string): Promise<{ ok: false; error: CommandError }> {
    if ((await this.store.tombstone(`code:${code}`)) === 'purged') return refused('GONE', PURGED);
    return refused('NOT_FOUND', NO_SUCH_CODE);
  }

  /** The session and role an invitation link is for, or why it no longer works. */
  private async invitation(secret: string): Promise<HubResult<{ live: LiveSession; role: Role }>> {
    const hash = hashSecret(secret);
    const credential = await this.store.credential(hash);
    const live = credential?.kind === 'invite' ? await this.registry.open(credential.sessionId) : undefined;
    if (live === 'elsewhere') return refused('MOVED', MOVED_MESSAGE);
    if (!credential || !live) return this.deadLink(hash);
    // After the end only the caseworker still has a reason to arrive: the record is theirs to agree.
    if (live.state.status !== 'open' && credential.role !== 'caseworker') return refused('CLOSED', ENDED);
    return { ok: true, value: { live, role: credential.role } };
  }

  /** Why an invitation link opens nothing: its session was purged, the link replaced, or it never was. */
  private async deadLink(hash: string): Promise<{ ok: false; error: CommandError }> {
    const fate = await this.store.tombstone(`link:${hash}`);
    if (fate === 'purged') return refused('GONE', PURGED);
    if (fate === 'revoked')
      return refused('GONE', 'This link was replaced by a newer one. Ask the facilitator for your link.');
    return refused('NOT_FOUND', 'This invitation link is not valid. Check that the whole link was copied.');
  }

  /** What an invitation is for, for its page to say before anyone joins (no secret in the answer). */
  async describeInvitation(body: unknown, expected?: string): Promise<HubResult<InvitationResponse>> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = InvitationBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const found = await this.invitation(parsed.data.invite);
    if (!found.ok) return found;
    if (expected !== undefined && found.value.live.state.id !== expected) return refused('NOT_FOUND', NOT_THIS_SESSION);
    const { state } = found.value.live;
    return {
      ok: true,
      value: { role: found.value.role, title: state.title, status: state.status === 'open' ? 'open' : 'ended' },
    };
  }

  /**
   * New invitation links for the advisor, the caseworker and the screen, for a facilitator who has
   * lost theirs (secrets are kept only as hashes, so old ones cannot be shown again). The old links
   * stop working at once; people who already joined stay, with their own tokens.
   */
  async renewInvitations(
    identity: MemberIdentity,
  ): Promise<HubResult<Array<{ role: Invitation['role']; secret: string }>>> {
    if (identity.role !== 'facilitator') return refused('FORBIDDEN', 'only the facilitator makes new links');
    const live = await this.registry.open(identity.sessionId);
    if (live === 'elsewhere') return refused('MOVED', MOVED_MESSAGE);
    if (!live) return refused('NOT_FOUND', 'no such session');
    const { invites, credentials } = mintInvitations(identity.sessionId);
    const now = this.clock();
    const stored = await storing(this.log, () =>
      this.store.replaceInvites(identity.sessionId, credentials, now, {
        sessionId: identity.sessionId,
        at: now,
        event: 'invitations.renewed',
        role: 'facilitator',
        memberId: identity.memberId,
      }),
    );
    if (!stored.ok) return stored;
    this.log.info('invitations.renewed', { sessionId: identity.sessionId });
    return { ok: true, value: invites };
  }

  /** Who a personal token belongs to, if its session is still here; 'elsewhere' if another node serves it. */
  async authenticate(token: string): Promise<MemberIdentity | 'elsewhere' | null> {
    const credential = await this.store.credential(hashSecret(token));
    if (credential?.kind !== 'member' || !credential.memberId) return null;
    const live = await this.registry.open(credential.sessionId);
    if (live === 'elsewhere') return live;
    if (!live?.state.members[credential.memberId]) return null;
    return { sessionId: credential.sessionId, memberId: credential.memberId, role: credential.role };
  }
}

/** New secrets for the invited roles, and the credential rows that keep only their hashes. */
function mintInvitations(sessionId: string) {
  const invites = INVITE_ROLES.map((role) => ({ role, secret: newToken() }));
  const credentials = invites.map((i) => ({
    hash: hashSecret(i.secret),
    sessionId,
    kind: 'invite' as const,
    role: i.role,
    memberId: null,
  }));
  return { invites, credentials };
}

const NO_SUCH_CODE = 'No session has that code. Check the code and try again.';
const NOT_THIS_SESSION = 'That code or link is for another session.';
const ENDED = 'This session has ended, so there is nothing more to join.';
const PURGED = 'This session has been deleted, with everything written in it.';
