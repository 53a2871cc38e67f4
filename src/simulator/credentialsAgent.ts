/**
 * The platform's credentials agent. It runs beside the cluster with read access to its Secrets (that
 * is how it obtains a new credential: the Secret a credentials.refresh job just wrote), applies the
 * credential where the workload authenticates (here: the simulated tenant database, recorded as a
 * `credentialsApply` effect), then pushes it back to Switchyard through Grafana's plugin proxy with its
 * own service account token, which holds only the "Switchyard Credentials Agent" role
 * (`credentials:push`): `POST <pushUrl with {job}>` with one Idempotency-Key per Secret it handles.
 *
 * A push refused with 409 "not waiting for credentials" (the job has not reached its waiting step yet)
 * and transport or 5xx failures are retried with back-off; any other refusal is final and logged with
 * the reason Switchyard gave. The value never leaves the agent except in the push body: it is not
 * logged, not in the effect log, not in /sim state.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { SECRET_JOB_ANNOTATION, SECRET_JOB_TYPE_ANNOTATION } from '../contract/credentials';
import type { EffectLog } from './effects';
import type { K8sObject } from './kubernetes/store';

export interface CredentialsAgentOptions {
  /** Where a push goes; `{job}` is replaced by the job id (Grafana's `/api/plugin-proxy/<app id>/api/v1/credential-pushes/{job}`). */
  pushUrl: string;
  /** The agent's Grafana service account token. */
  token: string;
  /** How long applying a credential takes before it is pushed. */
  applyMs: number;
  /** Give up retrying after this long. */
  retryForMs: number;
}

const MAX_BACKOFF_MS = 5_000;

export class CredentialsAgent {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly opts: CredentialsAgentOptions,
    private readonly effects: EffectLog,
    private readonly log: Logger,
    private readonly now: () => number
  ) {}

  /** Called for every Secret created through the Kubernetes API. */
  secretCreated(secret: K8sObject): void {
    const { name, namespace, annotations = {} } = secret.metadata;
    const jobId = annotations[SECRET_JOB_ANNOTATION];
    if (!jobId || annotations[SECRET_JOB_TYPE_ANNOTATION] !== 'credentials.refresh' || !namespace) return;
    const target = `${namespace}/${name}`;
    const environment = /^platform-(.+)$/.exec(namespace)?.[1];
    const data = Object.entries((secret.data as Record<string, string> | undefined) ?? {});
    if (!environment || data.length !== 1) {
      this.log.warn(
        { job: jobId, secret: target, keys: data.length },
        'credentials agent: not a single-key secret of a platform namespace; nothing applied'
      );
      return;
    }
    const [key, b64] = data[0];
    const value = Buffer.from(b64, 'base64').toString('utf8');
    this.later(this.opts.applyMs, () => {
      this.effects.record('credentialsApply', target, undefined, { job: jobId, key });
      void this.push(jobId, target, { environment, secret: name, key, value }, randomUUID(), Date.now(), 1);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  private async push(
    jobId: string,
    target: string,
    body: { environment: string; secret: string; key: string; value: string },
    idempotencyKey: string,
    since: number,
    attempt: number
  ): Promise<void> {
    let status = 0;
    let message = '';
    try {
      const res = await fetch(this.opts.pushUrl.replace('{job}', encodeURIComponent(jobId)), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify({ ...body, issuedAt: new Date(this.now()).toISOString() }),
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      const answer = (await res.json().catch(() => ({}))) as { message?: unknown; fingerprint?: unknown };
      message = typeof answer.message === 'string' ? answer.message.slice(0, 300) : '';
      if (res.ok) {
        this.effects.record('credentialsPush', target, undefined, {
          job: jobId,
          status,
          attempts: attempt,
          fingerprint: answer.fingerprint,
        });
        this.log.info({ job: jobId, secret: target, attempts: attempt }, 'credentials agent: push accepted');
        return;
      }
    } catch (err) {
      message = (err as Error).message;
    }
    const retry = status === 0 || status >= 500 || (status === 409 && /not waiting for credentials/.test(message));
    if (retry && !this.stopped && Date.now() - since < this.opts.retryForMs) {
      this.later(Math.min(MAX_BACKOFF_MS, 250 * 2 ** (attempt - 1)), () => {
        void this.push(jobId, target, body, idempotencyKey, since, attempt + 1);
      });
      return;
    }
    this.effects.record('credentialsPush', target, undefined, { job: jobId, status, attempts: attempt });
    this.log.warn(
      { job: jobId, secret: target, status, reason: message, attempts: attempt },
      'credentials agent: push refused'
    );
  }
}
