import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import React from 'react';
import type { SwitchyardOptions, SwitchyardSecureOptions } from '../types';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<SwitchyardOptions, SwitchyardSecureOptions>;

const MIN_TOKEN_LENGTH = 32;

export function urlError(url: string | undefined): string | undefined {
  if (!url) return 'Set the URL the Grafana server reaches the Switchyard sidecar at';
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'The sidecar URL must be http(s)';
  } catch {
    return 'The sidecar URL is not a valid URL';
  }
}

/**
 * Sidecar URL (jsonData) and the data source's own token (secureJsonData, write-only: once saved only
 * "configured" comes back; Reset clears it). Grafana's "Save & test" runs the backend's CheckHealth.
 */
export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const token = secureJsonData?.sidecarToken ?? '';
  const tokenError =
    token && token.length < MIN_TOKEN_LENGTH ? `The token is at least ${MIN_TOKEN_LENGTH} characters` : undefined;
  const configured = Boolean(secureJsonFields?.sidecarToken);
  const missingToken = !configured && !token ? 'Set the data source token' : undefined;
  const urlProblem = urlError(jsonData.sidecarUrl);
  return (
    <FieldSet label="Switchyard sidecar">
      <Field
        label="Sidecar URL"
        description="Where the Grafana server (the data source's backend) reaches the Switchyard sidecar, e.g. http://switchyard-sidecar:8787"
        htmlFor="switchyard-ds-sidecar-url"
        invalid={Boolean(urlProblem)}
        error={urlProblem}
      >
        <Input
          id="switchyard-ds-sidecar-url"
          width={60}
          placeholder="http://switchyard-sidecar:8787"
          value={jsonData.sidecarUrl ?? ''}
          onChange={(e) =>
            onOptionsChange({ ...options, jsonData: { ...jsonData, sidecarUrl: e.currentTarget.value.trim() } })
          }
        />
      </Field>
      <Field
        label="Data source token"
        description="Read-only credential; must equal SWITCHYARD_DATASOURCE_TOKEN on the sidecar. Write-only: it is never shown again."
        htmlFor="switchyard-ds-token"
        invalid={Boolean(tokenError ?? missingToken)}
        error={tokenError ?? missingToken}
      >
        <SecretInput
          id="switchyard-ds-token"
          width={60}
          isConfigured={configured}
          value={token}
          placeholder="at least 32 characters"
          onChange={(e) =>
            onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, sidecarToken: e.currentTarget.value } })
          }
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, sidecarToken: false },
              secureJsonData: { ...secureJsonData, sidecarToken: '' },
            })
          }
        />
      </Field>
    </FieldSet>
  );
}
