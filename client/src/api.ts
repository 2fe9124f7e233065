/** The HTTP calls the client makes; errors come back as readable sentences. */
import type {
  CreateSessionBody,
  CreateSessionResponse,
  ErrorResponse,
  InvitationResponse,
  InvitationsResponse,
  JoinBody,
  JoinResponse,
  ServerSettings,
  SignInStatus,
} from '../../shared/protocol.js';

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as T | ErrorResponse | null;
  if (!res.ok) {
    const message =
      json && 'error' in (json as object) ? (json as ErrorResponse).error.message : `the server answered ${res.status}`;
    throw new Error(message);
  }
  return json as T;
}

export const createSession = (body: CreateSessionBody) => post<CreateSessionResponse>('/api/sessions', body);
export const joinSession = (body: JoinBody) => post<JoinResponse>('/api/join', body);
export const describeInvitation = (invite: string) => post<InvitationResponse>('/api/invitation', { invite });
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
