import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Text, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { Environment } from '../../contract';
import { testIds } from '../../shared/testIds';
import { RunActionScene } from '../../shared/RunActionScene';
import { AlertInboxScene } from './AlertInboxScene';
import { HubEnvironmentFilter } from './HubEnvironmentFilter';
import { JobsListScene } from './JobsListScene';
import { PlatformHealthScene } from './PlatformHealthScene';

export interface OperationsHubSceneState extends SceneObjectState {
  runAction: RunActionScene;
  alerts: AlertInboxScene;
  health: PlatformHealthScene;
  jobs: JobsListScene;
}

/**
 * The operations hub: only wires its sections (alert inbox, jobs, platform health) and the
 * run-an-action flow. One environment filter above the sections narrows all three; its value is the
 * jobs list's `filters.environment` (in the URL as `environment`), which health and the alert inbox follow.
 */
export class OperationsHubScene extends SceneObjectBase<OperationsHubSceneState> {
  static Component = OperationsHubRenderer;

  constructor(state: OperationsHubSceneState) {
    super(state);
    this.addActivationHandler(() => {
      // The hub's environment filter (stored with the jobs filters, in the URL) also chooses the health and alerts shown.
      const { jobs, health, alerts } = this.state;
      const follow = (environments: Environment[]) => {
        health.setEnvironments(environments);
        alerts.setEnvironments(environments);
      };
      follow(jobs.state.filters.environment);
      const sub = jobs.subscribeToState((s) => follow(s.filters.environment));
      return () => sub.unsubscribe();
    });
  }
}

export function buildOperationsHub(): OperationsHubScene {
  return new OperationsHubScene({
    runAction: new RunActionScene({ source: { kind: 'page', ref: 'operations' } }),
    alerts: new AlertInboxScene(),
    health: new PlatformHealthScene(),
    jobs: new JobsListScene(),
  });
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} aria-label={title}>
      <Text element="h2" variant="h4">
        {title}
      </Text>
      {children}
    </section>
  );
}

function OperationsHubRenderer({ model }: SceneComponentProps<OperationsHubScene>) {
  const { runAction, alerts, health, jobs } = model.useState();
  const styles = useStyles2(getStyles);
  return (
    <div data-testid={testIds.operations.hub}>
      <runAction.Component model={runAction} />
      <div className={styles.filters}>
        <HubEnvironmentFilter jobs={jobs} />
      </div>
      <Section title="Alert inbox">
        <alerts.Component model={alerts} />
      </Section>
      <Section title="Jobs">
        <jobs.Component model={jobs} />
      </Section>
      <Section title="Platform health">
        <health.Component model={health} />
      </Section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ marginBottom: theme.spacing(2) }),
  section: css({ marginBottom: theme.spacing(4), display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
});
