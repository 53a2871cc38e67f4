/**
 * Stand-in for Grafana's page chrome (`setPluginPage`): breadcrumbs from the `pageNav` parent chain,
 * the title, subtitle, actions, tabs from `pageNav.children`, then the page body.
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, NavModelItem } from '@grafana/data';
import { Tab, TabsBar, useStyles2 } from '@grafana/ui';

interface Props {
  pageNav?: NavModelItem;
  subTitle?: React.ReactNode;
  actions?: React.ReactNode;
  info?: unknown;
  renderTitle?: (title: string) => React.ReactNode;
  layout?: string;
  children?: React.ReactNode;
}

function chain(nav?: NavModelItem): NavModelItem[] {
  const out: NavModelItem[] = [];
  for (let n = nav; n; n = n.parentItem) {
    if (!n.hideFromBreadcrumbs) out.unshift(n);
  }
  return out;
}

export function HostPluginPage({ pageNav, subTitle, actions, renderTitle, children }: Props) {
  const s = useStyles2(getStyles);
  const crumbs = chain(pageNav);
  const title = pageNav?.text ?? '';
  const tabs = (pageNav?.children ?? []).filter((t) => !t.hideFromTabs);
  return (
    <div className={s.page} data-host="plugin-page">
      <nav aria-label="Breadcrumbs" className={s.crumbs}>
        <a href="/">Home</a>
        {crumbs.map((c, i) => (
          <span key={i}>
            {' › '}
            {c.url && i < crumbs.length - 1 ? (
              <a href={c.url}>{c.text}</a>
            ) : (
              <span aria-current={i === crumbs.length - 1 ? 'page' : undefined}>{c.text}</span>
            )}
          </span>
        ))}
      </nav>
      {title && (
        <div className={s.header}>
          <div>
            {renderTitle ? renderTitle(title) : <h1 className={s.title}>{title}</h1>}
            {(subTitle ?? pageNav?.subTitle) && <div className={s.sub}>{subTitle ?? pageNav?.subTitle}</div>}
          </div>
          {actions && <div>{actions}</div>}
        </div>
      )}
      {tabs.length > 0 && (
        <TabsBar>
          {tabs.map((t, i) => (
            <Tab key={i} label={t.text} href={t.url} active={t.active} counter={t.tabCounter} suffix={t.tabSuffix} />
          ))}
        </TabsBar>
      )}
      <div className={s.body}>{children}</div>
    </div>
  );
}

const getStyles = (t: GrafanaTheme2) => ({
  page: css({
    padding: t.spacing(2, 3),
    display: 'flex',
    flexDirection: 'column',
    gap: t.spacing(1),
    minHeight: '100%',
  }),
  crumbs: css({
    fontSize: t.typography.bodySmall.fontSize,
    color: t.colors.text.secondary,
    a: { color: t.colors.text.link },
  }),
  header: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: t.spacing(2) }),
  title: css({ margin: 0, fontSize: t.typography.h2.fontSize }),
  sub: css({ color: t.colors.text.secondary }),
  body: css({ flexGrow: 1, display: 'flex', flexDirection: 'column', paddingTop: t.spacing(1) }),
});
