import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Button,
  Field,
  IconButton,
  Input,
  RadioButtonGroup,
  Select,
  Stack,
  Switch,
  Text,
  useStyles2,
} from '@grafana/ui';
import React from 'react';
import { ENVIRONMENTS, PLANS, type Environment, type Plan } from '../../contract';
import { testIds } from '../../shared/testIds';
import { QUOTA_FIELDS, fieldLabel, type ContactRole, type FieldErrors, type TenantDraft } from './tenantDraft';

type Change = (change: (d: TenantDraft) => TenantDraft, field?: string) => void;

export interface TenantFormFieldsProps {
  draft: TenantDraft;
  errors: FieldErrors;
  /** Editing: id, environment, organization and application are fixed at creation. */
  editing: boolean;
  onChange: Change;
  /** The user left the field at `path` (it is checked from then on). */
  onBlur: (path: string) => void;
}

const ROLES: Array<{ label: string; value: ContactRole }> = [
  { label: 'Owner', value: 'owner' },
  { label: 'Technical', value: 'technical' },
  { label: 'Billing', value: 'billing' },
];

const fieldId = (path: string) => `${testIds.tenantForm.fieldPrefix}${path}`;

/** Input props that tie an input to its field path (tests and the error summary find it by it). */
const tag = (path: string) => ({ id: fieldId(path), 'data-testid': fieldId(path), 'data-field': path });

function TextField(props: {
  path: string;
  value: string;
  errors: FieldErrors;
  disabled?: boolean;
  description?: string;
  placeholder?: string;
  onChange: (value: string) => void;
  onBlur: (path: string) => void;
}) {
  const error = props.errors[props.path];
  return (
    <Field
      label={fieldLabel(props.path)}
      description={props.description}
      invalid={Boolean(error)}
      error={error}
      htmlFor={fieldId(props.path)}
    >
      <Input
        {...tag(props.path)}
        value={props.value}
        aria-invalid={Boolean(error)}
        disabled={props.disabled}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        onBlur={() => props.onBlur(props.path)}
      />
    </Field>
  );
}

/** One titled group of the form's fields. */
function FieldGroup({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <Text element="h3" variant="h5">
        {title}
      </Text>
      {children}
    </section>
  );
}

/** Adds a row to a repeated group (labels, flags, contacts). */
function AddButton({ testId, onClick, children }: { testId: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <Button type="button" size="sm" variant="secondary" icon="plus" data-testid={testId} onClick={onClick}>
      {children}
    </Button>
  );
}

function Identity({ draft, errors, editing, onChange, onBlur }: TenantFormFieldsProps) {
  const fixed = editing ? 'Fixed when the tenant was created' : undefined;
  return (
    <FieldGroup title="Identity">
      <TextField
        path="id"
        value={draft.id}
        errors={errors}
        onBlur={onBlur}
        disabled={editing}
        description={fixed ?? '2–63 lowercase letters, digits or dashes'}
        placeholder="acme-prod"
        onChange={(v) => onChange((d) => ({ ...d, id: v }), 'id')}
      />
      <TextField
        path="displayName"
        value={draft.displayName}
        errors={errors}
        onBlur={onBlur}
        onChange={(v) => onChange((d) => ({ ...d, displayName: v }), 'displayName')}
      />
      <div {...tag('plan')}>
        <Field label="Plan" invalid={Boolean(errors.plan)} error={errors.plan}>
          <RadioButtonGroup<Plan>
            options={PLANS.map((p) => ({ label: p, value: p }))}
            value={draft.plan}
            onChange={(v) => onChange((d) => ({ ...d, plan: v }), 'plan')}
          />
        </Field>
      </div>
      <div {...tag('environment')}>
        <Field label="Environment" description={fixed} invalid={Boolean(errors.environment)} error={errors.environment}>
          <RadioButtonGroup<Environment>
            options={ENVIRONMENTS.map((e) => ({ label: e, value: e }))}
            value={draft.environment}
            disabled={editing}
            onChange={(v) => onChange((d) => ({ ...d, environment: v }), 'environment')}
          />
        </Field>
      </div>
      <TextField
        path="organizationId"
        value={draft.organizationId}
        errors={errors}
        onBlur={onBlur}
        disabled={editing}
        description={fixed ?? 'UUID of the owning organization'}
        onChange={(v) => onChange((d) => ({ ...d, organizationId: v }), 'organizationId')}
      />
      <TextField
        path="applicationId"
        value={draft.applicationId}
        errors={errors}
        onBlur={onBlur}
        disabled={editing}
        description={fixed ?? 'UUID of the application'}
        onChange={(v) => onChange((d) => ({ ...d, applicationId: v }), 'applicationId')}
      />
    </FieldGroup>
  );
}

function Labels({ draft, errors, onChange, onBlur }: TenantFormFieldsProps) {
  const styles = useStyles2(getStyles);
  const set = (i: number, part: 'key' | 'value', v: string) =>
    onChange(
      (d) => ({ ...d, labels: d.labels.map((l, j) => (j === i ? { ...l, [part]: v } : l)) }),
      `labels.${i}.${part}`
    );
  return (
    <FieldGroup title="Labels">
      {draft.labels.map((l, i) => (
        <div key={i} className={styles.row}>
          <TextField
            path={`labels.${i}.key`}
            value={l.key}
            errors={errors}
            onBlur={onBlur}
            onChange={(v) => set(i, 'key', v)}
          />
          <TextField
            path={`labels.${i}.value`}
            value={l.value}
            errors={errors}
            onBlur={onBlur}
            onChange={(v) => set(i, 'value', v)}
          />
          <IconButton
            name="trash-alt"
            tooltip={`Remove label ${l.key || i + 1}`}
            onClick={() => onChange((d) => ({ ...d, labels: d.labels.filter((_, j) => j !== i) }), `labels.${i}.key`)}
          />
        </div>
      ))}
      <AddButton
        testId={testIds.tenantForm.addLabel}
        onClick={() => onChange((d) => ({ ...d, labels: [...d.labels, { key: '', value: '' }] }))}
      >
        Add label
      </AddButton>
    </FieldGroup>
  );
}

