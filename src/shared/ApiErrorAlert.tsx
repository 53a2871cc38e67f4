import { Alert, Button, Stack, Text } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { testIds } from './testIds';

/** The message the user can act on plus what they can quote to support: never a stack. */
export function ApiErrorDetails({ error }: { error: ApiRequestError }) {
  const allowed = error.allowedStates;
  return (
    <Stack direction="column" gap={0.5}>
      <Text>{error.message}</Text>
      {allowed && (
        <Text color="secondary">Allowed next states: {allowed.length > 0 ? allowed.join(', ') : 'none'}</Text>
      )}
      {error.requestId && (
        <Text color="secondary" variant="bodySmall">
          Request id: <code data-testid={testIds.apiError.requestId}>{error.requestId}</code>
        </Text>
      )}
    </Stack>
  );
}

export interface ApiErrorAlertProps {
  title: string;
  error: ApiRequestError;
  onRetry?: () => void;
}

export function ApiErrorAlert({ title, error, onRetry }: ApiErrorAlertProps) {
  // In a div of its own: Grafana's Alert grows to fill a column layout (flex-grow), which drew an
  // empty block under it on pages whose content fills the window.
  return (
    <div>
      <Alert severity="error" title={title} data-testid={testIds.apiError.alert}>
        <Stack direction="column" gap={1}>
          <ApiErrorDetails error={error} />
          {onRetry && (
            <div>
              <Button size="sm" variant="secondary" icon="sync" onClick={onRetry}>
                Retry
              </Button>
            </div>
          )}
        </Stack>
      </Alert>
    </div>
  );
}
