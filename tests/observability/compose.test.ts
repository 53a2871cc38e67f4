import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/sidecar/kernel/config/config';

/**
 * Docker cannot run here, so docker-compose.yaml is validated by reading it: it parses, every
 * mounted/built path exists, and ports, hosts, uids and paths agree between compose, provisioning,
 * the scrape/alerting configs, plugin.json and the dashboards.
 */
const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  depends_on?: string[];
  init?: boolean;
};
const compose = parse(read('docker-compose.yaml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const S = compose.services;
const plugin = JSON.parse(read('plugin.json')) as { id: string };
const datasources = (
  parse(read('provisioning/datasources/switchyard.yaml')) as {
    datasources: Array<{ uid: string; type: string; url: string }>;
  }
).datasources;
const listenPort = (svc: Service, flag: RegExp): string | undefined => {
  const cmd = Array.isArray(svc.command) ? svc.command.join(' ') : (svc.command ?? '');
  return flag.exec(cmd)?.[1];
};
const mountOf = (svc: Service, target: string) => svc.volumes?.find((v) => v.split(':')[1] === target)?.split(':')[0];

describe('docker-compose.yaml', () => {
  it('has the whole stack, Grafana pinned to 12.4 or newer, PostgreSQL under a profile', () => {
    for (const name of [
      'grafana',
      'sidecar',
      'simulator',
      'victoriametrics',
      'vmagent',
      'vmalert',
      'alertmanager',
      'nats',
      'loki',
      'alloy',
      'postgres',
    ])
      assert.ok(S[name], name);
    const m = /^grafana\/grafana:(\d+)\.(\d+)\.(\d+)$/.exec(S.grafana.image ?? '');
    assert.ok(m && (Number(m[1]) > 12 || (Number(m[1]) === 12 && Number(m[2]) >= 4)), S.grafana.image);
    for (const [name, svc] of Object.entries(S))
      if (svc.image) assert.doesNotMatch(svc.image, /:latest$|^[^:]+$/, `${name} image must be pinned`);
    assert.deepEqual(S.postgres.profiles, ['postgres']);
  });

  it('every mounted or built host path exists', () => {
    for (const [name, svc] of Object.entries(S)) {
      for (const v of svc.volumes ?? []) {
        const src = v.split(':')[0];
        if (src.startsWith('./')) {
          if (src === './dist') continue; // produced by `npm run build`
          assert.ok(existsSync(join(ROOT, src)), `${name}: ${src} missing`);
        } else if (!src.startsWith('/')) assert.ok(src in compose.volumes, `${name}: named volume ${src} not declared`);
      }
      if (svc.build) {
        assert.ok(existsSync(join(ROOT, svc.build.context, svc.build.dockerfile)), `${name}: Dockerfile`);
        const df = read(svc.build.dockerfile);
        for (const m of df.matchAll(/^COPY\s+(.+)\s+\S+$/gm))
          for (const src of m[1].split(/\s+/)) assert.ok(existsSync(join(ROOT, src)), `Dockerfile COPY ${src}`);
      }
    }
  });

  it('Grafana loads the unsigned plugins from dist/ with provisioning, dashboards and root URL', () => {
    const g = S.grafana;
    assert.equal(mountOf(g, `/var/lib/grafana/plugins/${plugin.id}`), './dist');
    assert.equal(mountOf(g, '/etc/grafana/provisioning'), './provisioning');
    const allowed = (g.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS ?? '').split(',');
    assert.ok(allowed.includes(plugin.id) && allowed.includes('switchyard-controlplane-datasource'));
    assert.match(g.environment?.GF_SERVER_ROOT_URL ?? '', /^https?:\/\/.+\/$/);
    assert.equal(
      S.sidecar.environment?.GRAFANA_ISSUER,
      g.environment?.GF_SERVER_ROOT_URL,
      'ID token issuer = root_url'
    );
    const provider = (
      parse(read('provisioning/dashboards/switchyard.yaml')) as { providers: Array<{ options: { path: string } }> }
    ).providers[0];
    assert.equal(mountOf(g, provider.options.path), './dashboards');
    assert.ok(
      g.environment?.SWITCHYARD_PROXY_SECRET,
      "apps.yaml interpolates $SWITCHYARD_PROXY_SECRET from Grafana's environment"
    );
  });

  it('provisioned data sources have the fixed uids and point at compose services and ports', () => {
    const byUid = Object.fromEntries(datasources.map((d) => [d.uid, d]));
    assert.equal(byUid['switchyard-vm']?.type, 'prometheus');
    assert.equal(byUid['switchyard-loki']?.type, 'loki');
    assert.equal(byUid['switchyard-am']?.type, 'alertmanager');
    const vm = new URL(byUid['switchyard-vm'].url);
    assert.ok(S[vm.hostname]);
    assert.equal(listenPort(S[vm.hostname], /-httpListenAddr=:(\d+)/), vm.port);
    const am = new URL(byUid['switchyard-am'].url);
    assert.equal(listenPort(S[am.hostname], /--web\.listen-address=:(\d+)/), am.port);
    const loki = new URL(byUid['switchyard-loki'].url);
    assert.ok(S[loki.hostname]?.ports?.some((p) => p.endsWith(`:${loki.port}`)));
  });

  it('every dashboard data source uid is provisioned', () => {
    for (const f of readdirSync(join(ROOT, 'dashboards')).filter((x) => x.endsWith('.json'))) {
      const uids = new Set([...read(`dashboards/${f}`).matchAll(/"uid": "([^"]+)"/g)].map((m) => m[1]));
      for (const uid of uids) {
        if (
          uid.startsWith('switchyard-') &&
          !uid.startsWith(`switchyard-${f.replace('.json', '')}`) &&
          uid !== 'switchyard'
        ) {
          assert.ok(
            datasources.some((d) => d.uid === uid) || JSON.parse(read(`dashboards/${f}`)).uid === uid,
            `${f}: ${uid}`
          );
        }
      }
    }
  });

  it('the app is enabled with the sidecar URL of the compose sidecar and the proxy secret from env', () => {
    const apps = (
      parse(read('provisioning/plugins/apps.yaml')) as {
        apps: Array<{
          type: string;
          disabled: boolean;
          jsonData: { sidecarUrl: string };
          secureJsonData: { proxySecret: string };
        }>;
      }
    ).apps;
    const app = apps.find((a) => a.type === plugin.id);
    assert.ok(app && app.disabled === false);
    const url = new URL(app.jsonData.sidecarUrl);
    assert.ok(S[url.hostname]);
    assert.equal(S[url.hostname].environment?.SWITCHYARD_PORT, url.port);
    assert.equal(app.secureJsonData.proxySecret, '$SWITCHYARD_PROXY_SECRET');
    assert.equal(S.sidecar.environment?.SWITCHYARD_PROXY_SECRET, S.grafana.environment?.SWITCHYARD_PROXY_SECRET);
  });

  it('vmagent scrapes compose services on their ports; the simulator keeps its own labels', () => {
    const scrapePath = mountOf(S.vmagent, '/etc/vmagent/scrape.yml') as string;
    const cfg = parse(read(scrapePath)) as {
      scrape_configs: Array<{
        job_name: string;
        honor_labels?: boolean;
        static_configs: Array<{ targets: string[]; labels: Record<string, string> }>;
      }>;
    };
    for (const job of cfg.scrape_configs) {
      for (const sc of job.static_configs) {
        assert.ok(sc.labels.service && sc.labels.env, `${job.job_name}: service and env labels`);
        for (const t of sc.targets) {
          const [host, port] = t.split(':');
          assert.ok(S[host], `${job.job_name}: ${host} is not a compose service`);
          const env = S[host].environment ?? {};
          const declared = [
            env.SWITCHYARD_PORT,
            env.SIM_PORT,
            listenPort(S[host], /(?:-httpListenAddr=|--web\.listen-address=):(\d+)/),
          ];
          assert.ok(declared.includes(port), `${job.job_name}: ${t} does not match ${host}'s port`);
        }
      }
    }
    assert.equal(cfg.scrape_configs.find((j) => j.job_name === 'switchyard-simulator')?.honor_labels, true);
    assert.ok(cfg.scrape_configs.some((j) => j.job_name === 'switchyard-sidecar'));
  });

  it('vmalert loads alerts/ and notifies Alertmanager, which routes to the sidecar webhook with a bearer token file it writes', () => {
    const cmd = (S.vmalert.command as string[]).join(' ');
    assert.equal(mountOf(S.vmalert, '/etc/alerts'), './alerts');
    assert.match(cmd, /-rule=\/etc\/alerts\/\*\.rules\.yaml/);
    assert.match(cmd, /-notifier\.url=http:\/\/alertmanager:9093/);
    // Alert links (generatorURL, shown in the inbox) open vmalert itself, on a port published to the host.
    const external = new URL(/-external\.url=(\S+)/.exec(cmd)?.[1] ?? 'http://missing');
    const listen = /-httpListenAddr=:(\d+)/.exec(cmd)?.[1];
    assert.equal(external.hostname, 'localhost');
    assert.ok(S.vmalert.ports?.includes(`${external.port}:${listen}`), `vmalert publishes ${external.port}`);
    const amPath = mountOf(S.alertmanager, '/etc/alertmanager/alertmanager.yml') as string;
    const am = parse(read(amPath)) as {
      route: { receiver: string };
      receivers: Array<{
        name: string;
        webhook_configs: Array<{
          url: string;
          http_config: { authorization: { type: string; credentials_file: string } };
        }>;
      }>;
    };
    const recv = am.receivers.find((r) => r.name === am.route.receiver);
    const hook = recv?.webhook_configs[0];
    const u = new URL(hook?.url ?? '');
    assert.equal(u.pathname, '/api/v1/alerts/webhook');
    assert.equal(S[u.hostname]?.environment?.SWITCHYARD_PORT, u.port);
    assert.equal(hook?.http_config.authorization.type, 'Bearer');
    const entry = (S.alertmanager.command as string[]).join(' ');
    assert.ok(
      entry.includes(`> ${hook?.http_config.authorization.credentials_file}`),
      'entrypoint writes the token file'
    );
    assert.ok(S.alertmanager.environment?.SWITCHYARD_ALERT_WEBHOOK_TOKEN);
    assert.equal(
      S.sidecar.environment?.SWITCHYARD_ALERT_WEBHOOK_TOKEN,
      S.alertmanager.environment?.SWITCHYARD_ALERT_WEBHOOK_TOKEN
    );
  });

  it('the sidecar and simulator run what their npm scripts run, under an init, and the sidecar reaches the simulator by service name', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['sidecar', 'simulator']) {
      // node itself, not npm: npm's `sh -c` does not pass docker stop's SIGTERM on to the process.
      assert.deepEqual(
        S[name].command,
        scripts[name].split(' '),
        `compose service ${name} runs npm run ${name}'s command`
      );
      // An init as PID 1 passes SIGTERM on; node as PID 1 would ignore it until its handlers exist.
      assert.equal(S[name].init, true, `compose service ${name} runs under an init`);
    }
    for (const name of ['sidecar', 'simulator'])
      assert.match(
        read('scripts/stack/node.Dockerfile'),
        new RegExp(`^RUN .*npx tsx scripts/bundle-node\\.ts ${name}\\b`, 'm'),
        `the image builds the bundle the ${name} command runs`
      );
    const env = S.sidecar.environment ?? {};
    // Only settings the sidecar reads: a retired or misspelt one would be ignored without a word.
    assert.deepEqual(
      Object.keys(env).filter((k) => !CONFIG_VARIABLES.includes(k)),
      [],
      'compose passes the sidecar only variables it reads (kernel/config)'
    );
    assert.equal(env.GRAFANA_URL, 'http://grafana:3000');
    assert.ok(env.SWITCHYARD_OUTBOUND_HOSTS.split(',').includes('grafana:3000'), 'GRAFANA_URL host allowed outbound');
    for (const k of ['SWITCHYARD_PLATFORM_URL', 'SWITCHYARD_K8S_URL']) {
      const u = new URL(env[k]);
      assert.equal(u.hostname, 'simulator');
      assert.equal(u.port, S.simulator.environment?.SIM_PORT);
      assert.ok(env.SWITCHYARD_OUTBOUND_HOSTS.split(',').includes(u.host), `${k} host allowed outbound`);
    }
    assert.equal(env.SWITCHYARD_K8S_TOKEN, S.simulator.environment?.SIM_K8S_TOKEN);
    assert.ok(S.sidecar.volumes?.some((v) => v.endsWith(':/data')) && env.SWITCHYARD_SQLITE_PATH?.startsWith('/data/'));
  });
});
