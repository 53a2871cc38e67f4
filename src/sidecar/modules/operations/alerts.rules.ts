/**
 * Maps an alert's labels (alertname, tenant_id, shard, service, deployment, env, job_id) to the action
 * that most likely resolves it, with a link into the plugin that opens that action's preflight.
 * First matching rule wins; an alert no rule fits still links to its tenant when it has one.
 */
import {
  ENVIRONMENTS,
  SERVICE_KINDS,
  TENANT_ID_PATTERN,
  appPaths,
  type Environment,
  type ServiceKind,
  type SuggestedAction,
} from '../../../contract';

type Labels = Record<string, string>;

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function tenantOf(labels: Labels): string | null {
  const t = labels.tenant_id ?? labels.tenant;
  return t && TENANT_ID_PATTERN.test(t) ? t : null;
}

export function environmentOf(labels: Labels): Environment | null {
  const env = labels.env ?? labels.environment ?? /^platform-(.+)$/.exec(labels.namespace ?? '')?.[1];
  return env && (ENVIRONMENTS as readonly string[]).includes(env) ? (env as Environment) : null;
}

/** The service kind of the alert: `service`, else the shard's name prefix (`gateway-prod-0` → gateway). */
function serviceKindOf(labels: Labels): ServiceKind | null {
  const k = labels.service ?? /^([a-z]+)-/.exec(labels.shard ?? '')?.[1];
  return k && (SERVICE_KINDS as readonly string[]).includes(k) ? (k as ServiceKind) : null;
}

/** The workload a restart would target: `deployment`, else the shard (deployments are named after shards). */
function deploymentOf(labels: Labels): string | null {
  const d = labels.deployment ?? labels.shard;
  return d && K8S_NAME.test(d) ? d : null;
}

interface Rule {
  /** Matched against `alertname` (case-insensitive). */
  name: RegExp;
  make(labels: Labels): SuggestedAction | null;
}

type Defaulted = 'environment' | 'jobType' | 'serviceKind';
/** A suggestion in the alert's environment, running no job and naming no service kind unless given. */
const suggestion = (
  labels: Labels,
  s: Omit<SuggestedAction, Defaulted> & Partial<Pick<SuggestedAction, Defaulted>>
): SuggestedAction => ({ environment: environmentOf(labels), jobType: null, serviceKind: null, ...s });

const openJob = (labels: Labels): SuggestedAction | null => {
  const id = labels.job_id;
  if (!id || !UUID.test(id)) return null;
  return suggestion(labels, {
    kind: 'open',
    title: 'Open the job',
    targetType: 'job',
    targetId: id,
    path: appPaths.job(id),
  });
};

const openTenant = (labels: Labels): SuggestedAction | null => {
  const t = tenantOf(labels);
  if (!t) return null;
  return suggestion(labels, {
    kind: 'open',
    title: `Open tenant ${t}`,
    targetType: 'tenant',
    targetId: t,
    path: appPaths.tenant(t),
  });
};

const TENANT_ACTIONS = {
  drain: { title: 'Drain tenant', jobType: 'tenant.drain' },
  undrain: { title: 'Undrain tenant', jobType: 'tenant.undrain' },
  suspend: { title: 'Suspend tenant (kill switch)', jobType: 'tenant.suspend' },
  reprobe: { title: 'Review isolation of', jobType: null },
} as const;

const tenantAction =
  (kind: keyof typeof TENANT_ACTIONS) =>
  (labels: Labels): SuggestedAction | null => {
    const t = tenantOf(labels);
    if (!t) return null;
    return suggestion(labels, {
      kind,
      title: `${TENANT_ACTIONS[kind].title} ${t}`,
      targetType: 'tenant',
      targetId: t,
      jobType: TENANT_ACTIONS[kind].jobType,
      // A failed isolation check: its evidence first (the isolation tab, where the re-probe is too).
      path: kind === 'reprobe' ? appPaths.tenantIsolation(t) : appPaths.tenantAction(t, kind),
    });
  };

