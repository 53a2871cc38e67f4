import { DataTopic, FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type DataFrame } from '@grafana/data';
import {
  SceneDataLayerBase,
  dataLayers,
  sceneGraph,
  type SceneComponentProps,
  type SceneDataLayerProviderState,
} from '@grafana/scenes';
import { InlineSwitch } from '@grafana/ui';
import React from 'react';
import { DATASOURCE_UIDS } from '../../constants';
import { DATASOURCE_PLUGIN_ID } from '../../contract/datasource';
import type { Environment, JobDetail } from '../../contract';

/** A point (or region, with `timeEnd`) drawn on every graph below its layer. */
export interface Marker {
  time: number;
  timeEnd?: number;
  title: string;
  text?: string;
  /** A theme colour name or CSS colour. */
  color: string;
  tags?: string[];
}

const ms = (iso: string | null | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);

/**
 * A job's start, the start of each step and its end as markers: what a graph of the job's
 * target shows next to its traffic (a drain's traffic falls after "drain" starts).
 */
export function jobMarkers(
  job: Pick<JobDetail, 'type' | 'status' | 'createdAt' | 'startedAt' | 'finishedAt' | 'steps'>
): Marker[] {
  const out: Marker[] = [];
  const start = ms(job.startedAt) ?? ms(job.createdAt);
  if (start !== undefined) out.push({ time: start, title: `${job.type} started`, color: 'blue', tags: ['start'] });
  for (const step of job.steps) {
    const t = ms(step.startedAt);
    if (t === undefined) continue;
    const end = ms(step.finishedAt);
    out.push({
      time: t,
      ...(end !== undefined && end > t ? { timeEnd: end } : {}),
      title: `Step ${step.index + 1}: ${step.title}`,
      text: step.status,
      color: step.status === 'failed' ? 'red' : 'purple',
      tags: ['step', step.name],
    });
  }
  const end = ms(job.finishedAt);
  if (end !== undefined) {
    out.push({
      time: end,
      title: `${job.type} ${job.status}`,
      color: job.status === 'succeeded' ? 'green' : job.status === 'failed' ? 'red' : 'orange',
      tags: ['end'],
    });
  }
  return out;
}

/** Markers as an annotation frame, the shape Grafana's panels draw. */
export function markersFrame(markers: readonly Marker[]): DataFrame {
  const frame = toDataFrame({
    name: 'markers',
    fields: [
      { name: 'time', type: FieldType.time, values: markers.map((m) => m.time) },
      { name: 'timeEnd', type: FieldType.time, values: markers.map((m) => m.timeEnd ?? m.time) },
      { name: 'isRegion', type: FieldType.boolean, values: markers.map((m) => m.timeEnd !== undefined) },
      { name: 'title', type: FieldType.string, values: markers.map((m) => m.title) },
      { name: 'text', type: FieldType.string, values: markers.map((m) => m.text ?? '') },
      { name: 'color', type: FieldType.string, values: markers.map((m) => m.color) },
      { name: 'tags', type: FieldType.other, values: markers.map((m) => m.tags ?? []) },
    ],
  });
  frame.meta = { dataTopic: DataTopic.Annotations };
  return frame;
}

export interface MarkersLayerState extends SceneDataLayerProviderState {
  markers: Marker[];
}

/** An annotation layer of markers known to the page (a job's steps), no data request; a switch hides them. */
export class MarkersLayer extends SceneDataLayerBase<MarkersLayerState> {
  static Component = MarkersLayerRenderer;

  constructor(state: Omit<MarkersLayerState, 'name'> & { name?: string }) {
    super({ name: 'Markers', ...state });
  }

  onEnable() {
    this._subs.add(this.subscribeToState((n, p) => n.markers !== p.markers && this.runLayer()));
  }

  onDisable() {}

  runLayer() {
    // No query to cancel; set so the base class clears the markers when the layer is switched off.
    this.querySub = { unsubscribe: () => undefined };
    const frame = markersFrame(this.state.markers);
    this.publishResults({
      state: LoadingState.Done,
      series: [frame],
      annotations: [frame],
      timeRange: this.parent ? sceneGraph.getTimeRange(this).state.value : getDefaultTimeRange(),
    });
  }
}

function MarkersLayerRenderer({ model }: SceneComponentProps<MarkersLayer>) {
  const { isEnabled, key } = model.useState();
  return React.createElement(InlineSwitch, {
    id: `data-layer-${key}`,
    value: isEnabled,
    onChange: () => model.setState({ isEnabled: !isEnabled }),
  });
}

/**
 * A tenant's (or an environment's) jobs as regions on every graph below, from the Switchyard data
 * source's `jobAnnotations` query.
 */
export function jobMarkersLayer(filter: { tenant?: string; environment?: Environment } = {}) {
  return new dataLayers.AnnotationsDataLayer({
    name: 'Jobs',
    query: {
      name: 'Jobs',
      enable: true,
      iconColor: 'purple',
      datasource: { type: DATASOURCE_PLUGIN_ID, uid: DATASOURCE_UIDS.controlPlane },
      target: {
        refId: 'jobs',
        queryType: 'jobAnnotations',
        ...(filter.tenant ? { tenant: filter.tenant } : {}),
        ...(filter.environment ? { environment: [filter.environment] } : {}),
      } as never,
    },
  });
}
