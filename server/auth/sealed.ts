/**
 * Small sealed values for cookies: AES-256-GCM, so a cookie can be neither read nor altered by the
 * browser holding it, with its purpose bound in (a sign-in cookie never opens as a sign-in
 * attempt's, nor the reverse) and an expiry inside the seal (a copied cookie dies on time even if
 * the browser would keep it). The key comes from a secret every node shares, so any node opens
 * what another sealed.
 */
import crypto from 'node:crypto';

export class Sealer {
  private readonly key: Buffer;

  constructor(secret: string, label: string) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', secret, 'groupmap', label, 32));
  }

  seal(purpose: string, value: object, expiresAt: number): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(JSON.stringify({ ...value, exp: expiresAt })), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The value, or null if it was altered, sealed for another purpose or by another key, or has expired. */
  open<T extends object>(purpose: string, sealed: string | undefined, now: number): T | null {
    if (!sealed || sealed.length > 4096) return null;
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 29) return null;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(raw.subarray(12, 28));
      const value = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString()) as T & {
        exp: number;
      };
      return typeof value.exp === 'number' && value.exp > now ? value : null;
    } catch {
      return null;
    }
  }
}
