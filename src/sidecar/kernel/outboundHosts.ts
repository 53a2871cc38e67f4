/**
 * The outbound-host allowlist (SWITCHYARD_OUTBOUND_HOSTS): `host` or `host:port` entries. The only
 * place that decides whether the sidecar may call a URL: config checks configured URLs with it at
 * start-up, and the platform HTTP client checks every call with it.
 */
export function hostAllowed(url: string | URL, allowedHosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  const allowed = allowedHosts.map((h) => h.toLowerCase());
  return allowed.includes(u.host.toLowerCase()) || allowed.includes(u.hostname.toLowerCase());
}
