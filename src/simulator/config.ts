import { z } from 'zod';
import { SIM_ENVIRONMENTS } from './model';
import { ScenariosSchema, type Scenarios } from './scenarios';

/**
 * Simulator configuration from env, overridable by `--flag=value` arguments (same names in
 * kebab case: SIM_TENANTS ↔ --tenants). Parsed once at start-up; a bad value stops the process.
 */
export const SimConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8790),
    seed: z.coerce.number().int().default(42),
    tenants: z.coerce.number().int().min(1).max(100_000).default(60),
    shardsPerKind: z.coerce.number().int().min(1).max(64).default(2),
    environments: z
      .string()
      .default(SIM_ENVIRONMENTS.join(','))
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      )
      .pipe(z.array(z.enum(SIM_ENVIRONMENTS)).min(1)),
    tickMs: z.coerce.number().int().min(20).max(60_000).default(1000),
    /** Shifts the simulated platform's clock (its reports' timestamps), e.g. to run suites as if a year later. */
    clockOffsetMs: z.coerce.number().int().default(0),
    rolloutDelayMs: z.coerce.number().int().min(0).max(60_000).default(300),
    k8sToken: z.string().optional(),
    /** Where the platform keeps placement and drains across restarts; unset keeps them in memory only. */
    stateFile: z.string().min(1).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * The credentials agent (credentialsAgent.ts) pushes to this URL (`{job}` = the job id), normally
     * Grafana's `/api/plugin-proxy/switchyard-controlplane-app/api/v1/credential-pushes/{job}`, with
     * `credentialsAgentToken` (a service account token with the "Switchyard Credentials Agent" role).
     * Both or neither; unset → no agent (credentials.refresh jobs then wait for a push in vain).
     */
    credentialsAgentPushUrl: z
      .string()
      .url()
      .refine((u) => u.includes('{job}'), 'must contain {job}')
      .optional(),
    credentialsAgentToken: z.string().min(1).optional(),
    credentialsAgentApplyMs: z.coerce.number().int().min(0).max(60_000).default(500),
    scenarios: ScenariosSchema,
  })
  .refine((c) => (c.credentialsAgentPushUrl === undefined) === (c.credentialsAgentToken === undefined), {
    message: 'set both SIM_CREDENTIALS_AGENT_PUSH_URL and SIM_CREDENTIALS_AGENT_TOKEN, or neither',
    path: ['credentialsAgentPushUrl'],
  });
export type SimConfig = z.infer<typeof SimConfigSchema>;

const KEYS: Record<string, keyof SimConfig> = {
  HOST: 'host',
  PORT: 'port',
  SEED: 'seed',
  TENANTS: 'tenants',
  SHARDS_PER_KIND: 'shardsPerKind',
  ENVIRONMENTS: 'environments',
  TICK_MS: 'tickMs',
  ROLLOUT_DELAY_MS: 'rolloutDelayMs',
  K8S_TOKEN: 'k8sToken',
  STATE_FILE: 'stateFile',
  LOG_LEVEL: 'logLevel',
  CREDENTIALS_AGENT_PUSH_URL: 'credentialsAgentPushUrl',
  CREDENTIALS_AGENT_TOKEN: 'credentialsAgentToken',
  CREDENTIALS_AGENT_APPLY_MS: 'credentialsAgentApplyMs',
};

/** Shorthand scenario knobs: SIM_NOISY_TENANT=acme-001 or --noisy-tenant=acme-001 (comma-separated lists). */
function shorthandScenarios(get: (name: string) => string | undefined): Partial<Scenarios> {
  const list = (name: string) =>
    (get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const out: Record<string, unknown> = {};
  if (list('NOISY_TENANT').length) out.noisyTenants = list('NOISY_TENANT').map((tenantId) => ({ tenantId }));
  if (list('ERROR_BURST').length) {
    out.errorBursts = list('ERROR_BURST').map((v) => {
      const [who, ratio] = v.split(':');
      return { ...(who && who !== '*' ? { tenantId: who } : {}), ...(ratio ? { ratio: Number(ratio) } : {}) };
    });
  }
  if (list('SLOW_SHARD').length) out.slowShards = list('SLOW_SHARD').map((shard) => ({ shard }));
  if (list('LAGGING_CONSUMER').length) out.laggingConsumers = list('LAGGING_CONSUMER').map((shard) => ({ shard }));
  if (list('CRASH_LOOP').length) out.crashLoops = list('CRASH_LOOP').map((deployment) => ({ deployment }));
  if (list('STUCK_DRAIN').length) out.stuckDrains = list('STUCK_DRAIN');
  if (get('PLATFORM_API_DELAY_MS')) out.platformApiDelayMs = Number(get('PLATFORM_API_DELAY_MS'));
  if (get('PLATFORM_API_HANG') === 'true') out.platformApiHang = true;
  return out as Partial<Scenarios>;
}

export function loadSimConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): SimConfig {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`simulator: unknown argument ${arg} (use --name=value)`);
    flags.set(m[1].toUpperCase().replace(/-/g, '_'), m[2] ?? 'true');
  }
  const get = (name: string) => flags.get(name) ?? env[`SIM_${name}`];
  const raw: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(KEYS)) {
    const v = get(name);
    if (v !== undefined && v !== '') raw[key] = v;
  }
  let scenarios: unknown = {};
  const json = get('SCENARIOS');
  if (json) {
    try {
      scenarios = JSON.parse(json);
    } catch {
      throw new Error('simulator: SIM_SCENARIOS / --scenarios is not valid JSON');
    }
  }
  raw.scenarios = { ...(scenarios as object), ...shorthandScenarios(get) };
  const parsed = SimConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues
      .map(
        (i) =>
          `SIM_${String(i.path[0] ?? '')
            .replace(/[A-Z]/g, (c) => `_${c}`)
            .toUpperCase()}${i.path.length > 1 ? `.${i.path.slice(1).join('.')}` : ''}: ${i.message}`
      )
      .join('; ');
    throw new Error(`simulator: invalid configuration: ${msg}`);
  }
  return parsed.data;
}
