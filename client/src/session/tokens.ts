/**
 * Personal tokens live in this browser's local storage, one per session, so reopening the page
 * (or a phone waking up) restores who you are. A token arriving in a link's #fragment is moved
 * into storage and removed from the address bar at once.
 */
import { ROLES, type Role } from '../../../shared/roles.js';

const key = (sessionId: string) => `groupmap:token:${sessionId}`;
const roleKey = (sessionId: string) => `groupmap:role:${sessionId}`;

/** The role is kept beside the token only as a hint for what to load early; the server decides who you are. */
export function saveToken(sessionId: string, token: string, role?: Role): void {
  localStorage.setItem(key(sessionId), token);
  if (role) localStorage.setItem(roleKey(sessionId), role);
}

export function rememberedRole(sessionId: string): Role | null {
  const role = localStorage.getItem(roleKey(sessionId));
  return ROLES.find((r) => r === role) ?? null;
}

export function loadToken(sessionId: string): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromLink) {
    saveToken(sessionId, fromLink);
    history.replaceState(null, '', window.location.pathname);
    return fromLink;
  }
  return localStorage.getItem(key(sessionId));
}

export function forgetToken(sessionId: string): void {
  localStorage.removeItem(key(sessionId));
  localStorage.removeItem(roleKey(sessionId));
}

/** Participants who scan the QR again land on the join page: send them back in as themselves. */
const codeKey = (code: string) => `groupmap:code:${code}`;

export function rememberJoinCode(code: string, sessionId: string): void {
  localStorage.setItem(codeKey(code), sessionId);
}

export function sessionForJoinCode(code: string): string | null {
  const sessionId = localStorage.getItem(codeKey(code));
  return sessionId && localStorage.getItem(key(sessionId)) ? sessionId : null;
}
