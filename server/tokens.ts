import { createHash, randomBytes } from 'node:crypto';

/** A device token: 256 random bits as base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the hub stores and looks up instead of the token. A token carries 256 random bits, so a plain
 * SHA-256 suffices (no salt or slow hash: nothing to guess), and the lookup by hash leaks nothing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

/** The token in an `Authorization: Bearer TOKEN` header, or null when the header is absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  return header ? (BEARER.exec(header.trim())?.[1] ?? null) : null;
}
