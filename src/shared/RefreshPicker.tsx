import { Icon, RadioButtonGroup, Stack, Text, Tooltip } from '@grafana/ui';
import React from 'react';
import { REFRESH_INTERVALS, type RefreshInterval } from './liveRefresh';
import { testIds } from './testIds';

const LABELS: Record<RefreshInterval, string> = { off: 'Off', '10s': '10s', '30s': '30s', '1m': '1m' };

export interface RefreshPickerProps {
  value: RefreshInterval;
  onChange: (value: RefreshInterval) => void;
  /** Background refreshes failed in a row (the list backs off and says so). */
  failures?: number;
  /** What refreshes, for screen readers ("tenants"). */
  what: string;
}

/** "Auto refresh: Off · 10s · 30s · 1m" for a live list; the choice lives in the page URL. */
export function RefreshPicker({ value, onChange, failures = 0, what }: RefreshPickerProps) {
  return (
    <div data-testid={testIds.refreshPicker} data-value={value} data-failures={failures}>
      <Stack direction="row" gap={1} alignItems="center">
        <Text color="secondary" variant="bodySmall">
          Auto refresh
        </Text>
        <RadioButtonGroup<RefreshInterval>
          size="sm"
          aria-label={`Refresh ${what} every`}
          options={REFRESH_INTERVALS.map((i) => ({
            label: LABELS[i],
            value: i,
            description: `Refresh ${what}: ${LABELS[i]}`,
          }))}
          value={value}
          onChange={onChange}
        />
        {failures > 0 && value !== 'off' && (
          <Tooltip content={`The last ${failures} refresh(es) failed; retrying less often until one succeeds`}>
            <Icon name="exclamation-triangle" color="orange" aria-label="Refresh failing, backing off" />
          </Tooltip>
        )}
      </Stack>
    </div>
  );
}

/** What the refresh picker needs of a live scene (see `LiveScene`). */
export interface LiveList {
  useState(): { refresh: RefreshInterval; refreshFailures: number };
  setRefresh(refresh: RefreshInterval): void;
}

/** The refresh picker of a live scene or paged list (the interval lives in the page URL). */
export function ListRefreshPicker({ list, what }: { list: LiveList; what: string }) {
  const { refresh, refreshFailures } = list.useState();
  return <RefreshPicker value={refresh} onChange={list.setRefresh} failures={refreshFailures} what={what} />;
}
