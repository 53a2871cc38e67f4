import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { V1CronJob, V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import {
  CRON_WINDOW_ANNOTATION,
  cronJobHealth,
  deploymentHealth,
  evaluate,
  podHealth,
  staleBody,
} from './health.rules';

const NOW = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function pod(phase: string, ready: boolean[], extra: Partial<V1Pod> = {}): V1Pod {
  return {
    metadata: {
      name: `p-${phase}-${ready.join('')}`,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gateway-prod-0-m587z28l7q', uid: 'u', controller: true },
      ],
    },
    spec: { containers: ready.map((_, i) => ({ name: `c${i}` })) },
    status: {
      phase,
      startTime: minutesAgo(10),
      containerStatuses: ready.map((r, i) => ({
        name: `c${i}`,
        image: 'x',
        imageID: 'x',
        ready: r,
        restartCount: r ? 0 : 7,
        ...(r ? {} : { state: { waiting: { reason: 'CrashLoopBackOff' } } }),
      })),
    },
    ...extra,
  };
}

describe('pod rules', () => {
  test('Running with every container ready is healthy; owner is the deployment', () => {
    const h = podHealth(pod('Running', [true, true]));
    assert.equal(h.state, 'healthy');
    assert.equal(h.reason, null);
    assert.equal(h.readyContainers, 2);
    assert.equal(h.owner, 'gateway-prod-0');
  });
  test('the owner strips exactly the pod-template-hash the pod carries (any hash length)', () => {
    const p = pod('Running', [true]);
    p.metadata = {
      name: 'api-v2-6f9c4d8b7c-x2x9k',
      labels: { 'pod-template-hash': '6f9c4d8b7c' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-v2-6f9c4d8b7c', uid: 'u' }],
    };
    assert.equal(podHealth(p).owner, 'api-v2');
    p.metadata.labels = { 'pod-template-hash': 'abc' };
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-v2-abc', uid: 'u' }];
    assert.equal(podHealth(p).owner, 'api-v2');
  });
  test('Running with one container not ready is unhealthy with the waiting reason and restarts', () => {
    const h = podHealth(pod('Running', [true, false]));
    assert.equal(h.state, 'unhealthy');
    assert.equal(h.reason, 'CrashLoopBackOff');
    assert.equal(h.restarts, 7);
  });
  test('Running before any container reported status is not healthy', () => {
    const p = pod('Running', []);
    p.spec = { containers: [{ name: 'c0' }] };
    assert.equal(podHealth(p).state, 'unhealthy');
  });
  test('Pending is pending', () => {
    assert.equal(podHealth(pod('Pending', [false])).state, 'pending');
  });
  test('Failed is unhealthy', () => {
    const h = podHealth(pod('Failed', [false], { status: { phase: 'Failed', reason: 'Evicted' } }));
    assert.equal(h.state, 'unhealthy');
    assert.equal(h.reason, 'Evicted');
  });
  test('Succeeded (a finished run) is healthy; an unknown phase is unknown', () => {
    assert.equal(podHealth(pod('Succeeded', [false])).state, 'healthy');
    assert.equal(podHealth(pod('Unknown', [true])).state, 'unknown');
  });
});

function deployment(
  desired: number,
  ready: number,
  updated = ready,
  extra: Partial<V1Deployment['status']> = {}
): V1Deployment {
  return {
    metadata: { name: 'gateway-prod-0', generation: 2, labels: { 'app.kubernetes.io/version': '2.14.3' } },
    spec: { replicas: desired, selector: {}, template: {} },
    status: {
      observedGeneration: 2,
      readyReplicas: ready,
      updatedReplicas: updated,
      availableReplicas: ready,
      ...extra,
    },
  };
}

describe('deployment rules', () => {
  test('all desired replicas updated and ready → healthy, with the version label', () => {
    const h = deploymentHealth(deployment(2, 2));
    assert.equal(h.state, 'healthy');
    assert.equal(h.version, '2.14.3');
  });
  test('no ready replica → unhealthy', () => {
    assert.equal(deploymentHealth(deployment(2, 0)).state, 'unhealthy');
  });
  test('rolling out (partly updated) → pending', () => {
    const h = deploymentHealth(deployment(2, 2, 1));
    assert.equal(h.state, 'pending');
    assert.match(h.reason ?? '', /1\/2 updated/);
  });
  test('progress deadline exceeded → unhealthy', () => {
    const d = deployment(2, 1, 1, {
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    });
    assert.equal(deploymentHealth(d).state, 'unhealthy');
    assert.equal(deploymentHealth(d).reason, 'ProgressDeadlineExceeded');
  });
  test('scaled to zero → healthy', () => {
    assert.equal(deploymentHealth(deployment(0, 0)).state, 'healthy');
  });
  test('a status that still says 2/2 while its pods crash-loop is not healthy: the pods decide', () => {
    const crashing = [
      pod('Running', [false]),
      { ...pod('Running', [false]), metadata: { ...pod('Running', [false]).metadata, name: 'p2' } },
    ];
    const h = deploymentHealth(deployment(2, 2), crashing.map(podHealth));
    assert.equal(h.state, 'unhealthy');
    assert.equal(h.ready, 0);
    assert.match(h.reason ?? '', /0\/2 replicas ready \(pod p-Running-false: CrashLoopBackOff\)/);
    const oneDown = deploymentHealth(
      deployment(2, 2),
      [pod('Running', [true]), pod('Running', [false])].map(podHealth)
    );
    assert.equal(oneDown.state, 'unhealthy');
    assert.equal(oneDown.ready, 1);
    assert.match(oneDown.reason ?? '', /1\/2 pods ready/);
  });
  test('pods of other workloads and finished pods do not count; all pods ready keeps it healthy', () => {
    const other = {
      ...pod('Running', [false]),
      metadata: {
        name: 'x',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'runner-prod-0-abcde', uid: 'v', controller: true },
        ],
      },
    };
    assert.equal(deploymentHealth(deployment(1, 1), [podHealth(other)]).state, 'healthy');
    assert.equal(
      deploymentHealth(deployment(1, 1), [pod('Running', [true]), pod('Succeeded', [false])].map(podHealth)).state,
      'healthy'
    );
  });
  test('evaluate applies the pod rule to every deployment of the read', () => {
    const body = evaluate(
      { pods: [pod('Running', [false])], deployments: [deployment(1, 1)], cronJobs: [], jobs: [] },
      NOW
    );
    assert.equal(body.deployments[0].state, 'unhealthy');
    assert.equal(body.state, 'unhealthy');
  });
});

