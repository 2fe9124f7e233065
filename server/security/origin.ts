/**
 * Cross-site WebSocket hijacking guard for socket.io and the board: a browser always sends Origin
 * on a WebSocket, so a page on another site is refused here even though it could carry cookies or
 * guess paths. Same-origin requests (Origin matches the Host the browser used), the configured
 * public URL and any extra origins in GROUPMAP_ALLOWED_ORIGINS pass. Clients that send no Origin
 * are not browsers; they still need a valid token.
 */
import type { IncomingMessage } from 'node:http';

export function originChecker(publicUrl: () => string, extra: string[] = []) {
  return (origin: string | undefined, req: IncomingMessage): boolean => {
    if (origin === undefined) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (req.headers.host && parsed.host === req.headers.host) return true;
    const allowed = [publicUrl(), ...extra].map((u) => {
      try {
        return new URL(u).origin;
      } catch {
        return null;
      }
    });
    return allowed.includes(parsed.origin);
  };
}