/** Move the tenant's service of the alert's kind to another shard (the placement tab's migration). */
const migrate = (labels: Labels): SuggestedAction | null => {
  const t = tenantOf(labels);
  const kind = serviceKindOf(labels);
  if (!t || !kind) return null;
  return suggestion(labels, {
    kind: 'migrate',
    title: `Migrate ${kind} of ${t}`,
    targetType: 'tenant',
    targetId: t,
    jobType: 'tenant.migrate',
    serviceKind: kind,
    path: appPaths.tenantMigrate(t, kind),
  });
};

/** The shard's page: its tenants and load, cordon and drain. */
const openShard = (labels: Labels): SuggestedAction | null => {
  const shard = labels.shard;
  if (!shard || !K8S_NAME.test(shard)) return null;
  return suggestion(labels, {
    kind: 'open',
    title: `Open shard ${shard}`,
    targetType: 'shard',
    targetId: shard,
    path: appPaths.shard(shard),
  });
};

const SHARD_ACTIONS = {
  cordon: { title: 'Cordon shard', jobType: 'shard.cordon' },
  drain: { title: 'Drain shard', jobType: 'shard.drain' },
} as const;

/** A shard action's plan on the shard's page: cordon (no new tenants land there) or drain (move them all). */
const shardAction =
  (kind: keyof typeof SHARD_ACTIONS) =>
  (labels: Labels): SuggestedAction | null => {
    const shard = labels.shard;
    if (!shard || !K8S_NAME.test(shard)) return null;
    return suggestion(labels, {
      kind,
      title: `${SHARD_ACTIONS[kind].title} ${shard}`,
      targetType: 'shard',
      targetId: shard,
      jobType: SHARD_ACTIONS[kind].jobType,
      path: appPaths.shardAction(shard, kind),
    });
  };

const restart = (labels: Labels): SuggestedAction | null => {
  const d = deploymentOf(labels);
  const env = environmentOf(labels);
  if (!d || !env) return null;
  return suggestion(labels, {
    kind: 'restart',
    title: `Restart deployment ${d}`,
    targetType: 'deployment',
    targetId: d,
    environment: env,
    jobType: 'deployment.restart',
    path: appPaths.deploymentRestart(env, d),
  });
};

const firstOf =
  (...makers: Array<(l: Labels) => SuggestedAction | null>) =>
  (labels: Labels) => {
    for (const m of makers) {
      const s = m(labels);
      if (s) return s;
    }
    return null;
  };

/**
 * In priority order. Names follow the provisioned rules in alerts/ but match loosely; each provisioned
 * rule's suggestion opens the same page as its `switchyard_action_url` (tests/observability/alertLinks.test.ts),
 * and alerts/RUNBOOKS.md says why that action.
 */
export const SUGGESTION_RULES: Rule[] = [
  { name: /isolation/i, make: tenantAction('reprobe') },
  { name: /restart|crash.?loop|oom/i, make: restart },
  { name: /stuck.?job|job.?stuck/i, make: firstOf(openJob, openTenant) },
  // A drain that does not converge: undrain rolls it back (or open the drain job when the alert names it).
  { name: /converg/i, make: firstOf(openJob, tenantAction('undrain'), openTenant) },
  { name: /login|session|auth/i, make: tenantAction('suspend') },
  // A noisy neighbour or a slow tenant: move it to a shard with headroom. A slow shard (no tenant):
  // cordon it, so no new tenant lands there while it is drained or rebalanced.
  { name: /dominat|noisy|neighbou?r|latency/i, make: firstOf(migrate, shardAction('cordon'), openShard) },
  // Errors or load without a tenant-level cause yet: open the tenant (its metrics and logs) to find out.
  { name: /5xx|error|availability/i, make: openTenant },
  // A volume about to fill: writes fail soon, so drain the shard (moves all its tenants).
  { name: /almost.?full/i, make: firstOf(shardAction('drain'), openShard) },
  // Shard-level pressure (queues, volumes, saturation): the shard's page, to cordon, drain or rebalance.
  { name: /lag|outbox|volume|disk|saturation|shard/i, make: openShard },
];

export function suggestAction(labels: Labels): SuggestedAction | null {
  const name = labels.alertname ?? '';
  for (const rule of SUGGESTION_RULES) {
    if (rule.name.test(name)) {
      const s = rule.make(labels);
      if (s) return s;
    }
  }
  return openTenant(labels);
}
