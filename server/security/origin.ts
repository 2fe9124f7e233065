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

/**
 * DNS rebinding guard: a page on evil.example whose name is made to resolve to this machine would
 * be "same origin" by its Host header. Only hosts this server is meant to be reached by pass: the
 * public URL's, the extra allowed origins', loopback and private network names, and bare IP
 * addresses (a rebinding attack needs a public name it controls; an address typed or scanned from
 * the projector, or a laptop's name on the room's network, is not one).
 */
export function hostChecker(publicUrl: () => string, extra: string[] = []) {
  return (host: string | undefined): boolean => {
    if (!host) return false;
    let name: string;
    try {
      name = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    // Names no outsider can register: loopback, single-label machine names and the private suffixes
    // meeting-room networks use (mDNS .local, routers' .lan, .home.arpa, .internal).
    if (!name.includes('.') || /\.(localhost|local|lan|home\.arpa|internal)$/.test(name) || name === 'localhost')
      return true;
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.startsWith('[')) return true;
    const allowed = [publicUrl(), ...extra].map((u) => {
      try {
        return new URL(u).hostname.toLowerCase();
      } catch {
        return null;
      }
    });
    return allowed.includes(name);
  };
}