const CJ_UID = 'cj-uid';
function cron(
  extra: { lastSuccessfulTime?: Date; annotations?: Record<string, string>; suspend?: boolean } = {}
): V1CronJob {
  return {
    metadata: { name: 'storage-backup', uid: CJ_UID, annotations: extra.annotations },
    spec: { schedule: '*/30 * * * *', suspend: extra.suspend ?? false, jobTemplate: {} },
    status: {
      lastScheduleTime: minutesAgo(5),
      ...(extra.lastSuccessfulTime ? { lastSuccessfulTime: extra.lastSuccessfulTime } : {}),
    },
  };
}
function run(name: string, startedMinAgo: number, outcome: 'ok' | 'fail' | 'running', owner = CJ_UID): V1Job {
  const start = minutesAgo(startedMinAgo);
  const done = new Date(start.getTime() + 30_000);
  return {
    metadata: {
      name,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'storage-backup', uid: owner }],
    },
    status:
      outcome === 'ok'
        ? {
            startTime: start,
            completionTime: done,
            succeeded: 1,
            conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: done }],
          }
        : outcome === 'fail'
          ? { startTime: start, failed: 1, conditions: [{ type: 'Failed', status: 'True', lastTransitionTime: done }] }
          : { startTime: start, active: 1 },
  };
}

describe('cron job rules', () => {
  test('last success within the default 35 min window → healthy', () => {
    assert.equal(cronJobHealth(cron({ lastSuccessfulTime: minutesAgo(34) }), [], NOW).state, 'healthy');
  });
  test('last success older than the window → unhealthy, saying how old', () => {
    const h = cronJobHealth(cron({ lastSuccessfulTime: minutesAgo(36) }), [], NOW);
    assert.equal(h.state, 'unhealthy');
    assert.match(h.reason ?? '', /36 min ago \(window 35 min\)/);
  });
  test('the configured default window and the per-job annotation both apply', () => {
    assert.equal(cronJobHealth(cron({ lastSuccessfulTime: minutesAgo(50) }), [], NOW, 60).state, 'healthy');
    const annotated = cron({ lastSuccessfulTime: minutesAgo(50), annotations: { [CRON_WINDOW_ANNOTATION]: '45' } });
    const h = cronJobHealth(annotated, [], NOW, 60);
    assert.equal(h.windowMinutes, 45);
    assert.equal(h.state, 'unhealthy');
  });
  test('no data at all → unknown', () => {
    const cj = cron();
    cj.status = {};
    const h = cronJobHealth(cj, [], NOW);
    assert.equal(h.state, 'unknown');
    assert.deepEqual(h.runs, []);
  });
  test('runs that only failed → unhealthy; a first run still going → unknown', () => {
    assert.equal(cronJobHealth(cron(), [run('a', 20, 'fail')], NOW).state, 'unhealthy');
    assert.equal(cronJobHealth(cron(), [run('a', 1, 'running')], NOW).state, 'unknown');
  });
  test('a successful run counts even when status.lastSuccessfulTime is missing', () => {
    const h = cronJobHealth(cron(), [run('a', 10, 'ok')], NOW);
    assert.equal(h.state, 'healthy');
    assert.equal(h.lastSuccessAt, new Date(minutesAgo(10).getTime() + 30_000).toISOString());
  });
  test('the last 5 runs of THIS cron job, newest first, with outcomes', () => {
    const jobs = [
      run('r1', 150, 'ok'),
      run('r2', 120, 'ok'),
      run('r3', 90, 'fail'),
      run('r4', 60, 'ok'),
      run('r5', 30, 'fail'),
      run('r6', 1, 'running'),
      run('other', 2, 'ok', 'another-uid'),
    ];
    const h = cronJobHealth(cron({ lastSuccessfulTime: minutesAgo(59) }), jobs, NOW);
    assert.deepEqual(
      h.runs.map((r) => [r.name, r.outcome]),
      [
        ['r6', 'running'],
        ['r5', 'failed'],
        ['r4', 'succeeded'],
        ['r3', 'failed'],
        ['r2', 'succeeded'],
      ]
    );
    assert.equal(h.state, 'unhealthy', 'last success 59 min ago is outside 35 min even with newer failed runs');
    assert.equal(h.runs[0].finishedAt, null);
  });
});

