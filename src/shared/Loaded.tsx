import { LoadingPlaceholder } from '@grafana/ui';
import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { ApiErrorAlert } from './ApiErrorAlert';

export interface LoadedProps<T> {
  /** What was read; undefined until the first answer. */
  value: T | undefined;
  error?: ApiRequestError;
  /** The error alert's title; without it the error is shown elsewhere on the page (only the placeholder hides). */
  errorTitle?: string;
  onRetry?: () => void;
  /** The placeholder's text while nothing was read yet (none without it). */
  loading?: string;
  /** Whether `value` is empty: `empty` shows instead of `children`. */
  isEmpty?: (value: T) => boolean;
  empty?: React.ReactNode;
  children: (value: T) => React.ReactNode;
}

/**
 * The states of one part of a page that loads: the error (with Retry), a placeholder until the first
 * answer, the empty state, then the content. A value read before stays shown beside a later error.
 */
export function Loaded<T>({ value, error, errorTitle, onRetry, loading, isEmpty, empty, children }: LoadedProps<T>) {
  return (
    <>
      {error && errorTitle && <ApiErrorAlert title={errorTitle} error={error} onRetry={onRetry} />}
      {value === undefined && !error && loading && <LoadingPlaceholder text={loading} />}
      {value !== undefined && (isEmpty?.(value) ? empty : children(value))}
    </>
  );
}

/** For `isEmpty`: a list with no items. */
export const noItems = (items: readonly unknown[]) => items.length === 0;
