/**
 * Change management's pure logic, shared by the sidecar module and the pages: no I/O, no clock of
 * its own (time is passed in), imports only the contract.
 */
export { canonicalJson, contentHash, deepEqual, formatPath, leaves } from './shared/canonical';
export { sha256Hex } from './shared/sha256';
export { lastKnownGood, rollbackRevision } from './shared/lastKnownGood';
export { validateConfigDocument, overrideSchemaOf } from './config/validate';
export { resolveEffectiveConfig, type ConfigLayer, type ConfigLayers } from './config/resolve';
export { diffConfig } from './config/diff';
export { ConfigVersionConflict, configVersionHash, nextConfigVersion, rollbackConfigVersion } from './config/versions';
export { RELATIVE_5XX_FLOOR, evaluateGate, type GateInput } from './deployments/gate';
export { CANARY_SUFFIX, canaryDeploymentName, canarySplit, planDeploySteps } from './deployments/plan';
export { activeFreezes, freezeCheck } from './deployments/freeze';
export {
  deployPreflight,
  type DeployPreflight,
  type DeployPreflightInput,
  type ShardRuntime,
} from './deployments/preflight';
export { validateBundle, type BundleValidation } from './definitions/validate';
export { analyzeImpact, definitionChanges, SERVICE_OF, type TenantRuntime } from './definitions/impact';
export {
  checkApproval,
  checkPromotion,
  previousEnvironment,
  revertTarget,
  type PromotionDecision,
} from './definitions/promotion';
export { checkTenantOverride } from './definitions/overrides';
export { compareVersions } from './definitions/semver';
export { buildVersionMatrix, imageTag, rolloutStateOf, type DeploymentObservation } from './deployments/matrix';
export { gateQueries, type GateQueryScope, type TrackQueries } from './deployments/gateQueries';
export { previewConfigChange, type PreviewInput, type TenantScopeRef } from './config/preview';
export { planConfigApply, type ConfigApplyPlan, type ConfigApplyStep } from './config/applyPlan';
export { BUILT_IN_CONFIG_DEFAULTS } from './config/defaults';
