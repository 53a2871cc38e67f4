/**
 * What an audit entry changed, read from its `details` as the sidecar records them: a status move
 * (`from` → `to`), field changes (`changes: { field: { from, to } }`), a created resource
 * (`tenant: {...}`) or a re-approved plan (`approvedPlanHash` → `planHash`). Everything else is
 * shown as plain details. Pure: no React, no Grafana.
 */
import type { AuditEntry } from '../contract';

export interface AuditChange {
  /** Dotted field path (`status`, `labels.team`). */
  field: string;
  /** Display text of the value before; null when the field did not exist. */
  before: string | null;
  after: string | null;
}

export interface AuditDiff {
  changes: AuditChange[];
  /** Details not explained by the changes, in key order. */
  other: Array<[string, string]>;
}

type Json = unknown;

function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as one line of text: strings as they are, everything else as JSON. */
export function displayValue(v: Json): string | null {
  if (v === undefined || v === null) {
    return null;
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Changes between two values; objects are compared key by key (one level deep is enough for labels). */
function changesOf(field: string, before: Json, after: Json): AuditChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => ({ field: `${field}.${k}`, before: displayValue(before[k]), after: displayValue(after[k]) }));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) {
    return [];
  }
  return [{ field, before: displayValue(before), after: displayValue(after) }];
}

/** The field a bare `from`/`to` pair is about: jobs move between job statuses, everything else a status. */
function moveField(entry: Pick<AuditEntry, 'targetType'>): string {
  return entry.targetType === 'job' ? 'job status' : 'status';
}

export function auditDiff(entry: Pick<AuditEntry, 'targetType' | 'details'>): AuditDiff {
  const d = entry.details ?? {};
  const used = new Set<string>();
  const changes: AuditChange[] = [];

  if ('from' in d && 'to' in d && !isPlainObject(d.from) && !isPlainObject(d.to)) {
    changes.push({ field: moveField(entry), before: displayValue(d.from), after: displayValue(d.to) });
    used.add('from').add('to');
  }
  if (isPlainObject(d.changes)) {
    for (const [field, change] of Object.entries(d.changes)) {
      if (isPlainObject(change) && ('from' in change || 'to' in change)) {
        changes.push(...changesOf(field, change.from, change.to));
      }
    }
    used.add('changes');
  }
  if (isPlainObject(d.tenant)) {
    for (const [field, value] of Object.entries(d.tenant)) {
      changes.push(...changesOf(field, undefined, value));
    }
    used.add('tenant');
  }
  if (typeof d.approvedPlanHash === 'string' && typeof d.planHash === 'string') {
    changes.push({ field: 'plan hash', before: d.approvedPlanHash, after: d.planHash });
    used.add('approvedPlanHash').add('planHash');
  }
  const other = Object.keys(d)
    .filter((k) => !used.has(k))
    .sort()
    .map((k): [string, string] => [k, displayValue(d[k]) ?? 'null']);
  return { changes, other };
}

/** One line for a list: `provisioning → active`, `displayName: Old → New`, or '' when nothing changed. */
export function changeSummary(entry: Pick<AuditEntry, 'targetType' | 'details'>): string {
  const { changes } = auditDiff(entry);
  if (changes.length === 0) {
    return '';
  }
  const first = changes[0];
  const move = `${first.before ?? '∅'} → ${first.after ?? '∅'}`;
  const text = first.field === moveField(entry) ? move : `${first.field}: ${move}`;
  return changes.length > 1 ? `${text} (+${changes.length - 1} more)` : text;
}
