/**
 * Personal tokens live in this browser's local storage, one per session, so reopening the page
 * (or a phone waking up) restores who you are; a second person in the same browser is kept in
 * their tab. A token arriving in a link's #fragment is moved into storage and removed from the
 * address bar at once. Beside them: the links the facilitator was given, the sessions this browser
 * holds, and which code or invitation led to which session, so that joining again restores the
 * same person instead of adding another.
 */
import type { Invitation } from '../../../shared/protocol.js';
import { ROLES, type Role } from '../../../shared/roles.js';

const key = (sessionId: string) => `groupmap:token:${sessionId}`;
const roleKey = (sessionId: string) => `groupmap:role:${sessionId}`;

/**
 * Saves a personal token; the role is kept beside it only as a hint for what to load early (the
 * server decides who you are). A browser holds one person per session: when it already holds
 * someone else there (the facilitator opening the screen's link in a new window), the newcomer is
 * kept in this tab only, so neither replaces the other. Returns where it went.
 */
export function saveToken(sessionId: string, token: string, role?: Role): 'browser' | 'tab' {
  const held = localStorage.getItem(key(sessionId));
  const store = held && held !== token ? sessionStorage : localStorage;
  store.setItem(key(sessionId), token);
  if (role) store.setItem(roleKey(sessionId), role);
  return store === localStorage ? 'browser' : 'tab';
}

export function loadToken(sessionId: string): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromLink) {
    saveToken(sessionId, fromLink);
    history.replaceState(null, '', window.location.pathname);
    return fromLink;
  }
  return sessionStorage.getItem(key(sessionId)) ?? localStorage.getItem(key(sessionId));
}

export function rememberedRole(sessionId: string): Role | null {
  const role = sessionStorage.getItem(roleKey(sessionId)) ?? localStorage.getItem(roleKey(sessionId));
  return ROLES.find((r) => r === role) ?? null;
}

/** Where a person's unsent items wait: under their token's first characters, never the whole token. */
export const outboxKey = (token: string) => `groupmap:outbox:${token.slice(0, 12)}`;

/** Lets go of a session's person in this browser: the token, the role hint, and anything waiting to send. */
export function forgetToken(sessionId: string): void {
  for (const store of [localStorage, sessionStorage]) {
    const token = store.getItem(key(sessionId));
    if (token) localStorage.removeItem(outboxKey(token));
    store.removeItem(key(sessionId));
    store.removeItem(roleKey(sessionId));
  }
}

/** Participants who scan the QR again land on the join page: send them back in as themselves. */
const codeKey = (code: string) => `groupmap:code:${code}`;

export function rememberJoinCode(code: string, sessionId: string): void {
  localStorage.setItem(codeKey(code), sessionId);
}

export function sessionForJoinCode(code: string): string | null {
  return heldSession(localStorage.getItem(codeKey(code)));
}

/** A session this browser still holds a person in, or null. */
function heldSession(sessionId: string | null): string | null {
  return sessionId && localStorage.getItem(key(sessionId)) ? sessionId : null;
}

/** A JSON value kept in local storage, or the fallback when it is missing or not what was written. */
function readJson<T>(storageKey: string, isValid: (value: unknown) => value is T, fallback: T): T {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as unknown;
    return isValid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The invitation links a facilitator's browser was given, so the console can show them again after
 * a reload or a Back (the server keeps only their hashes). Beside the facilitator's own token,
 * which can do more than any of them.
 */
const invitesKey = (sessionId: string) => `groupmap:invites:${sessionId}`;

export function saveInvitations(sessionId: string, invitations: Invitation[]): void {
  localStorage.setItem(invitesKey(sessionId), JSON.stringify(invitations));
}

export function loadInvitations(sessionId: string): Invitation[] | null {
  return readJson(invitesKey(sessionId), (v): v is Invitation[] => Array.isArray(v), null);
}

/** Sessions this browser holds, newest first, for the start page's "return to your session". */
const SESSIONS_KEY = 'groupmap:sessions';
export interface HeldSession {
  sessionId: string;
  title: string;
  role: Role;
  at: number;
}

export function rememberSession(held: HeldSession): void {
  const others = heldSessions().filter((s) => s.sessionId !== held.sessionId);
  localStorage.setItem(SESSIONS_KEY, JSON.stringify([held, ...others].slice(0, 5)));
}

/** Only sessions whose token this browser still holds. */
export function heldSessions(): HeldSession[] {
  const saved = readJson(SESSIONS_KEY, (v): v is HeldSession[] => Array.isArray(v), []);
  return saved.filter((s) => heldSession(s.sessionId) !== null);
}

export function forgetSession(sessionId: string): void {
  forgetToken(sessionId);
  localStorage.removeItem(invitesKey(sessionId));
  localStorage.setItem(SESSIONS_KEY, JSON.stringify(heldSessions().filter((s) => s.sessionId !== sessionId)));
}

/**
 * Re-opening an invitation in the browser that already used it goes back in as the same person.
 * The link's secret is kept only as a short one-way digest (FNV-1a, twice): enough to recognise it.
 */
const inviteKey = (secret: string) => `groupmap:invite:${digest(secret)}`;

function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(text.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  return a.toString(36) + b.toString(36);
}

export function rememberInvite(secret: string, sessionId: string): void {
  localStorage.setItem(inviteKey(secret), sessionId);
}

export function sessionForInvite(secret: string): string | null {
  return heldSession(localStorage.getItem(inviteKey(secret)));
}
