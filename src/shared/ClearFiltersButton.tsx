import { Button } from '@grafana/ui';
import React from 'react';

/** The "Clear filters" button of a list's toolbar (shown while a filter is set). */
export function ClearFiltersButton({
  onClick,
  className,
  testId,
}: {
  onClick: () => void;
  className?: string;
  testId?: string;
}) {
  return (
    <Button variant="secondary" fill="text" icon="times" onClick={onClick} className={className} data-testid={testId}>
      Clear filters
    </Button>
  );
}
