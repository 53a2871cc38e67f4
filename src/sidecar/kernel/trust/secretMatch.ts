/**
 * Constant-time comparison of a presented secret with a configured one. Both sides are hashed first
 * (SHA-256), so the comparison takes the same time whatever the presented value's length; the
 * one-shot `crypto.hash` is used because this runs on every request through the proxy.
 */
import { hash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => hash('sha256', s, 'buffer');

/** A test for `secret`: true only for exactly the same string. */
export function secretMatcher(secret: string): (presented: string) => boolean {
  const expected = digest(secret);
  return (presented) => timingSafeEqual(digest(presented), expected);
}
