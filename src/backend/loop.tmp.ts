import { launchPlugin } from './testing/goPluginClient';
void (async () => {
  const cmd =
    process.argv[2] === 'node'
      ? { command: process.execPath, args: ['--import', 'tsx', 'src/backend/testing/fixturePlugin.ts'] }
      : { command: '/tmp/fx/gpx_switchyard-controlplane-datasource_linux_amd64' };
  let bad = 0;
  for (let i = 0; i < 10; i++) {
    const c = await launchPlugin(cmd);
    const r = await Promise.race([
      c.callResource({ path: 'big', method: 'GET' }),
      new Promise<null>((res) => setTimeout(() => res(null), 8000)),
    ]);
    if (!r) bad++;
    else if (r.reduce((n, m) => n + (m.body as Buffer).length, 0) !== 3 * 1024 * 1024 + 17) bad++;
    await c.kill();
  }
  console.log(process.argv[2], 'stalled/bad', bad, 'of 10');
})();
