/**
 * The built-in default document of every config kind: what a tenant's effective config starts from
 * until a `default` document of the kind is written and applied (its provenance version is null).
 */
import type { ConfigKind, ConfigValue } from '../../contract';

export const BUILT_IN_CONFIG_DEFAULTS: { [K in ConfigKind]: ConfigValue<K> } = {
  'gateway.rate-limits': { schemaVersion: 1, requestsPerSecond: 1000, burst: 2000, perRoute: {} },
  'gateway.auth-policy': {
    schemaVersion: 1,
    allowedModes: ['oidc', 'password'],
    sessionTtlSeconds: 8 * 3600,
    maxFailedLogins: 5,
    lockoutSeconds: 900,
    requireMfa: false,
  },
  'service.concurrency': {
    schemaVersion: 1,
    caps: {
      gateway: { maxInFlight: 512, maxQueue: 2048 },
      aggregate: { maxInFlight: 128, maxQueue: 1024 },
      projection: { maxInFlight: 64, maxQueue: 4096 },
      runner: { maxInFlight: 32, maxQueue: 512 },
    },
  },
  'drain.thresholds': { schemaVersion: 1, maxInFlight: 0, maxConsumerLag: 1000, timeoutSeconds: 600 },
  'tenant.limits': {
    schemaVersion: 1,
    requestsPerSecond: 100,
    maxConcurrentCommands: 10,
    maxEntities: 1_000_000,
    storageGb: 10,
  },
  'tenant.flags': { schemaVersion: 1, flags: { 'audit.export': true, 'beta.projections': false } },
};
