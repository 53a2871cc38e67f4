/**
 * Annotates job start and finish on Grafana dashboards (SPEC §6): a point annotation when a job
 * starts, turned into a region (start → finish) when it finishes; if the start annotation is unknown
 * (it failed, or the sidecar restarted) the finish posts the whole region. Tags: `switchyard`, the job
 * type, `tenant:<id>`, `env:<env>` and, on finish, `status:<status>`. Failures are logged, never
 * thrown: annotating can neither fail nor slow a job.
 */
import type { Logger } from 'pino';
import { appPaths, type Job } from '../../../contract';
import type { AnnotationInput, GrafanaClient } from '../../platform/grafana';
import type { JobLifecycleListener } from '../../jobs/jobLifecycle';
import { systemClock, type Clock } from '../../kernel/clock';

/** Start annotations remembered for their finish (bounded; the oldest is forgotten first). */
const MAX_REMEMBERED = 2000;

const ms = (iso: string | null | undefined, fallback: number) => (iso ? Date.parse(iso) : fallback);

export function annotationTags(job: Job, finished: boolean): string[] {
  const tags = ['switchyard', job.type, `env:${job.environment}`];
  if (job.tenantId) tags.push(`tenant:${job.tenantId}`);
  if (finished) tags.push(`status:${job.status}`);
  return tags;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string
  );
}

export function annotationText(job: Job, finished: boolean): string {
  const what = `${escapeHtml(job.type)} on ${escapeHtml(job.target)}`;
  const state = finished ? escapeHtml(job.status) : 'started';
  const by = escapeHtml(job.requestedBy.login);
  const link = `<a href="${escapeHtml(appPaths.job(job.id))}">job ${escapeHtml(job.id.slice(0, 8))}</a>`;
  const error = finished && job.error ? `: ${escapeHtml(job.error.message)}` : '';
  return `Switchyard ${what} ${state}${error} (${by}, ${link})`;
}

export class AnnotationsService implements JobLifecycleListener {
  private readonly started = new Map<string, Promise<number | null>>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly grafana: GrafanaClient,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock()
  ) {}

  jobStarted(job: Job): void {
    const body: AnnotationInput = {
      time: ms(job.startedAt, this.clock.now().getTime()),
      tags: annotationTags(job, false),
      text: annotationText(job, false),
    };
    const id = this.track(
      this.grafana.createAnnotation(body).then(
        (r) => r.id,
        (err: Error) => {
          this.logger.warn({ err: err.message, jobId: job.id }, 'annotating job start failed');
          return null;
        }
      )
    );
    this.started.set(job.id, id);
    if (this.started.size > MAX_REMEMBERED) this.started.delete(this.started.keys().next().value as string);
  }

  jobFinished(job: Job): void {
    const startId = this.started.get(job.id) ?? Promise.resolve(null);
    this.started.delete(job.id);
    const end = ms(job.finishedAt, this.clock.now().getTime());
    const region: AnnotationInput = {
      time: ms(job.startedAt ?? job.createdAt, end),
      timeEnd: end,
      tags: annotationTags(job, true),
      text: annotationText(job, true),
    };
    this.track(
      startId
        .then(async (id) => {
          if (id === null) await this.grafana.createAnnotation(region);
          else await this.grafana.updateAnnotation(id, region);
        })
        .catch((err: Error) => this.logger.warn({ err: err.message, jobId: job.id }, 'annotating job finish failed'))
    );
  }

  /** Resolves when every annotation call started so far has settled (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }
}

/** The listener when SWITCHYARD_GRAFANA_SA_TOKEN is not set. */
export const noAnnotations: JobLifecycleListener & { idle(): Promise<void> } = {
  jobStarted: () => undefined,
  jobFinished: () => undefined,
  idle: async () => undefined,
};
