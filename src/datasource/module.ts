import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { SwitchyardDataSource } from './datasource';
import type { SwitchyardOptions, SwitchyardQuery, SwitchyardSecureOptions } from './types';

export const plugin = new DataSourcePlugin<
  SwitchyardDataSource,
  SwitchyardQuery,
  SwitchyardOptions,
  SwitchyardSecureOptions
>(SwitchyardDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
