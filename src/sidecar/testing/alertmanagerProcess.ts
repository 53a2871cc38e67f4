/**
 * A real Alertmanager (the Debian `prometheus-alertmanager` that scripts/ci/ensure-system.sh
 * installs) on a free port with a throw-away storage dir. By default its receiver delivers nowhere
 * (the silences API is what the server suites use); with `webhook` it delivers every alert to the
 * sidecar's receiver with the bearer token, as the local stack and compose configure it, grouped and
 * repeated on short intervals so a suite sees a posted alert within a few seconds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertmanagerConfig } from '../../../scripts/stack/lib/configs';
import { freePort, requireBinary } from '../../../scripts/stack/lib/processes';

export interface AlertmanagerProcess {
  url: string;
  /** Stops it (SIGTERM) and removes its storage. */
  stop(): Promise<void>;
}

export interface AlertmanagerProcessOptions {
  /** Deliver alerts to `url` (the sidecar's `POST /api/v1/alerts/webhook`) with `Authorization: Bearer <token>`. */
  webhook?: { url: string; token: string };
}

export async function startAlertmanager(opts: AlertmanagerProcessOptions = {}): Promise<AlertmanagerProcess> {
  const bin = requireBinary('alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'sy-am-'));
  const cfg = join(dir, 'alertmanager.yml');
  if (opts.webhook) {
    const tokenFile = join(dir, 'webhook-token');
    writeFileSync(tokenFile, opts.webhook.token, { mode: 0o600 });
    writeFileSync(
      cfg,
      alertmanagerConfig({
        webhookUrl: opts.webhook.url,
        bearerTokenFile: tokenFile,
        groupWait: '1s',
        groupInterval: '2s',
        repeatInterval: '1h',
      })
    );
  } else writeFileSync(cfg, 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
  const port = await freePort();
  const child = spawn(
    bin,
    [
      `--config.file=${cfg}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' }
  );
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Alertmanager did not become ready at ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
