/**
 * A credentials refresh from the tenant page, through the push step, against the simulated platform
 * and its credentials agent: the operator opens the refresh form on a deployment serving the tenant
 * (it starts on the tenant's DSN secret) → plan → reason → the job page shows the steps progress:
 * delete and recreate the secret (new value generated in the sidecar), wait while the platform's
 * credentials agent reads the new Secret, applies it and pushes it back through Grafana's plugin proxy
 * with its own service account (role "Switchyard Credentials Agent" only), restart, verify auth →
 * succeeded. The value is nowhere in the page, the job, or the job's audit; a second push is refused
 * with the reason, and an operator without `credentials:push` cannot push at all.
 * Each line uses its own tenant.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { APP, e2eEnv, open } from '../lib/env';
import { platformSecretValue, reservedTenant, simEffects, simState, type SimTenant } from '../lib/platform';
import { proxyApi } from '../lib/seed';
import { assertClean, describeLines } from '../lib/spec';
import { passingPlanChecks } from '../lib/plan';
import { testIds } from '../../../src/shared/testIds';
import { PLUGIN_ID } from '../../../src/constants';
import { ACTIVE_JOB_STATUSES, type JobDetail, type JobStatus } from '../../../src/contract';

const JOB_URL = /\/operations\/jobs\/([0-9a-f-]{36})/;
const STEPS = ['delete-secret', 'create-secret', 'await-push', 'restart-deployment', 'verify-auth'];
const AGENT = 'sa-1-credentials-agent';

describeLines('credentials refresh through the push step', (ctx) => {
  const env = e2eEnv();
  let tenants: SimTenant[] = [];
  before(async () => {
    assert.ok(ctx.platformUrl && env.platformK8sToken, 'the e2e stack runs the simulator (unset E2E_PLATFORM=0)');
    tenants = (await simState(ctx.platformUrl)).tenants;
  });

  it('tenant page → plan → reason → the agent pushes → restart → verify auth → succeeded; the value is never shown', async () => {
    const tenant = reservedTenant(tenants, ctx.line, 'credentials');
    const [, deployment] =
      Object.entries(tenant.placement).find(([kind, shard]) => kind === 'runner' && shard) ??
      Object.entries(tenant.placement).find(([, shard]) => shard)!;
    const secret = `tenant-${tenant.id}-db`;
    const ns = `platform-${tenant.environment}`;
    const before = (await simEffects(ctx.platformUrl!)).byTarget;
    const oldValue = await platformSecretValue(
      ctx.platformUrl!,
      env.platformK8sToken!,
      tenant.environment,
      secret,
      'dsn'
    );

    const t = await ctx.page();
    await open(t.page, ctx.url, `${APP}/tenants/${tenant.id}`, 'editor');
    await t.page.locator(`[data-testid="${testIds.tenantWorkloads.row}"][data-deployment="${deployment}"]`).waitFor();
    await t.page.getByTestId(`${testIds.tenantWorkloads.refreshPrefix}${deployment}`).click();
    const form = t.page.getByTestId(testIds.workloadAction.form);
    await form.waitFor();
    assert.equal(await form.getAttribute('data-kind'), 'refresh');
    assert.equal(await t.page.getByTestId(testIds.workloadAction.secret).inputValue(), secret);
    assert.equal(await t.page.getByTestId(testIds.workloadAction.key).inputValue(), 'dsn');
    assert.equal(await t.page.getByRole('radio', { name: 'Password in URL' }).isChecked(), true);
    await t.page.getByTestId(testIds.workloadAction.plan).click();

    const drawer = t.page.getByTestId(testIds.runAction.drawer);
    await drawer.waitFor();
    assert.equal(await drawer.getAttribute('data-action'), 'refresh-credentials');
    const checks = await passingPlanChecks(t.page);
    assert.ok(
      checks.some((c) => c.includes(`Secret ${secret} exists`)),
      checks.join('\n')
    );
    assert.ok(
      checks.some((c) => /holds a URL/.test(c)),
      checks.join('\n')
    );
    const planned = await t.page.getByTestId(testIds.runAction.steps).textContent();
    assert.ok(planned?.includes('Wait for the credentials agent to push the new credentials'), planned ?? '');
    await ctx.shot(t, 'credentials-refresh-plan');
    await t.page.getByTestId(testIds.runAction.run).click();
    const reason = `DB password leaked in a ticket (${ctx.line})`;
    await t.page.getByTestId(testIds.reasonModal.input).fill(reason);
    await t.page.getByTestId(testIds.reasonModal.submit).click();
    await t.page.waitForURL(JOB_URL);
    const jobId = JOB_URL.exec(t.page.url())![1];

    // The page shows the steps as they progress: record each step's states until the job ends.
    const seen = new Map<string, string[]>();
    let shotWaiting = false;
    const detail = t.page.getByTestId(testIds.job.detail);
    // The agent applies for 2 s; the job waits up to SWITCHYARD_CREDENTIALS_PUSH_TIMEOUT_MS, far longer.
    const deadline = Date.now() + 90_000;
    const recordSteps = async () => {
      const states = await t.page
        .getByTestId(testIds.job.step)
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-step') ?? '', e.getAttribute('data-status') ?? '']));
      for (const [step, status] of states) {
        const list = seen.get(step) ?? [];
        if (list[list.length - 1] !== status) list.push(status);
        seen.set(step, list);
      }
    };
    for (;;) {
      if (Date.now() > deadline)
        assert.fail(`job ${jobId} did not finish; steps seen: ${JSON.stringify(Object.fromEntries(seen))}`);
      await recordSteps();
      const status = (await detail.count()) ? await detail.getAttribute('data-status') : null;
      if (status && !ACTIVE_JOB_STATUSES.includes(status as JobStatus)) break;
      if (!shotWaiting && seen.get('await-push')?.at(-1) === 'running') {
        shotWaiting = true;
        await ctx.shot(t, 'credentials-refresh-waiting');
      }
      await t.page.waitForTimeout(200);
    }
    await t.page.locator(`[data-testid="${testIds.job.detail}"][data-status="succeeded"]`).waitFor();
    // The steps were last read before the job's status turned final, and the page may have rendered
    // both in between: read them once more now that it has.
    await recordSteps();
    const order = ['pending', 'running', 'succeeded'];
    for (const step of STEPS) {
      const states = seen.get(step) ?? [];
      assert.equal(states[states.length - 1], 'succeeded', `${step}: ${states.join(' → ')}`);
      assert.deepEqual(
        states,
        [...states].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
        `${step} only moves forward: ${states.join(' → ')}`
      );
    }
    const pushStep = t.page.locator(`[data-testid="${testIds.job.step}"][data-step="await-push"]`);
    // A long output sits behind "Show output", pretty-printed once opened.
    const showOutput = pushStep.getByRole('button', { name: 'Show output' });
    if (await showOutput.count()) await showOutput.click();
    assert.match((await pushStep.textContent()) ?? '', new RegExp(`"pushedBy":\\s*"${AGENT}"`));
    await ctx.shot(t, 'credentials-refresh-succeeded');

    // The job: the agent's push was accepted (by its service account), the deployment restarted once,
    // the workload authenticates; the new value is what the platform holds now and appears nowhere.
    const job = (await proxyApi(ctx.url).call('GET', `/api/v1/jobs/${jobId}`)).json as JobDetail;
    assert.equal(job.type, 'credentials.refresh');
    assert.equal(job.reason, reason);
    assert.deepEqual(
      job.steps.map((s) => `${s.name}:${s.status}`),
      STEPS.map((s) => `${s}:succeeded`)
    );
    const push = job.steps[2];
    assert.equal(push.observed?.pushedBy, AGENT);
    assert.match(String(push.observed?.fingerprint), /^[0-9a-f]{16}$/);
    assert.ok(Date.parse(push.finishedAt!) - Date.parse(push.startedAt!) >= 1000, 'the job waited for the agent');
    assert.equal(job.steps[4].observed?.authenticated, true);
    const after = (await simEffects(ctx.platformUrl!)).byTarget;
    const count = (k: string, m: Record<string, number>) => m[k] ?? 0;
    assert.equal(
      count(`credentialsApply:${ns}/${secret}`, after) - count(`credentialsApply:${ns}/${secret}`, before),
      1
    );
    assert.equal(count(`credentialsPush:${ns}/${secret}`, after) - count(`credentialsPush:${ns}/${secret}`, before), 1);
    assert.equal(count(`restart:${ns}/${deployment}`, after) - count(`restart:${ns}/${deployment}`, before), 1);

    const newValue = await platformSecretValue(
      ctx.platformUrl!,
      env.platformK8sToken!,
      tenant.environment,
      secret,
      'dsn'
    );
    assert.notEqual(newValue, oldValue, 'the secret holds a new value');
    const password = new URL(newValue).password;
    assert.ok(password.length >= 16);
    const audit = await proxyApi(ctx.url).call('GET', `/api/v1/audit?jobId=${jobId}&action=credentials.push&limit=50`);
    assert.equal(audit.status, 200, JSON.stringify(audit.json));
    const pushes = (
      audit.json as { items: Array<{ action: string; outcome: string; actor: { login: string } }> }
    ).items.filter((e) => e.action === 'credentials.push');
    assert.deepEqual(
      pushes.map((e) => `${e.actor.login}:${e.outcome}`),
      [`${AGENT}:success`]
    );
    const html = await t.page.content();
    for (const [where, text] of [
      ['job page', html],
      ['job', JSON.stringify(job)],
      ['audit', JSON.stringify(audit.json)],
    ] as const) {
      assert.ok(!text.includes(password) && !text.includes(newValue), `the new credential is not in the ${where}`);
    }
    assertClean(t);
    await t.page.close();

    // Pushing again is refused with the reason (the job already received them); an operator without
    // credentials:push is stopped by Grafana before the sidecar.
    const pushPath = `/api/plugin-proxy/${PLUGIN_ID}/api/v1/credential-pushes/${jobId}`;
    const body = JSON.stringify({
      environment: tenant.environment,
      secret,
      key: 'dsn',
      value: newValue,
      issuedAt: new Date().toISOString(),
    });
    const again = await fetch(`${ctx.url}${pushPath}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${env.credentialsAgentToken}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body,
    });
    const againBody = await again.text();
    assert.equal(again.status, 409, againBody);
    assert.match(JSON.parse(againBody).message, /already received/);
    assert.ok(!againBody.includes(password));
    const editor = await fetch(`${ctx.url}${pushPath}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('editor:editor').toString('base64')}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body,
    });
    assert.equal(editor.status, 403, await editor.text());
  });
});
