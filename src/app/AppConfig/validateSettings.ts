export interface SettingsForm {
  sidecarUrl: string;
  /** A new secret typed by the admin; empty keeps the stored one (if any). */
  proxySecret: string;
  /** Whether a secret is stored and not being reset. */
  secretConfigured: boolean;
}

export type SettingsErrors = Partial<Record<'sidecarUrl' | 'proxySecret', string>>;

export const MIN_SECRET_LENGTH = 32;

/** Trims and drops trailing slashes: plugin.json routes append `/api/v1/...` to it. */
export function normalizeSidecarUrl(raw: string): string {
  return raw.trim().replace(/\/+$/, '');
}

function sidecarUrlError(raw: string): string | undefined {
  const value = normalizeSidecarUrl(raw);
  if (!value) {
    return 'Sidecar URL is required: enter the address Grafana uses to reach the sidecar, e.g. http://switchyard-sidecar:8787';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Sidecar URL must be an absolute URL starting with http:// or https://, e.g. http://switchyard-sidecar:8787';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'Sidecar URL must start with http:// or https://';
  }
  if (url.username || url.password) {
    return 'Sidecar URL must not contain a user name or password: Grafana authenticates with the proxy secret';
  }
  if (url.search || url.hash) {
    return 'Sidecar URL must not contain a query (?…) or fragment (#…): enter only scheme, host, port and optional base path';
  }
  return undefined;
}

function proxySecretError(form: SettingsForm): string | undefined {
  if (!form.proxySecret) {
    return form.secretConfigured
      ? undefined
      : `Proxy secret is required: enter the value of SWITCHYARD_PROXY_SECRET from the sidecar (at least ${MIN_SECRET_LENGTH} characters)`;
  }
  if (form.proxySecret.length < MIN_SECRET_LENGTH) {
    return `Proxy secret is too short: use at least ${MIN_SECRET_LENGTH} characters, the same value as SWITCHYARD_PROXY_SECRET`;
  }
  if (form.proxySecret.includes(',')) {
    return 'Proxy secret must not contain commas: the sidecar reads a comma-separated list of secrets';
  }
  return undefined;
}

/** Messages name the field and say how to fix it. */
export function validateSettings(form: SettingsForm): SettingsErrors {
  const errors: SettingsErrors = {};
  const url = sidecarUrlError(form.sidecarUrl);
  if (url) {
    errors.sidecarUrl = url;
  }
  const secret = proxySecretError(form);
  if (secret) {
    errors.proxySecret = secret;
  }
  return errors;
}
