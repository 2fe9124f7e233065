/** The two HTTP calls the client makes; errors come back as readable sentences. */
import type {
  CreateSessionBody,
  CreateSessionResponse,
  ErrorResponse,
  JoinBody,
  JoinResponse,
} from '../../shared/protocol.js';

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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
