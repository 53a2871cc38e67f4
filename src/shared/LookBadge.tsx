import { Badge, type BadgeColor, type IconName } from '@grafana/ui';
import React from 'react';

/** How one value of a status-like field is drawn: colour, icon and label. */
export interface BadgeLook {
  color: BadgeColor;
  icon: IconName;
  label: string;
}

type DataAttributes = { [key: `data-${string}`]: string | undefined };

/**
 * The pill every status badge is drawn with: `look` from the badge's own table, `kind` names what
 * is shown for the accessible name (`${kind}: ${label}`), `data-*` attributes pass through.
 */
export function LookBadge({ look, kind, ...data }: { look: BadgeLook; kind: string } & DataAttributes) {
  return (
    <Badge color={look.color} icon={look.icon} text={look.label} {...data} aria-label={`${kind}: ${look.label}`} />
  );
}
