/**
 * The host's backend plugin manager, as Grafana's: one process per backend data source plugin, started
 * from the executable in the served dist directory with Grafana's environment (go-plugin variables,
 * `GF_VERSION`, `GF_APP_URL`), handshake parsed with go-plugin's rules, pinged on the health service
 * "plugin", reused for every call, started again if it died, and stopped with Shutdown (SIGKILL after
 * 2 s) when the host stops.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchPlugin, type GoPluginClient } from '../../../src/backend/testing/goPluginClient';

/** Data source plugin types the host runs as backend executables, with their folder inside dist/. */
export const BACKEND_DATASOURCES: Record<string, { dir: string }> = {
  'switchyard-controlplane-datasource': { dir: 'datasource' },
};

export function executablePath(distDir: string, pluginType: string): string {
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  return join(distDir, BACKEND_DATASOURCES[pluginType].dir, `gpx_${pluginType}_linux_${arch}`);
}

export interface BackendPlugins {
  /** The running process for this plugin type, started (and pinged) on first use. */
  client(pluginType: string): Promise<GoPluginClient>;
  /** Process ids of the running plugins (for tests that check nothing is left behind). */
  pids(): number[];
  stop(): Promise<void>;
}

export function backendPlugins(opts: {
  distDir: string;
  grafanaVersion: string;
  appUrl: () => string;
}): BackendPlugins {
  const running = new Map<string, Promise<GoPluginClient>>();
  const live = new Set<GoPluginClient>();
  let stopped = false;

  const start = async (pluginType: string): Promise<GoPluginClient> => {
    const command = executablePath(opts.distDir, pluginType);
    if (!existsSync(command)) {
      throw new Error(`plugin ${pluginType}: executable ${command} not found (run npm run build)`);
    }
    const plugin = await launchPlugin({
      command,
      env: { GF_VERSION: opts.grafanaVersion, GF_APP_URL: opts.appUrl() },
    });
    try {
      const status = await plugin.ping();
      if (status !== 'SERVING' && status !== '1') throw new Error(`plugin ${pluginType}: health status ${status}`);
    } catch (error) {
      await plugin.kill();
      throw error;
    }
    live.add(plugin);
    plugin.child.once('exit', () => {
      live.delete(plugin);
      running.delete(pluginType);
    });
    return plugin;
  };

  return {
    client(pluginType) {
      if (stopped) return Promise.reject(new Error('the host is stopping'));
      let p = running.get(pluginType);
      if (!p) {
        p = start(pluginType);
        p.catch(() => running.delete(pluginType));
        running.set(pluginType, p);
      }
      return p;
    },
    pids() {
      return [...live].map((c) => c.child.pid!).filter((pid) => pid !== undefined);
    },
    async stop() {
      stopped = true;
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map((p) => p.then((c) => c.kill()).catch(() => undefined)));
    },
  };
}
