/** The HTTP calls the client makes; errors come back as readable sentences. */
import type {
  CreateSessionBody,
  CreateSessionResponse,
  ErrorResponse,
  InvitationResponse,
  InvitationsResponse,
  JoinBody,
  JoinResponse,
  ResolveResponse,
  ServerSettings,
  SignInStatus,
} from '../../shared/protocol.js';

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as T | ErrorResponse | null;
    if (res.ok) return json as T;
    const error = json && 'error' in (json as object) ? (json as ErrorResponse).error : null;
    // A session moving between servers (a restart, a failover) settles within seconds: wait and try again.
    if (error?.code === 'MOVED' && attempt < MOVED_ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    throw new Error(error?.message ?? `the server answered ${res.status}`);
  }
}

/** How many times a request for a session that is moving is tried: about ten seconds. */
const MOVED_ATTEMPTS = 10;

export const createSession = (body: CreateSessionBody) => post<CreateSessionResponse>('/api/sessions', body);
/**
 * Joining is two requests, so that a proxy in front of several servers can send the second to the
 * one holding the session: which session the code or link is for, then the join there.
 */
const resolve = (body: { code: string } | { invite: string }) => post<ResolveResponse>('/api/resolve', body);
export async function joinSession(body: JoinBody): Promise<JoinResponse> {
  const { sessionId } = await resolve('code' in body ? { code: body.code } : { invite: body.invite });
  return post<JoinResponse>(`/api/sessions/${encodeURIComponent(sessionId)}/join`, body);
}
export async function describeInvitation(invite: string): Promise<InvitationResponse> {
  const { sessionId } = await resolve({ invite });
  return post<InvitationResponse>(`/api/sessions/${encodeURIComponent(sessionId)}/invitation`, { invite });
}
/** New links for the advisor, the caseworker and the screen; the old ones stop working. */
export const renewInvitations = (sessionId: string, token: string) =>
  post<InvitationsResponse>(`/api/sessions/${sessionId}/invitations`, {}, token);
export async function serverSettings(): Promise<ServerSettings | null> {
  const res = await fetch('/api/settings').catch(() => null);
  return res?.ok ? ((await res.json()) as ServerSettings) : null;
}

/** Whether starting a session needs the authority's sign-in here, and who is signed in; null if unknown. */
export async function signInStatus(): Promise<SignInStatus | null> {
  const res = await fetch('/api/sign-in', { cache: 'no-store' }).catch(() => null);
  return res?.ok ? ((await res.json()) as SignInStatus) : null;
}
export async function signOut(): Promise<void> {
  await fetch('/auth/sign-out', { method: 'POST' });
}
