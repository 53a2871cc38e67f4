import type { AppRootProps } from '@grafana/data';
import { createContext, useContext } from 'react';
import type { AppSettings } from './types';

/** The props Grafana gives the root page (meta with jsonData, path, …), for any descendant. */
export const PluginPropsContext = createContext<AppRootProps<AppSettings> | null>(null);

export function usePluginProps(): AppRootProps<AppSettings> | null {
  return useContext(PluginPropsContext);
}
