/**
 * The wire protocol: HTTP bodies and socket.io events, with their zod schemas. PROTOCOL.md is
 * written from this file; commands themselves are in `commands.ts`.
 */
import { z } from 'zod';
import { text } from './commands.js';
import type { CommandError } from './errors.js';
import { LIMITS } from './limits.js';
import { TIMED_KEYS } from './process/stages.js';
import type { ItemView, RolePatch, SessionView } from './projection.js';
import type { Role } from './roles.js';

// ---- HTTP ---------------------------------------------------------------------------------

/** POST /api/sessions */
export const CreateSessionBody = z.strictObject({
  /** A pseudonym or initials: never the family's real names. */
  title: text(LIMITS.titleChars, 'line'),
  facilitatorName: text(LIMITS.nameChars, 'line'),
  newToMethod: z.boolean().default(false),
  /**
   * Minutes for any length the seed gives (see timedLengths): the stage id for a stage without a
   * round or a write step, "stage.step" for another timed step.
   */
  durations: z
    .partialRecord(z.enum(TIMED_KEYS as [string, ...string[]]), z.number().min(0.5).max(LIMITS.maxStageMinutes))
    .default({}),
  /** Stages to run in the words-and-pictures form. */
  wordsAndPictures: z
    .array(z.enum(['danger', 'safety-goals']))
    .max(2)
    .default([]),
});
export type CreateSessionBody = z.input<typeof CreateSessionBody>;

export interface Invitation {
  role: Extract<Role, 'advisor' | 'caseworker' | 'screen'>;
  url: string;
}

export interface CreateSessionResponse {
  sessionId: string;
  /** The facilitator's own link (holds their token after the #): keep it private. */
  facilitatorUrl: string;
  facilitatorToken: string;
  invitations: Invitation[];
  participants: { code: string; joinUrl: string };
}

/** The secret after an invitation link's '#'. */
const InviteSecret = z
  .string()
  .min(10)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/** POST /api/join: with the participant code, or with an invitation secret from a link. */
export const JoinBody = z.union([
  z.strictObject({ code: z.string().min(1).max(20), name: text(LIMITS.nameChars, 'line') }),
  z.strictObject({ invite: InviteSecret, name: text(LIMITS.nameChars, 'line') }),
]);
export type JoinBody = z.input<typeof JoinBody>;

/**
 * POST /api/resolve, the first step of joining on any node: which session a code or a link is
 * for. The second step (/api/sessions/:id/join) names that session, so a proxy in front of several
 * nodes sends it to the node that holds the session.
 */
export const ResolveBody = z.union([
  z.strictObject({ code: z.string().min(1).max(20) }),
  z.strictObject({ invite: InviteSecret }),
]);
export type ResolveBody = z.input<typeof ResolveBody>;

export interface ResolveResponse {
  sessionId: string;
}

/** POST /api/invitation: what an invitation link is for, so its page can say it before anyone joins. */
export const InvitationBody = z.strictObject({ invite: InviteSecret });

export interface InvitationResponse {
  role: Role;
  /** The case pseudonym the facilitator gave the session. */
  title: string;
  status: 'open' | 'ended';
}

/** POST /api/sessions/:id/invitations (the facilitator): new links, the old ones revoked. */
export interface InvitationsResponse {
  invitations: Invitation[];
}

/** POST /api/sessions/:id/board-ticket: what opens the board's WebSocket once, soon (`/board/:id?ticket=`). */
export interface BoardTicketResponse {
  ticket: string;
  expiresInSeconds: number;
}

/** GET /api/settings: what this server does that a new facilitator should know. */
export interface ServerSettings {
  /** Days a session is kept after it ends (or after its last change, if nobody ends it). */
  retentionDays: number;
  /** The longest the facilitator can extend it to, once the record is agreed. */
  maxRetentionDays: number;
}

/** Whether starting a session needs the authority's sign-in here, and who is signed in (GET /api/sign-in). */
export interface SignInStatus {
  required: boolean;
  /** How the sign-in button names the provider ("Sign in with …"). */
  provider: string | null;
  /** The signed-in facilitator's name as the provider gives it, or null. */
  user: { name: string } | null;
}

export interface JoinResponse {
  sessionId: string;
  memberId: string;
  role: Role;
  token: string;
}

export interface ErrorResponse {
  error: CommandError;
}

// ---- socket.io ----------------------------------------------------------------------------

/** Sent in socket.io's handshake `auth`. */
export const SocketAuth = z.strictObject({ token: z.string().min(20).max(64) });

export type CommandAck =
  | { ok: true; seq: number; duplicate: boolean }
  | { ok: false; error: CommandError & { issues?: string[] } };

export interface Welcome {
  sessionId: string;
  you: { id: string; name: string; role: Role };
  /** Base of the join URL phones use (the server's PUBLIC_URL), for the screen's QR code. */
  publicUrl: string;
  /** tldraw's licence key for the board (empty in development). */
  tldrawLicenseKey: string;
}

export interface ViewMessage {
  /** Position in the session's command log: views only move forward. */
  seq: number;
  serverNow: number;
  view: SessionView;
}

/** The server's answer to a clock probe: clients estimate their offset from the round trip. */
export interface TimeAck {
  serverNow: number;
}

/** A role view's changes since `baseSeq` (see diffRole); a client holding another seq asks to resync. */
export interface PatchMessage {
  seq: number;
  baseSeq: number;
  serverNow: number;
  patch: RolePatch;
}

/** A member's own items (all of them, withdrawn ones excepted), laid over the role's view. */
export interface OwnMessage {
  seq: number;
  items: ItemView[];
}

export interface ServerToClientEvents {
  welcome: (msg: Welcome) => void;
  /** The role's view, the same for every member of the role. */
  view: (msg: ViewMessage) => void;
  patch: (msg: PatchMessage) => void;
  own: (msg: OwnMessage) => void;
  /** The session was purged or this member's access ended: the client drops its token. */
  gone: (msg: { reason: 'purged' | 'ended' | 'removed' }) => void;
}

export interface ClientToServerEvents {
  command: (command: unknown, ack: (result: CommandAck) => void) => void;
  time: (ack: (result: TimeAck) => void) => void;
  /** A patch did not fit this client's view: send the whole view again. */
  resync: () => void;
}
