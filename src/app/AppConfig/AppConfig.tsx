import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, Text, useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import { testIds } from '../../shared/testIds';
import type { AppSettings } from '../types';
import { saveSettings } from './saveSettings';
import { normalizeSidecarUrl, validateSettings, type SettingsErrors } from './validateSettings';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

/**
 * Sidecar URL (jsonData) and the proxy secret (secureJsonData, write-only: only whether it is
 * configured comes back from Grafana). Save stores both and reloads so routes pick them up.
 */
export default function AppConfig({ plugin }: AppConfigProps) {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [sidecarUrl, setSidecarUrl] = useState(jsonData?.sidecarUrl ?? '');
  const [proxySecret, setProxySecret] = useState('');
  const [secretConfigured, setSecretConfigured] = useState(Boolean(secureJsonFields?.proxySecret));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>();

  const onSave = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = validateSettings({ sidecarUrl, proxySecret, secretConfigured });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      await saveSettings({
        enabled: true,
        pinned: pinned ?? true,
        jsonData: { ...jsonData, sidecarUrl: normalizeSidecarUrl(sidecarUrl) },
        secureJsonData: proxySecret ? { proxySecret } : undefined,
      });
      locationService.reload();
    } catch {
      setSaveError('Grafana did not save the settings. Check that you are an org admin and try again.');
      setSaving(false);
    }
  };

  return (
    <form onSubmit={onSave} className={styles.form} data-testid={testIds.config.form} noValidate>
      {!enabled && (
        <Alert severity="info" title="Switchyard is not enabled">
          Saving these settings enables the app for this organization.
        </Alert>
      )}
      <FieldSet label="Sidecar connection">
        <Field
          label="Sidecar URL"
          description="Address Grafana's plugin proxy uses to reach the Switchyard sidecar. Browsers never call it directly."
          invalid={Boolean(errors.sidecarUrl)}
          error={errors.sidecarUrl}
          htmlFor="switchyard-sidecar-url"
        >
          <Input
            id="switchyard-sidecar-url"
            data-testid={testIds.config.sidecarUrl}
            value={sidecarUrl}
            placeholder="http://switchyard-sidecar:8787"
            width={60}
            onChange={(e) => setSidecarUrl(e.currentTarget.value)}
          />
        </Field>
        <Field
          label="Proxy secret"
          description="Shared secret Grafana adds to every proxied request; must equal SWITCHYARD_PROXY_SECRET on the sidecar. Write-only."
          invalid={Boolean(errors.proxySecret)}
          error={errors.proxySecret}
          htmlFor="switchyard-proxy-secret"
        >
          <SecretInput
            id="switchyard-proxy-secret"
            data-testid={testIds.config.proxySecret}
            isConfigured={secretConfigured}
            value={proxySecret}
            placeholder="At least 32 characters"
            width={60}
            autoComplete="new-password"
            onChange={(e) => setProxySecret(e.currentTarget.value)}
            onReset={() => {
              setSecretConfigured(false);
              setProxySecret('');
            }}
          />
        </Field>
        <Text color="secondary" variant="bodySmall">
          <span data-testid={testIds.config.proxySecretState}>
            Proxy secret: {secretConfigured ? 'configured' : 'not configured'}
          </span>
        </Text>
      </FieldSet>
      {saveError && (
        <Alert severity="error" title="Settings not saved">
          {saveError}
        </Alert>
      )}
      <Button type="submit" disabled={saving} icon={saving ? 'spinner' : undefined} data-testid={testIds.config.save}>
        Save settings
      </Button>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    maxWidth: 720,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    alignItems: 'flex-start',
  }),
});
