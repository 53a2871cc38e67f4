/**
 * Who is asking, as the sidecar is told: the signed-in user's login (attribution) and the forwarded
 * Grafana ID token when Grafana sent one. A scheduled alert evaluation (no user, `grafana_scheduler`,
 * or the `FromAlert` header) is the data source's service principal: no user header at all.
 */
import { DATASOURCE_USER_HEADER, GRAFANA_ID_HEADER } from '../../contract';
import type { PluginUser } from '../plugin/types';

export const SCHEDULER_LOGIN = 'grafana_scheduler';

/** Case-insensitive lookup in Grafana's header map; QueryData prefixes forwarded headers with `http_`. */
export function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  const wanted = [name.toLowerCase(), `http_${name.toLowerCase()}`];
  for (const [k, v] of Object.entries(headers)) {
    if (wanted.includes(k.toLowerCase())) {
      const one = Array.isArray(v) ? v[0] : v;
      if (typeof one === 'string' && one !== '') return one;
    }
  }
  return undefined;
}

export function isAlertEvaluation(user: PluginUser | undefined, headers: Record<string, string | string[]>): boolean {
  return !user || !user.login || user.login === SCHEDULER_LOGIN || headerValue(headers, 'FromAlert') === 'true';
}

/** The identity headers for one request to the sidecar (never the credential itself). */
export function identityHeaders(
  user: PluginUser | undefined,
  headers: Record<string, string | string[]>
): Record<string, string> {
  const out: Record<string, string> = {};
  // Visible ASCII only (an HTTP header value); other logins are not attributed rather than failing the call.
  if (!isAlertEvaluation(user, headers) && user && /^[\x21-\x7e]{1,100}$/.test(user.login)) {
    out[DATASOURCE_USER_HEADER] = user.login;
  }
  const idToken = headerValue(headers, 'X-Grafana-Id');
  if (idToken && /^[A-Za-z0-9._-]+$/.test(idToken)) out[GRAFANA_ID_HEADER] = idToken;
  return out;
}
