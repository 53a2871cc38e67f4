/** The config page's view: documents, editor with inline validation, preview, history and diff. */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type SceneComponentProps } from '@grafana/scenes';
import {
  Alert,
  Button,
  EmptyState,
  Field,
  Input,
  Select,
  Stack,
  Text,
  TextArea,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import React from 'react';
import { Actions, CONFIG_KINDS, CONFIG_LEVELS, ENVIRONMENTS, SCOPE_KEY_PATTERN, type ConfigKind } from '../../contract';
import { ApiErrorAlert } from '../../shared/ApiErrorAlert';
import { MultiSelectFilter, selectOptions } from '../../shared/MultiSelectFilter';
import { Loaded, noItems } from '../../shared/Loaded';
import { ListRefreshPicker } from '../../shared/RefreshPicker';
import { PermissionButton } from '../../shared/PermissionButton';
import { can } from '../../shared/permissions';
import { ReasonModal } from '../../shared/ReasonModal';
import { changeDialog, ChangeFailed } from '../../shared/ReasonedChange';
import { jobUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { checkDraft } from './configDraft';
import { ConfigDiffTable, ConfigDocumentsTable, ConfigHistoryTable, ConfigPreviewTable } from './ConfigTables';
import { type ConfigUrlState } from './configUrlState';
import type { Change, ConfigScene } from './ConfigScene';

function pendingTitle(p: Change, kind: string, scope: string): string {
  if (p.kind === 'save') return `Save a new version of ${kind} at ${scope}`;
  if (p.kind === 'rollback') return `Roll ${kind} at ${scope} back to version ${p.version}`;
  return `Apply ${kind} at ${scope} version ${p.version}`;
}

export function ConfigRenderer({ model }: SceneComponentProps<ConfigScene>) {
  const styles = useStyles2(getStyles);
  const s = model.useState();
  const { documents, kind, scope, versions, pending } = s;
  const canWrite = can(Actions.configWrite);
  const checked = kind && scope ? checkDraft(kind, scope, s.draft) : undefined;
  const doc = model.openDocument();
  const openScopeValid = SCOPE_KEY_PATTERN.test(s.openScope);
  return (
    <div className={styles.page} data-testid={testIds.configDocs.page}>
      <Stack direction="row" gap={2} alignItems="flex-end" wrap="wrap">
        <Field label="Scope level">
          <Select
            options={[{ value: '', label: 'Every level' }, ...selectOptions(CONFIG_LEVELS)]}
            value={s.level ?? ''}
            onChange={(o) => model.setLevel((o.value || undefined) as ConfigUrlState['level'])}
            width={22}
            aria-label="Filter by scope level"
          />
        </Field>
        <Field label="Kind">
          <Select
            options={selectOptions(CONFIG_KINDS)}
            value={s.openKind}
            onChange={(o) => model.setOpen({ openKind: o.value as ConfigKind })}
            width={26}
            aria-label="Document kind"
          />
        </Field>
        <Field
          label="Scope"
          description="default, environment:prod, plan:team or tenant:<tenant id>"
          invalid={s.openScope !== '' && !openScopeValid}
          error={s.openScope !== '' && !openScopeValid ? 'Not a scope' : undefined}
        >
          <Input
            value={s.openScope}
            placeholder="tenant:acme-001"
            width={30}
            aria-label="Document scope"
            onChange={(e) => model.setOpen({ openScope: e.currentTarget.value.trim() })}
          />
        </Field>
        <Field label=" ">
          <Button
            data-testid={testIds.configDocs.openScope}
            disabled={!openScopeValid}
            onClick={() => model.open(s.openKind, s.openScope)}
          >
            Open
          </Button>
        </Field>
      </Stack>

      <section>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <Text element="h3">Documents</Text>
          <ListRefreshPicker list={model} what="config documents" />
        </Stack>
        <Loaded
          value={documents}
          error={s.documentsError}
          errorTitle="Could not load config documents"
          onRetry={model.load}
          loading="Loading config documents…"
          isEmpty={noItems}
          empty={
            <EmptyState
              variant="call-to-action"
              message="No config documents yet: every tenant runs the built-in defaults. Open a kind and scope above to write the first version."
            />
          }
        >
          {(items) => (
            <ConfigDocumentsTable
              items={items}
              selected={kind && scope ? { kind, scope } : undefined}
              onOpen={model.open}
            />
          )}
        </Loaded>
      </section>

      <ChangeFailed state={s} onRetry={model.load} />

      {kind && scope && (
        <>
          <section>
            <Text element="h3">
              {kind} at {scope}
            </Text>
            <Loaded
              value={versions}
              error={s.versionsError}
              errorTitle="Could not load the document"
              onRetry={() => model.loadDocument()}
              loading="Loading versions…"
            >
              {(versions) => (
                <Stack direction="column" gap={1}>
                  <Field
                    label={versions.length ? `Edit (based on version ${versions[0].version})` : 'New document'}
                    description="JSON; validated against the schema of the kind as you type"
                    invalid={checked ? !checked.ok : false}
                  >
                    <TextArea
                      data-testid={testIds.configDocs.editor}
                      aria-label="Config document"
                      className={styles.editor}
                      rows={14}
                      value={s.draft}
                      onChange={(e) => model.setDraft(e.currentTarget.value)}
                    />
                  </Field>
                  {checked && !checked.ok && (
                    <Alert severity="error" title="The document is not valid">
                      <ul>
                        {checked.issues.map((i) => (
                          <li
                            key={`${i.path}:${i.message}`}
                            data-testid={testIds.configDocs.validationIssue}
                            data-path={i.path}
                          >
                            <strong>{i.path || 'document'}</strong>: {i.message}
                          </li>
                        ))}
                      </ul>
                    </Alert>
                  )}
                  <Stack direction="row" gap={1}>
                    <Button
                      variant="secondary"
                      data-testid={testIds.configDocs.previewRun}
                      disabled={!checked?.ok}
                      onClick={model.runPreview}
                    >
                      Preview on tenants
                    </Button>
                    <PermissionButton
                      action={Actions.configWrite}
                      data-testid={testIds.configDocs.save}
                      disabled={!checked?.ok}
                      onClick={() => model.ask({ kind: 'save' })}
                    >
                      Save as new version
                    </PermissionButton>
                  </Stack>
                </Stack>
              )}
            </Loaded>
          </section>

          {(s.preview || s.previewError) && (
            <section data-testid={testIds.configDocs.preview}>
              <Text element="h4">Preview</Text>
              {s.previewError && (
                <ApiErrorAlert title="The preview failed" error={s.previewError} onRetry={model.runPreview} />
              )}
              {s.preview && (
                <Stack direction="column" gap={1}>
                  <Text>
                    {s.preview.diff.length} key(s) change in this document; <strong>{s.preview.affectedTenants}</strong>{' '}
                    tenant(s) get a different effective config
                    {s.preview.samples.length < s.preview.affectedTenants
                      ? ` (the first ${s.preview.samples.length} shown)`
                      : ''}
                    .
                  </Text>
                  {s.preview.diff.length > 0 && <ConfigDiffTable entries={s.preview.diff} />}
                  {s.preview.samples.length > 0 && <ConfigPreviewTable samples={s.preview.samples} />}
                </Stack>
              )}
            </section>
          )}

          {versions && versions.length > 0 && (
            <section>
              <Text element="h4">History</Text>
              {s.applyJob && (
                <Alert severity="info" title={`Applying version ${s.applyJob.version}`}>
                  <TextLink href={jobUrl(s.applyJob.jobId)} data-testid={testIds.configDocs.applyJob} inline={false}>
                    Follow the apply job environment by environment
                  </TextLink>
                </Alert>
              )}
              <ConfigHistoryTable
                versions={versions}
                applied={doc?.appliedVersion ?? {}}
                from={s.from}
                to={s.to}
                canWrite={canWrite}
                onCompare={model.compare}
                onApply={(version) => model.ask({ kind: 'apply', version })}
                onRollback={(version) => model.ask({ kind: 'rollback', version })}
              />
              {s.from !== undefined && s.to !== undefined && (
                <div className={styles.diff}>
                  <Text element="h4">
                    Version {s.from} → {s.to}
                  </Text>
                  <Loaded
                    value={s.diff?.entries}
                    error={s.diffError}
                    errorTitle="Could not compare the versions"
                    onRetry={model.loadDiff}
                    isEmpty={noItems}
                    empty={<Text color="secondary">The two versions are identical.</Text>}
                  >
                    {(entries) => <ConfigDiffTable entries={entries} />}
                  </Loaded>
                </div>
              )}
            </section>
          )}
        </>
      )}

      {pending && kind && scope && (
        <ReasonModal
          {...changeDialog(s, model.change)}
          title={pendingTitle(pending, kind, scope)}
          description={
            pending.kind === 'apply' ? (
              <MultiSelectFilter
                label="Environments, in rollout order"
                ariaLabel="Apply in environments"
                options={selectOptions(ENVIRONMENTS)}
                value={s.applyEnvironments}
                placeholder="Environments"
                width={40}
                testId={testIds.configDocs.apply}
                onChange={model.setApplyEnvironments}
              />
            ) : pending.kind === 'rollback' ? (
              <Text>A new version equal to version {pending.version} is written; apply it to take effect.</Text>
            ) : (
              <Text>The draft becomes version {(versions?.[0]?.version ?? 0) + 1}; apply it to take effect.</Text>
            )
          }
          confirmText={pending.kind === 'save' ? 'Save' : pending.kind === 'apply' ? 'Apply' : 'Roll back'}
          submitDisabled={pending.kind === 'apply' && s.applyEnvironments.length === 0}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
  editor: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  diff: css({ marginTop: theme.spacing(2) }),
});
