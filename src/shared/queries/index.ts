/**
 * Query builders: PromQL for VictoriaMetrics and LogQL for Loki, as pure functions of tenant,
 * shard, service kind and environment, shared by the app's pages and the provisioned dashboards.
 * Literal label values are escaped; `variable('name')` references a template variable instead.
 */
export { quoteString, escapeRegex, QueryInputError, type Matcher } from './escape';
export { variable, type LabelValue, type Scope, type VariableRef } from './scope';
export { requestRate, errorRate, errorRatio, latencyQuantile, type SeriesOptions } from './gateway';
export { LOAD_METRIC, load, shardLoad, shardCapacity, shardUtilization, tenantShardSaturation } from './load';
export {
  tenantRequestRate,
  tenant5xxRatio,
  tenantLatency,
  tenantLoad,
  tenantQuotaSaturation,
  tenantShardShare,
  tenantInFlight,
  type TenantOptions,
} from './tenant';
export { fleetRequestRate, fleet5xxRatio, fleetLatency, type FleetOptions } from './fleet';
export {
  isolationVerdictCounts,
  isolationViolationsByCheck,
  activeJobs,
  oldestRunningJobSeconds,
} from './sidecarMetrics';
export {
  tenantLogs,
  shardLogs,
  jobLogs,
  tenantLogRate,
  levelFilter,
  LOG_LEVELS,
  type LogLevel,
  type LogOptions,
} from './logs';
