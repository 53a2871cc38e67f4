/** The outbound section: which hosts the sidecar may call, the platform API, and isolation probing. */
import { z } from 'zod';
import { csv, int, optionalHttpUrl, requireAllowedHost } from './helpers';

export const PlatformEnvShape = {
  SWITCHYARD_OUTBOUND_HOSTS: csv('', true).pipe(
    z.array(
      z
        .string()
        .regex(
          /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/,
          'must be comma-separated host or host:port entries'
        )
    )
  ),
  SWITCHYARD_PLATFORM_URL: optionalHttpUrl,
  SWITCHYARD_PLATFORM_TIMEOUT_MS: int(5_000, 50, 120_000),
  SWITCHYARD_REGISTRY_URL: optionalHttpUrl,
  SWITCHYARD_REGISTRY_REPOSITORY: z
    .string()
    .regex(/^[a-z0-9{}._/-]{1,200}$/, 'must be a repository name, with {kind} for the service kind')
    .refine((v) => v.includes('{kind}'), 'must contain {kind}')
    .default('demo/{kind}'),
  SWITCHYARD_ISOLATION_TTL_MS: int(300_000, 1_000, 86_400_000),
  SWITCHYARD_ISOLATION_REFRESH_MS: int(60_000, 0, 86_400_000),
  SWITCHYARD_ISOLATION_CONCURRENCY: int(8, 1, 256),
  SWITCHYARD_APPDB_PREFIX_LENGTH: int(8, 1, 32),
  SWITCHYARD_ISOLATION_PROBE_MAX_AGE_MS: int(86_400_000, 60_000, 30 * 86_400_000),
};

type PlatformEnv = z.output<z.ZodObject<typeof PlatformEnvShape>>;

export interface PlatformConfig {
  /** Outbound calls to the platform API; `url` null → isolation not configured. */
  platform: { url: string | null; timeoutMs: number; outboundHosts: string[] };
  /** The image registry (Docker Registry HTTP API v2); null → deploy preflight cannot check images. */
  registry: { url: string | null; repositoryTemplate: string };
  isolation: {
    ttlMs: number;
    refreshIntervalMs: number;
    concurrency: number;
    appDbPrefixLength: number;
    probeMaxAgeMs: number;
  };
}

export function toPlatformConfig(e: PlatformEnv): PlatformConfig {
  requireAllowedHost('SWITCHYARD_PLATFORM_URL', e.SWITCHYARD_PLATFORM_URL, e.SWITCHYARD_OUTBOUND_HOSTS);
  requireAllowedHost('SWITCHYARD_REGISTRY_URL', e.SWITCHYARD_REGISTRY_URL, e.SWITCHYARD_OUTBOUND_HOSTS);
  const platformUrl = e.SWITCHYARD_PLATFORM_URL ?? null;
  return {
    registry: {
      url: e.SWITCHYARD_REGISTRY_URL ?? (platformUrl ? `${platformUrl.replace(/\/+$/, '')}/registry` : null),
      repositoryTemplate: e.SWITCHYARD_REGISTRY_REPOSITORY,
    },
    platform: {
      url: e.SWITCHYARD_PLATFORM_URL ?? null,
      timeoutMs: e.SWITCHYARD_PLATFORM_TIMEOUT_MS,
      outboundHosts: e.SWITCHYARD_OUTBOUND_HOSTS,
    },
    isolation: {
      ttlMs: e.SWITCHYARD_ISOLATION_TTL_MS,
      refreshIntervalMs: e.SWITCHYARD_ISOLATION_REFRESH_MS,
      concurrency: e.SWITCHYARD_ISOLATION_CONCURRENCY,
      appDbPrefixLength: e.SWITCHYARD_APPDB_PREFIX_LENGTH,
      probeMaxAgeMs: e.SWITCHYARD_ISOLATION_PROBE_MAX_AGE_MS,
    },
  };
}
