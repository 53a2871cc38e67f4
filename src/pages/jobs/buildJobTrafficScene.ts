import { SceneFlexItem, SceneReactObject, type SceneFlexLayout } from '@grafana/scenes';
import { Text } from '@grafana/ui';
import React from 'react';
import type { JobDetail } from '../../contract';
import { MarkersLayer, jobMarkers } from '../../shared/panels/markers';
import { metricsPanelGroup } from '../../shared/panels/observedPanels';
import { timeControlledLayout } from '../../shared/panels/timeControls';
import { jobTraffic, jobWindow } from './jobTraffic';
import { jobDashboardLinks } from './jobDashboards';
import { DashboardLinksBar } from '../../shared/panels/DashboardLinksBar';

export interface JobTrafficScene {
  layout: SceneFlexLayout;
  /** Update on every poll: new steps, the end. */
  markers: MarkersLayer;
}

/**
 * The job target's traffic around the job window (VictoriaMetrics, one request), with the job's
 * start, each step and its end marked on every graph; time range and refresh in the URL.
 */
export function buildJobTrafficScene(job: JobDetail, nowMs: number = Date.now()): JobTrafficScene {
  const traffic = jobTraffic(job);
  const markers = new MarkersLayer({ name: 'Job', markers: jobMarkers(job) });
  const { from, to } = jobWindow(job, nowMs);
  const heading = new SceneReactObject({
    reactNode: React.createElement(Text, { element: 'h3', variant: 'h5', children: traffic.heading }),
  });
  const layout = timeControlledLayout({
    from,
    to,
    layers: [markers],
    header: [new SceneFlexItem({ body: heading })],
    children: [
      new SceneFlexItem({
        height: 'auto',
        body: new SceneReactObject({
          component: DashboardLinksBar,
          props: { links: jobDashboardLinks(job, nowMs) },
        }),
      }),
      metricsPanelGroup(traffic.queries, traffic.panels, { height: 220, minWidth: 320 }),
    ],
  });
  return { layout, markers };
}
