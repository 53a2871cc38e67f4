/**
 * The one HTTP call shared by the node admin clients (`NodeAdminClient`, `NodePlacementAdmin`):
 * only the configured base URL on the outbound allowlist is called, path segments are validated
 * and encoded, redirects are not followed, every call is time-boxed and abortable, and failures
 * become `PlatformCallError('node-admin', …)`.
 */
import { PlatformCallError } from './platformCallError';

export interface NodeAdminHttpOptions {
  baseUrl: string | null;
  allowedHosts: readonly string[];
  timeoutMs: number;
}

export interface NodeAdminRequest {
  method: 'GET' | 'POST';
  segments: string[];
  /** Sent as JSON when present. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls `<baseUrl>/<segments>` and returns the parsed JSON answer; `segment` validates each path segment. */
export async function callNodeAdmin(
  opts: NodeAdminHttpOptions,
  segment: RegExp,
  req: NodeAdminRequest
): Promise<unknown> {
  const { method, segments, body, signal } = req;
  if (!opts.baseUrl) throw new PlatformCallError('node-admin', 'refused', 'the platform API is not configured');
  for (const s of segments) {
    if (!segment.test(s)) throw new PlatformCallError('node-admin', 'refused', 'invalid shard or tenant id');
  }
  const url = new URL(`${opts.baseUrl}/${segments.map(encodeURIComponent).join('/')}`);
  const allowed = opts.allowedHosts.map((h) => h.toLowerCase());
  if (!allowed.includes(url.host.toLowerCase()) && !allowed.includes(url.hostname.toLowerCase())) {
    throw new PlatformCallError('node-admin', 'refused', 'platform host is not on the outbound allowlist');
  }
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
  } catch {
    if (timeout.aborted)
      throw new PlatformCallError(
        'node-admin',
        'timeout',
        `the node admin API did not answer within ${opts.timeoutMs} ms`
      );
    if (signal?.aborted) throw new PlatformCallError('node-admin', 'timeout', 'the call was aborted');
    throw new PlatformCallError('node-admin', 'unreachable', 'the node admin API is unreachable');
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new PlatformCallError(
      'node-admin',
      'http',
      `the node admin API answered HTTP ${res.status} to ${method} /${segments.join('/')}`,
      res.status
    );
  }
  try {
    return await res.json();
  } catch {
    throw new PlatformCallError('node-admin', 'http', 'the node admin API answered with invalid JSON', 502);
  }
}
