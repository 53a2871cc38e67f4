/**
 * The rules a pushed credential must meet, shared by the push endpoint and the job: the same format
 * the job generates (a 32-character base64url token, or the DSN with only its password replaced),
 * and the same value (compared by SHA-256; the value itself is never kept).
 */
import { createHash } from 'node:crypto';
import type { JobParams } from '../../../../contract';

export type SecretFormat = JobParams<'credentials.refresh'>['format'];

export const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
/** What may be shown and audited about a credential: 16 hex digits of its SHA-256. */
export const credentialFingerprint = (v: string) => sha256(v).slice(0, 16);

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** For url-password, the URL with its password removed (not secret). Null when `value` is not such a URL. */
export function passwordlessUrl(value: string): string | null {
  try {
    const u = new URL(value);
    if (!u.host || !u.password) return null;
    u.password = '';
    return u.toString();
  } catch {
    return null;
  }
}

/** Why `value` cannot be what a job of `format` wrote (never quoting the value), or null. */
export function formatProblem(format: SecretFormat, value: string, urlTemplate: string | undefined): string | null {
  if (format === 'random')
    return TOKEN.test(value) ? null : 'value must be a 32-character base64url token (the format the job generates)';
  const template = passwordlessUrl(value);
  if (!template) return 'value must be a URL with a password (format url-password)';
  if (urlTemplate !== undefined && template !== urlTemplate)
    return 'value must keep the user, host, port, database and options of the secret; only the password changes';
  return null;
}
