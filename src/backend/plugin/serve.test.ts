/**
 * The protocol layer as Grafana sees it: the fixture plugin launched by the go-plugin client
 * emulator, once as plain TypeScript (tsx) and once as the Bun-compiled executable built by
 * scripts/build-backend.ts.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { grafanaPluginEnv, launchPlugin, type LaunchOptions } from '../testing/goPluginClient';
import {
  checkHealthAndResources,
  checkMetrics,
  checkOutput,
  checkQueryData,
  metricsText,
  socketGone,
} from '../testing/pluginScenario';

const root = path.resolve(__dirname, '../../..');
const fixtureEntry = path.join(root, 'src/backend/testing/fixturePlugin.ts');
const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-fixture-build-'));
const binary = path.join(buildDir, 'gpx_switchyard-controlplane-datasource_linux_amd64');

interface Runtime {
  name: string;
  launch: Omit<LaunchOptions, 'env'>;
}

const runtimes: Runtime[] = [
  { name: 'tsx', launch: { command: process.execPath, args: ['--import', 'tsx', fixtureEntry] } },
  { name: 'bun executable', launch: { command: binary, skipHostEnv: true } },
];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

before(() => {
  const build = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build-backend.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BACKEND_ENTRY: fixtureEntry, BACKEND_OUT_DIR: buildDir, BACKEND_TARGETS: 'amd64' },
  });
  assert.equal(build.status, 0, `${build.stdout}\n${build.stderr}`);
  assert.ok(fs.existsSync(binary));
});

after(() => fs.rmSync(buildDir, { recursive: true, force: true }));

for (const runtime of runtimes) {
  describe(`fixture plugin (${runtime.name})`, () => {
    test('handshake, health ping, every method, Shutdown', async () => {
      const plugin = await launchPlugin(runtime.launch);
      const stdio = plugin.streamStdio();
      try {
        assert.equal(plugin.handshake.network, 'unix');
        assert.ok(path.isAbsolute(plugin.handshake.address));
        assert.equal(await plugin.ping(), 'SERVING');
        await checkQueryData(plugin);
        await checkHealthAndResources(plugin);
        await checkMetrics(plugin);
      } finally {
        const exit = await plugin.kill();
        assert.equal(exit.graceful, true, 'exits within go-plugin’s 2 s grace period');
        assert.equal(exit.code, 0);
      }
      assert.deepEqual(await stdio, [], 'the stdio stream ends cleanly on shutdown');
      checkOutput(plugin);
      assert.ok(socketGone(plugin), 'the socket directory is removed');
    });

    test('Shutdown with a query still running: exits within go-plugin’s grace period', async () => {
      const plugin = await launchPlugin(runtime.launch);
      const slow = plugin.queryData({ queries: [{ refId: 'A', queryType: 'slow' }] }).then(
        () => 'answered',
        () => 'cancelled'
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exit = await plugin.kill();
      assert.equal(exit.graceful, true);
      assert.equal(exit.code, 0);
      assert.ok(exit.exitMs < 2000, `${exit.exitMs} ms`);
      assert.equal(await slow, 'cancelled');
      assert.ok(socketGone(plugin));
    });

    test('a QueryData cancelled by the client or past its deadline ends its handler and is not answered', async () => {
      const plugin = await launchPlugin(runtime.launch);
      try {
        const slow = { queries: [{ refId: 'A', queryType: 'slow' }] };
        await assert.rejects(plugin.queryData(slow, { deadlineMs: 300 }), (e: { code?: number }) => e.code === 4);
        await assert.rejects(plugin.queryData(slow, { cancelAfterMs: 300 }), (e: { code?: number }) => e.code === 1);
        // The fixture's 30 s query ends on the call's signal: both calls are counted cancelled at once.
        const until = Date.now() + 3000;
        let text = '';
        while (Date.now() < until) {
          text = await metricsText(plugin);
          if (/method="QueryData",outcome="cancelled"\} 2\n/.test(text)) break;
          await sleep(100);
        }
        assert.match(text, /switchyard_datasource_requests_total\{method="QueryData",outcome="cancelled"\} 2\n/);
        assert.doesNotMatch(text, /method="QueryData",outcome="(ok|error)"/, 'never answered');
        const after = await plugin.queryData({ queries: [{ refId: 'B', queryType: 'all-types' }] });
        assert.equal((after.responses as Record<string, { status: number }>).B.status, 200);
      } finally {
        const exit = await plugin.kill();
        assert.equal(exit.graceful, true);
      }
    });

    test('ignores SIGINT, exits on SIGTERM', async () => {
      const plugin = await launchPlugin(runtime.launch);
      plugin.child.kill('SIGINT');
      await sleep(200);
      assert.equal(await plugin.ping(), 'SERVING');
      const exit = await plugin.signal('SIGTERM');
      assert.equal(exit.graceful, true);
      assert.equal(exit.code, 0);
    });

    test('socket in PLUGIN_UNIX_SOCKET_DIR', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sock-'));
      const plugin = await launchPlugin({ ...runtime.launch, env: { PLUGIN_UNIX_SOCKET_DIR: dir } });
      assert.ok(plugin.handshake.address.startsWith(dir + path.sep));
      await plugin.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('refuses to run without the magic cookie or with another protocol version', async () => {
      for (const env of [{ grafana_plugin_type: '' }, { PLUGIN_PROTOCOL_VERSIONS: '1' }]) {
        const merged = { ...grafanaPluginEnv({}, runtime.launch.skipHostEnv), ...env };
        const result = spawnSync(runtime.launch.command, runtime.launch.args ?? [], { env: merged, encoding: 'utf8' });
        assert.equal(result.status, 1);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /This binary is a plugin|Incompatible API version/);
      }
    });

    test('exits when its parent process dies', async () => {
      // A shell starts the plugin in the background and prints its pid; killing the shell orphans it.
      const command = [runtime.launch.command, ...(runtime.launch.args ?? [])].map((a) => `'${a}'`).join(' ');
      const shell = spawn('/bin/sh', ['-c', `${command} >/dev/null 2>&1 & echo $!; wait`], {
        env: grafanaPluginEnv({}, runtime.launch.skipHostEnv),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const pid = Number(
        (await new Promise<Buffer>((resolve) => shell.stdout!.once('data', resolve))).toString().trim()
      );
      await sleep(runtime.name === 'tsx' ? 2500 : 800);
      assert.ok(alive(pid), 'the plugin started');
      shell.kill('SIGKILL');
      const deadline = Date.now() + 5000;
      while (alive(pid) && Date.now() < deadline) await sleep(100);
      const orphanAlive = alive(pid);
      if (orphanAlive) process.kill(pid, 'SIGKILL');
      assert.equal(orphanAlive, false, 'the orphaned plugin exited');
    });
  });
}