function Quotas({ draft, errors, onChange, onBlur }: TenantFormFieldsProps) {
  const styles = useStyles2(getStyles);
  return (
    <FieldGroup title="Quotas">
      <div className={styles.row}>
        {QUOTA_FIELDS.map((q) => (
          <TextField
            key={q}
            path={`quotas.${q}`}
            value={draft.quotas[q]}
            errors={errors}
            onBlur={onBlur}
            onChange={(v) => onChange((d) => ({ ...d, quotas: { ...d.quotas, [q]: v } }), `quotas.${q}`)}
          />
        ))}
      </div>
    </FieldGroup>
  );
}

function Flags({ draft, errors, onChange, onBlur }: TenantFormFieldsProps) {
  const styles = useStyles2(getStyles);
  return (
    <FieldGroup title="Feature flags">
      <Field
        label="Kill switch"
        description="On stops all of the tenant's traffic. Suspending a tenant turns it on; resuming turns it off."
        invalid={Boolean(errors['featureFlags.killSwitch'])}
        error={errors['featureFlags.killSwitch']}
      >
        <Switch
          {...tag('featureFlags.killSwitch')}
          value={draft.killSwitch}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            onChange((d) => ({ ...d, killSwitch: on }), 'featureFlags.killSwitch');
          }}
        />
      </Field>
      {draft.flags.map((f, i) => (
        <div key={i} className={styles.row}>
          <TextField
            path={`flags.${i}.name`}
            value={f.name}
            errors={errors}
            onBlur={onBlur}
            onChange={(name) =>
              onChange(
                (d) => ({ ...d, flags: d.flags.map((x, j) => (j === i ? { ...x, name } : x)) }),
                `flags.${i}.name`
              )
            }
          />
          <Field label="On">
            <Switch
              value={f.on}
              aria-label={`Flag ${f.name || i + 1} on`}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange((d) => ({ ...d, flags: d.flags.map((x, j) => (j === i ? { ...x, on } : x)) }));
              }}
            />
          </Field>
          <IconButton
            name="trash-alt"
            tooltip={`Remove flag ${f.name || i + 1}`}
            onClick={() => onChange((d) => ({ ...d, flags: d.flags.filter((_, j) => j !== i) }), `flags.${i}.name`)}
          />
        </div>
      ))}
      <AddButton
        testId={testIds.tenantForm.addFlag}
        onClick={() => onChange((d) => ({ ...d, flags: [...d.flags, { name: '', on: true }] }))}
      >
        Add flag
      </AddButton>
    </FieldGroup>
  );
}

function Contacts({ draft, errors, onChange, onBlur }: TenantFormFieldsProps) {
  const styles = useStyles2(getStyles);
  const set = (i: number, patch: Partial<TenantDraft['contacts'][number]>, field: string) =>
    onChange((d) => ({ ...d, contacts: d.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)) }), field);
  return (
    <FieldGroup title="Contacts">
      {draft.contacts.map((c, i) => (
        <div key={i} className={styles.row}>
          <TextField
            path={`contacts.${i}.name`}
            value={c.name}
            errors={errors}
            onBlur={onBlur}
            onChange={(v) => set(i, { name: v }, `contacts.${i}.name`)}
          />
          <TextField
            path={`contacts.${i}.email`}
            value={c.email}
            errors={errors}
            onBlur={onBlur}
            onChange={(v) => set(i, { email: v }, `contacts.${i}.email`)}
          />
          <Field label={fieldLabel(`contacts.${i}.role`)}>
            <Select
              inputId={fieldId(`contacts.${i}.role`)}
              options={ROLES}
              value={c.role}
              width={16}
              onChange={(v) => v.value && set(i, { role: v.value }, `contacts.${i}.role`)}
            />
          </Field>
          <IconButton
            name="trash-alt"
            tooltip={`Remove contact ${c.name || i + 1}`}
            onClick={() =>
              onChange((d) => ({ ...d, contacts: d.contacts.filter((_, j) => j !== i) }), `contacts.${i}.name`)
            }
          />
        </div>
      ))}
      {errors.contacts && <Text color="error">{errors.contacts}</Text>}
      <AddButton
        testId={testIds.tenantForm.addContact}
        onClick={() =>
          onChange((d) => ({ ...d, contacts: [...d.contacts, { name: '', email: '', role: 'technical' }] }))
        }
      >
        Add contact
      </AddButton>
    </FieldGroup>
  );
}

/** Every field of a tenant, grouped; each shows its own message from the contract when invalid. */
export function TenantFormFields(props: TenantFormFieldsProps) {
  return (
    <Stack direction="column" gap={3}>
      <Identity {...props} />
      <Labels {...props} />
      <Quotas {...props} />
      <Flags {...props} />
      <Contacts {...props} />
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'flex', gap: theme.spacing(2), alignItems: 'flex-start', flexWrap: 'wrap' }),
});
