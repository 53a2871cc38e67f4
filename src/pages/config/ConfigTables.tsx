import { Badge, Button, Stack } from '@grafana/ui';
import React from 'react';
import type { ConfigDocumentList } from '../../api/configApi';
import {
  ENVIRONMENTS,
  type ConfigDiffEntry,
  type ConfigPreview,
  type ConfigVersion,
  type Environment,
} from '../../contract';
import { useDataTableClass } from '../../shared/tableStyles';
import { testIds } from '../../shared/testIds';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** Documents by kind and scope: latest version, the version applied per environment, last writer. */
export function ConfigDocumentsTable({
  items,
  selected,
  onOpen,
}: {
  items: ConfigDocumentList['items'];
  selected?: { kind: string; scope: string };
  onOpen: (kind: ConfigDocumentList['items'][number]['kind'], scope: string) => void;
}) {
  const table = useDataTableClass();
  return (
    <table className={table} data-testid={testIds.configDocs.documents}>
      <thead>
        <tr>
          <th>Kind</th>
          <th>Scope</th>
          <th>Latest</th>
          {ENVIRONMENTS.map((e) => (
            <th key={e}>Applied in {e}</th>
          ))}
          <th>Updated</th>
          <th>By</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const isOpen = selected?.kind === d.kind && selected.scope === d.scope;
          return (
            <tr
              key={`${d.kind}/${d.scope}`}
              data-testid={testIds.configDocs.documentRow}
              data-kind={d.kind}
              data-scope={d.scope}
              aria-selected={isOpen}
            >
              <td>{d.kind}</td>
              <td>
                <Button variant="secondary" fill="text" size="sm" onClick={() => onOpen(d.kind, d.scope)}>
                  {d.scope}
                </Button>
              </td>
              <td>v{d.latestVersion}</td>
              {ENVIRONMENTS.map((e) => {
                const v = d.appliedVersion[e];
                return (
                  <td key={e}>
                    {v === null || v === undefined ? (
                      '—'
                    ) : (
                      <Badge text={`v${v}`} color={v === d.latestVersion ? 'green' : 'orange'} />
                    )}
                  </td>
                );
              })}
              <td>{d.updatedAt.replace('T', ' ').slice(0, 19)}</td>
              <td>{d.author}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Versions newest first, with where each is applied; pick two to compare, apply one, or roll back to one. */
export function ConfigHistoryTable({
  versions,
  applied,
  from,
  to,
  canWrite,
  onCompare,
  onApply,
  onRollback,
}: {
  versions: ConfigVersion[];
  applied: Partial<Record<Environment, number | null>>;
  from?: number;
  to?: number;
  canWrite: boolean;
  onCompare: (which: 'from' | 'to', version: number) => void;
  onApply: (version: number) => void;
  onRollback: (version: number) => void;
}) {
  const table = useDataTableClass();
  const latest = versions[0]?.version;
  return (
    <table className={table} data-testid={testIds.configDocs.history}>
      <thead>
        <tr>
          <th>Version</th>
          <th>Author</th>
          <th>Reason</th>
          <th>Written</th>
          <th>Applied in</th>
          <th>Compare</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => {
          const where = ENVIRONMENTS.filter((e) => applied[e] === v.version);
          return (
            <tr key={v.version} data-testid={testIds.configDocs.versionRow} data-version={v.version}>
              <td>
                v{v.version}
                {v.restoredFrom !== null && <> (restores v{v.restoredFrom})</>}
              </td>
              <td>{v.author}</td>
              <td>{v.reason}</td>
              <td>{v.createdAt.replace('T', ' ').slice(0, 19)}</td>
              <td>{where.length ? where.join(', ') : '—'}</td>
              <td>
                <Stack direction="row" gap={0.5}>
                  <Button
                    size="sm"
                    variant={from === v.version ? 'primary' : 'secondary'}
                    aria-label={`Compare from version ${v.version}`}
                    onClick={() => onCompare('from', v.version)}
                  >
                    From
                  </Button>
                  <Button
                    size="sm"
                    variant={to === v.version ? 'primary' : 'secondary'}
                    aria-label={`Compare to version ${v.version}`}
                    onClick={() => onCompare('to', v.version)}
                  >
                    To
                  </Button>
                </Stack>
              </td>
              <td>
                <Stack direction="row" gap={0.5}>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={!canWrite}
                    aria-label={`Apply version ${v.version}`}
                    onClick={() => onApply(v.version)}
                  >
                    Apply
                  </Button>
                  {v.version !== latest && (
                    <Button
                      size="sm"
                      variant="destructive"
                      fill="outline"
                      disabled={!canWrite}
                      aria-label={`Roll back to version ${v.version}`}
                      onClick={() => onRollback(v.version)}
                    >
                      Roll back to
                    </Button>
                  )}
                </Stack>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Per-key changes: path, added/removed/changed, before and after. */
export function ConfigDiffTable({ entries }: { entries: ConfigDiffEntry[] }) {
  const table = useDataTableClass();
  return (
    <table className={table} data-testid={testIds.configDocs.diff}>
      <thead>
        <tr>
          <th>Key</th>
          <th>Change</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.path} data-testid={testIds.configDocs.diffEntry} data-path={e.path} data-change={e.change}>
            <td>{e.path}</td>
            <td>
              <Badge text={e.change} color={e.change === 'added' ? 'green' : e.change === 'removed' ? 'red' : 'blue'} />
            </td>
            <td>{show(e.before)}</td>
            <td>{show(e.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The affected tenants of a draft: each changed key's effective value before and after, and its source. */
export function ConfigPreviewTable({ samples }: { samples: ConfigPreview['samples'] }) {
  const table = useDataTableClass();
  return (
    <table className={table}>
      <thead>
        <tr>
          <th>Tenant</th>
          <th>Key</th>
          <th>Effective now</th>
          <th>After</th>
          <th>Source after</th>
        </tr>
      </thead>
      <tbody>
        {samples.flatMap((s) =>
          s.changes.map((c, i) => (
            <tr
              key={`${s.tenantId}/${c.path}`}
              data-testid={i === 0 ? testIds.configDocs.previewTenant : undefined}
              data-tenant={s.tenantId}
            >
              <td>{i === 0 ? s.tenantId : ''}</td>
              <td>{c.path}</td>
              <td>{show(c.before)}</td>
              <td>{show(c.after)}</td>
              <td>{c.source}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