function jobPod(jobName: string, startedMinAgo: number, exitCodes: number[], reason = 'Error'): V1Pod {
  return {
    metadata: {
      name: `${jobName}-x${startedMinAgo}`,
      labels: { 'batch.kubernetes.io/job-name': jobName },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: `${jobName}-uid` }],
    },
    status: {
      phase: exitCodes.every((c) => c === 0) ? 'Succeeded' : 'Failed',
      startTime: minutesAgo(startedMinAgo),
      containerStatuses: exitCodes.map((exitCode, i) => ({
        name: `c${i}`,
        image: 'x',
        imageID: 'x',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : reason } },
      })),
    },
  };
}

describe('cron runs: duration, exit code and reason', () => {
  test('a succeeded run: duration from start to completion, exit code of its pod', () => {
    const h = cronJobHealth(cron(), [run('a', 10, 'ok')], NOW, 35, [jobPod('a', 10, [0])]);
    assert.deepEqual(
      { d: h.runs[0].durationSeconds, e: h.runs[0].exitCode, r: h.runs[0].reason },
      { d: 30, e: 0, r: null }
    );
  });
  test('a failed run: the non-zero exit code of the container that failed, the Failed condition reason', () => {
    const failed = run('b', 20, 'fail');
    failed.status!.conditions![0].reason = 'BackoffLimitExceeded';
    const h = cronJobHealth(cron(), [failed], NOW, 35, [jobPod('b', 20, [0, 137], 'OOMKilled')]);
    assert.equal(h.runs[0].exitCode, 137);
    assert.equal(h.runs[0].durationSeconds, 30);
    assert.equal(h.runs[0].reason, 'BackoffLimitExceeded');
  });
  test('without a Failed reason the container reason explains the failure; retries: the newest pod counts', () => {
    const h = cronJobHealth(cron(), [run('c', 20, 'fail')], NOW, 35, [
      jobPod('c', 20, [1], 'Error'),
      jobPod('c', 19, [2], 'OOMKilled'),
    ]);
    assert.equal(h.runs[0].exitCode, 2);
    assert.equal(h.runs[0].reason, 'OOMKilled');
  });
  test('a running run has no duration; no pod → no exit code; pods of other jobs do not count', () => {
    const h = cronJobHealth(cron(), [run('d', 1, 'running'), run('e', 30, 'ok')], NOW, 35, [jobPod('zzz', 30, [3])]);
    assert.deepEqual(
      h.runs.map((r) => [r.name, r.durationSeconds, r.exitCode]),
      [
        ['d', null, null],
        ['e', 30, null],
      ]
    );
  });
  test('evaluate passes the namespace pods to the cron rule', () => {
    const body = evaluate(
      { pods: [jobPod('a', 10, [0])], deployments: [], cronJobs: [cron()], jobs: [run('a', 10, 'ok')] },
      NOW
    );
    assert.equal(body.cronJobs[0].runs[0].exitCode, 0);
  });
});

describe('snapshot', () => {
  test('worst state wins and lists are worst-first; counts cover everything', () => {
    const body = evaluate(
      {
        pods: [pod('Running', [true]), pod('Pending', [false]), pod('Running', [false])],
        deployments: [deployment(2, 2)],
        cronJobs: [cron({ lastSuccessfulTime: minutesAgo(1) })],
        jobs: [],
      },
      NOW
    );
    assert.equal(body.state, 'unhealthy');
    assert.deepEqual(
      body.pods.map((p) => p.state),
      ['unhealthy', 'pending', 'healthy']
    );
    assert.deepEqual(body.counts.pods, { healthy: 1, pending: 1, unhealthy: 1, unknown: 0 });
    assert.equal(body.counts.cronJobs.healthy, 1);
  });
  test('an empty namespace is unknown, never healthy', () => {
    assert.equal(evaluate({ pods: [], deployments: [], cronJobs: [], jobs: [] }, NOW).state, 'unknown');
  });
  test('all healthy → healthy; a stale copy turns every state unknown', () => {
    const body = evaluate(
      { pods: [pod('Running', [true])], deployments: [deployment(1, 1)], cronJobs: [], jobs: [] },
      NOW
    );
    assert.equal(body.state, 'healthy');
    const stale = staleBody(body);
    assert.equal(stale.state, 'unknown');
    assert.deepEqual(stale.counts.pods, { healthy: 0, pending: 0, unhealthy: 0, unknown: 1 });
    assert.equal(stale.pods[0].name, body.pods[0].name);
  });
});
