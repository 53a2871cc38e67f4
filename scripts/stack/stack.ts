import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerConfig, scrapeConfig } from './lib/configs';
import { ensureBinaries } from './lib/install';
import { natsAnswers, requireBinary, startManaged, tail, waitForHttp, type Managed } from './lib/processes';
import { REPO, dirs, ensureDirs, isOurs, readPids, removePid, secret, writePid } from './lib/state';
import { NATS_URL, STACK_ENV_LABEL, STACK_PORTS as P } from './ports';

/**
 * `npm run stack`: VictoriaMetrics, vmagent, vmalert, Alertmanager, NATS (reused when one answers),
 * the simulator and the sidecar on loopback, without Docker. Foreground; Ctrl-C (or
 * `npm run stack:stop` from another shell) stops exactly what it started.
 * Flags: --no-sidecar (run without the sidecar).
 */
const log = (msg: string) => process.stdout.write(`[stack] ${msg}\n`);
const H = '127.0.0.1';
const started: Managed[] = [];

function launch(name: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv): Managed {
  const m = startManaged(name, cmd, args, {
    logFile: join(dirs.logs, `${name}.log`),
    cwd: REPO,
    env: env ?? process.env,
  });
  writePid({ name, pid: m.child.pid as number, cmd, startedAt: new Date().toISOString() });
  started.push(m);
  log(`${name} started (pid ${m.child.pid}, log .stack/logs/${name}.log)`);
  return m;
}

async function ready(m: Managed, url: string, timeoutMs = 60_000, init?: RequestInit): Promise<void> {
  try {
    await waitForHttp(url, timeoutMs, init);
    log(`${m.name} ready at ${url}`);
  } catch (e) {
    throw new Error(
      `${m.name} did not become ready: ${(e as Error).message}\n--- ${m.logFile} ---\n${tail(m.logFile)}`
    );
  }
}

async function stopAll(): Promise<void> {
  for (const m of [...started].reverse()) {
    await m.stop();
    removePid(m.name);
    log(`${m.name} stopped`);
  }
  started.length = 0;
  removePid('stack');
}

