/**
 * Personal tokens live in this browser's local storage, one per session, so reopening the page
 * (or a phone waking up) restores who you are. A token arriving in a link's #fragment is moved
 * into storage and removed from the address bar at once.
 */
const key = (sessionId: string) => `groupmap:token:${sessionId}`;

export function saveToken(sessionId: string, token: string): void {
  localStorage.setItem(key(sessionId), token);
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
}
