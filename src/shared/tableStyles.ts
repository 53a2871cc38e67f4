import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

/**
 * The one look of the app's tables (spread it into `css({...})`, adding page specifics after):
 * full width, a header row in the secondary text colour, rows ruled and hovered alike.
 */
export function dataTableStyle(theme: GrafanaTheme2) {
  return {
    width: '100%',
    borderCollapse: 'collapse' as const,
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left' as const,
      verticalAlign: 'middle' as const,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tbody tr:hover': { background: theme.colors.action.hover },
  };
}

const getDataTableClass = (theme: GrafanaTheme2) => css(dataTableStyle(theme));

/** The class name of a table with the one look, for components without styles of their own. */
export function useDataTableClass(): string {
  return useStyles2(getDataTableClass);
}
