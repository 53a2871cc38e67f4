/**
 * The real simulator (its fastify app, listening on 127.0.0.1 with a random port) for sidecar tests
 * that talk to the platform: scenario knobs are flipped through its HTTP admin API like a demo would.
 */
import { buildSimulator, type Simulator } from '../../simulator/app';
import { loadSimConfig } from '../../simulator/config';
import type { ScenariosPatch } from '../../simulator/scenarios';

export interface TestSimulator {
  url: string;
  sim: Simulator;
  /** POST /sim/scenarios (partial: given keys replace the current values). */
  scenarios(patch: ScenariosPatch): Promise<void>;
  /** DELETE /sim/scenarios: back to the start-up knobs. */
  resetScenarios(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSimulator(tenants = 12, env: Record<string, string> = {}): Promise<TestSimulator> {
  const config = loadSimConfig(
    {
      SIM_PORT: '0',
      SIM_HOST: '127.0.0.1',
      SIM_TENANTS: String(tenants),
      SIM_LOG_LEVEL: 'silent',
      SIM_TICK_MS: '60000',
      ...env,
    },
    []
  );
  const sim = buildSimulator(config);
  const url = (await sim.start()).replace('localhost', '127.0.0.1');
  const send = async (method: string, body?: unknown) => {
    const res = await fetch(`${url}/sim/scenarios`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator refused scenarios (${res.status}): ${await res.text()}`);
  };
  return {
    url,
    sim,
    // Sends the full knob set: the simulator's partial patch currently re-applies defaults to absent keys.
    scenarios: async (patch) =>
      send('POST', { ...((await (await fetch(`${url}/sim/scenarios`)).json()) as object), ...patch }),
    resetScenarios: () => send('DELETE'),
    close: () => sim.stop(),
  };
}
