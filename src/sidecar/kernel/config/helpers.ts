/** The one set of helpers every config section builds its variables with. */
import { z } from 'zod';
import { hostAllowed } from '../outboundHosts';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string
  ) {
    super(`Invalid configuration: ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** `true`/`1` or `false`/`0`, with the given default when unset. */
export const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** An integer in [min, max], with the given default when unset. */
export const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** An http(s) URL without trailing slashes. */
export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

/** An http(s) URL, or unset / empty. */
export const optionalHttpUrl = httpUrl.optional().or(z.literal('').transform(() => undefined));

/** A secret of at least `min` characters, or unset / empty. */
export const optionalSecret = (min: number) =>
  z
    .string()
    .min(min, `must be at least ${min} characters`)
    .optional()
    .or(z.literal('').transform(() => undefined));

/** Comma-separated list, trimmed, empty entries dropped. */
export const csv = (def: string, lower = false) =>
  z
    .string()
    .default(def)
    .transform((s) =>
      s
        .split(',')
        .map((x) => (lower ? x.trim().toLowerCase() : x.trim()))
        .filter(Boolean)
    );

/** A configured URL must point at an allow-listed host; otherwise start-up stops naming `variable`. */
export function requireAllowedHost(variable: string, url: string | undefined, allowedHosts: readonly string[]): void {
  if (url && !hostAllowed(url, allowedHosts)) {
    const host = new URL(url).host;
    throw new ConfigError(variable, `host ${host} is not in SWITCHYARD_OUTBOUND_HOSTS (add ${host} to it)`);
  }
}
