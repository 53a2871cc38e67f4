import { SceneAppPage, type SceneAppDrilldownView } from '@grafana/scenes';
import { jobUrl, ROUTE_PATTERNS } from '../../shared/routing';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';

/** The job page (`operations/jobs/:jobId`), a drilldown of the operations hub wired by the app. */
export function jobDetailDrilldown(): SceneAppDrilldownView {
  return {
    routePath: ROUTE_PATTERNS.jobDetail,
    getPage: (match, parent) => {
      const jobId = match.params.jobId ?? '';
      return new SceneAppPage({
        title: `Job ${jobId.slice(0, 8)}`,
        url: jobUrl(jobId),
        routePath: ROUTE_PATTERNS.jobDetail,
        getParentPage: () => parent,
        getScene: () =>
          buildGuardedScene(Actions.operationsRead, () =>
            import(/* webpackChunkName: "page-job" */ './JobDetailScene').then((m) => new m.JobDetailScene({ jobId }))
          ),
      });
    },
  };
}
