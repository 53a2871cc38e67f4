/**
 * Fixed loopback ports of the no-Docker stack (`npm run stack`). Chosen off the defaults where
 * a clash is likely (a system VictoriaMetrics on 8428, Alertmanager on 9093...). Override with env.
 */
const num = (name: string, def: number): number => Number(process.env[name] ?? def);
export const STACK_PORTS = {
  victoriaMetrics: num('STACK_VM_PORT', 18428),
  vmagent: num('STACK_VMAGENT_PORT', 18429),
  vmalert: num('STACK_VMALERT_PORT', 18880),
  alertmanager: num('STACK_ALERTMANAGER_PORT', 19093),
  simulator: num('SIM_PORT', 8790),
  sidecar: num('SWITCHYARD_PORT', 8787),
};
export const NATS_URL = process.env.SWITCHYARD_NATS_URL ?? 'nats://127.0.0.1:4222';
export const STACK_ENV_LABEL = 'demo';
