import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { PLUGIN_SETTINGS_URL } from '../../constants';
import type { AppSecureSettings, AppSettings } from '../types';

export interface PluginSettingsUpdate {
  enabled: boolean;
  pinned: boolean;
  jsonData: AppSettings;
  /** Only the secrets being set; omitted keys keep their stored value. */
  secureJsonData?: AppSecureSettings;
}

/** POST /api/plugins/<id>/settings (Grafana's own API, not the sidecar). */
export async function saveSettings(update: PluginSettingsUpdate): Promise<void> {
  await lastValueFrom(
    getBackendSrv().fetch({
      url: PLUGIN_SETTINGS_URL,
      method: 'POST',
      data: update,
      showErrorAlert: false,
    })
  );
}
