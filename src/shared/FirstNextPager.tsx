import { Button, Stack } from '@grafana/ui';
import React from 'react';

export interface FirstNextPagerProps {
  /** The cursor of the page shown (none: the first page). */
  cursor?: string;
  nextCursor: string | null;
  loading: boolean;
  onFirst: () => void;
  onNext: () => void;
  nextTestId?: string;
}

/** First / Next of a forward-only paged table: both disabled while a page loads, First on the first page, Next on the last. */
export function FirstNextPager({ cursor, nextCursor, loading, onFirst, onNext, nextTestId }: FirstNextPagerProps) {
  return (
    <Stack direction="row" justifyContent="flex-end" gap={1}>
      <Button size="sm" variant="secondary" icon="angle-double-left" disabled={!cursor || loading} onClick={onFirst}>
        First
      </Button>
      <Button size="sm" variant="secondary" disabled={!nextCursor || loading} onClick={onNext} data-testid={nextTestId}>
        Next
      </Button>
    </Stack>
  );
}