async function main(): Promise<void> {
  const withSidecar = !process.argv.includes('--no-sidecar');
  ensureDirs();
  const running = readPids().filter(isOurs);
  if (running.length)
    throw new Error(
      `a stack is already running (${running.map((r) => r.name).join(', ')}); run npm run stack:stop first`
    );
  for (const r of readPids()) removePid(r.name);
  // The foreground process itself, so `npm run stack:stop` can ask it to stop everything in order.
  writePid({ name: 'stack', pid: process.pid, cmd: 'scripts/stack/stack.ts', startedAt: new Date().toISOString() });

  const nats = new URL(NATS_URL);
  const natsPort = Number(nats.port || 4222);
  const reuseNats = await natsAnswers(nats.hostname, natsPort);
  await ensureBinaries(
    ['victoriaMetrics', 'vmagent', 'vmalert', 'alertmanager', ...(reuseNats ? [] : ['natsServer' as const])],
    log
  );

  const proxySecret = secret('SWITCHYARD_PROXY_SECRET', 'proxy-secret', () => randomBytes(32).toString('hex'));
  const webhookToken = secret('SWITCHYARD_ALERT_WEBHOOK_TOKEN', 'alert-webhook-token', () =>
    randomBytes(24).toString('hex')
  );
  const k8sToken = secret('SIM_K8S_TOKEN', 'k8s-token', () => randomBytes(24).toString('hex'));
  // The control-plane data source's read-only token (its secureJsonData.sidecarToken).
  const metricsToken = secret('SWITCHYARD_METRICS_TOKEN', 'metrics-token', () => randomBytes(24).toString('hex'));
  const datasourceToken = secret('SWITCHYARD_DATASOURCE_TOKEN', 'datasource-token', () =>
    randomBytes(32).toString('hex')
  );

  if (reuseNats) log(`reusing the NATS server answering at ${NATS_URL}`);
  else {
    launch('nats', requireBinary('natsServer'), [
      '-a',
      nats.hostname,
      '-p',
      String(natsPort),
      '-js',
      '-sd',
      join(dirs.data, 'nats'),
    ]);
    const deadline = Date.now() + 15_000;
    while (!(await natsAnswers(nats.hostname, natsPort))) {
      if (Date.now() > deadline)
        throw new Error(`nats-server did not answer on ${NATS_URL}\n${tail(join(dirs.logs, 'nats.log'))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    log(`nats ready at ${NATS_URL}`);
  }

  const vmUrl = `http://${H}:${P.victoriaMetrics}`;
  const vm = launch('victoria-metrics', requireBinary('victoriaMetrics'), [
    `-httpListenAddr=${H}:${P.victoriaMetrics}`,
    `-storageDataPath=${join(dirs.data, 'victoria-metrics')}`,
    '-retentionPeriod=7d',
    '-search.latencyOffset=5s',
  ]);
  await ready(vm, `${vmUrl}/health`);

  const simUrl = `http://${H}:${P.simulator}`;
  // `npm run simulator`: rebuilds the compiled simulator first when a source is newer (presimulator).
  const sim = launch('simulator', 'npm', ['run', '--silent', 'simulator'], {
    ...process.env,
    SIM_HOST: H,
    SIM_PORT: String(P.simulator),
    SIM_K8S_TOKEN: k8sToken,
    SIM_STATE_FILE: join(dirs.data, 'simulator', 'platform.json'),
  });
  await ready(sim, `${simUrl}/readyz`);

  const sidecarUrl = `http://${H}:${P.sidecar}`;
  if (withSidecar) {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    if (!pkg.scripts?.sidecar)
      throw new Error(
        'package.json has no "sidecar" script yet; run with --no-sidecar (npm run stack -- --no-sidecar)'
      );
    const grafanaUrl = process.env.GRAFANA_URL ?? 'http://127.0.0.1:3000';
    const sc = launch('sidecar', 'npm', ['run', '--silent', 'sidecar'], {
      ...process.env,
      SWITCHYARD_HOST: H,
      SWITCHYARD_PORT: String(P.sidecar),
      SWITCHYARD_PROXY_SECRET: proxySecret,
      GRAFANA_URL: grafanaUrl,
      SWITCHYARD_SQLITE_PATH: process.env.SWITCHYARD_SQLITE_PATH ?? join(dirs.data, 'sidecar', 'switchyard.db'),
      SWITCHYARD_ALERT_WEBHOOK_TOKEN: webhookToken,
      SWITCHYARD_DATASOURCE_TOKEN: datasourceToken,
      SWITCHYARD_METRICS_TOKEN: metricsToken,
      SWITCHYARD_PLATFORM_URL: simUrl,
      SWITCHYARD_K8S_URL: simUrl,
      SWITCHYARD_K8S_TOKEN: k8sToken,
      SWITCHYARD_VM_URL: vmUrl,
      // The control plane imports the simulated platform's inventory at start and keeps it in agreement.
      SWITCHYARD_INVENTORY_RECONCILE_MS: process.env.SWITCHYARD_INVENTORY_RECONCILE_MS ?? '60000',
      NATS_URL,
      SWITCHYARD_ALERTMANAGER_URL: `http://${H}:${P.alertmanager}`,
      SWITCHYARD_OUTBOUND_HOSTS:
        process.env.SWITCHYARD_OUTBOUND_HOSTS ??
        `${H}:${P.simulator},${H}:${P.victoriaMetrics},${H}:${P.alertmanager},${new URL(grafanaUrl).host}`,
    });
    await ready(sc, `${sidecarUrl}/readyz`, 90_000);
  }

  const scrapeFile = join(dirs.config, 'scrape.yml');
  writeFileSync(
    scrapeFile,
    scrapeConfig(
      [
        {
          job: 'switchyard-simulator',
          target: `${H}:${P.simulator}`,
          service: 'simulator',
          env: STACK_ENV_LABEL,
          honorLabels: true,
        },
        ...(withSidecar
          ? [
              {
                job: 'switchyard-sidecar',
                target: `${H}:${P.sidecar}`,
                service: 'sidecar',
                env: STACK_ENV_LABEL,
                bearerToken: metricsToken,
              },
            ]
          : []),
        {
          job: 'victoriametrics',
          target: `${H}:${P.victoriaMetrics}`,
          service: 'victoriametrics',
          env: STACK_ENV_LABEL,
        },
        { job: 'vmagent', target: `${H}:${P.vmagent}`, service: 'vmagent', env: STACK_ENV_LABEL },
        { job: 'vmalert', target: `${H}:${P.vmalert}`, service: 'vmalert', env: STACK_ENV_LABEL },
        { job: 'alertmanager', target: `${H}:${P.alertmanager}`, service: 'alertmanager', env: STACK_ENV_LABEL },
      ],
      5
    )
  );
  const vmagent = launch('vmagent', requireBinary('vmagent'), [
    `-httpListenAddr=${H}:${P.vmagent}`,
    `-promscrape.config=${scrapeFile}`,
    `-remoteWrite.url=${vmUrl}/api/v1/write`,
    `-remoteWrite.tmpDataPath=${join(dirs.data, 'vmagent')}`,
  ]);
  await ready(vmagent, `http://${H}:${P.vmagent}/health`);

  const amFile = join(dirs.config, 'alertmanager.yml');
  const tokenFile = join(dirs.secrets, 'alert-webhook-token');
  writeFileSync(
    amFile,
    alertmanagerConfig({
      webhookUrl: `${sidecarUrl}/api/v1/alerts/webhook`,
      bearerTokenFile: tokenFile,
      groupWait: '10s',
      groupInterval: '1m',
      repeatInterval: '4h',
    })
  );
  const am = launch('alertmanager', requireBinary('alertmanager'), [
    `--config.file=${amFile}`,
    `--storage.path=${join(dirs.data, 'alertmanager')}`,
    `--web.listen-address=${H}:${P.alertmanager}`,
    '--cluster.listen-address=',
  ]);
  await ready(am, `http://${H}:${P.alertmanager}/-/ready`);

  const vmalert = launch('vmalert', requireBinary('vmalert'), [
    `-httpListenAddr=${H}:${P.vmalert}`,
    `-rule=${join(REPO, 'alerts', '*.rules.yaml')}`,
    `-datasource.url=${vmUrl}`,
    `-notifier.url=http://${H}:${P.alertmanager}`,
    `-remoteWrite.url=${vmUrl}`,
    `-remoteRead.url=${vmUrl}`,
    '-evaluationInterval=15s',
    `-external.url=http://${H}:${P.vmalert}`,
  ]);
  await ready(vmalert, `http://${H}:${P.vmalert}/health`);

  log('stack is up:');
  log(`  VictoriaMetrics  ${vmUrl}          vmagent ${`http://${H}:${P.vmagent}`}`);
  log(`  vmalert          http://${H}:${P.vmalert}          Alertmanager http://${H}:${P.alertmanager}`);
  log(
    `  simulator        ${simUrl}  (metrics /metrics, scenarios /sim/scenarios, k8s /api, isolation /v1/runtime/isolation)`
  );
  log(
    `  sidecar          ${withSidecar ? sidecarUrl : '(not started)'}          NATS ${NATS_URL}${reuseNats ? ' (reused)' : ''}`
  );
  log(
    '  secrets (proxy secret, webhook token, k8s token) in .stack/secrets/. Ctrl-C or `npm run stack:stop` stops it.'
  );

  let stopping = false;
  await new Promise<void>((resolve) => {
    const onExit = (m: Managed) =>
      m.child.once('exit', (code) => {
        if (!stopping) log(`${m.name} exited (code ${code}); stopping the stack. Last log lines:\n${tail(m.logFile)}`);
        stopping = true;
        resolve();
      });
    started.forEach(onExit);
    const stop = () => {
      stopping = true;
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main()
  .then(() => stopAll())
  .then(() => process.exit(0))
  .catch(async (e: Error) => {
    process.stderr.write(`[stack] ${e.message}\n`);
    await stopAll();
    process.exit(1);
  });
