import { EmbeddedScene, SceneAppPage, SceneFlexLayout } from '@grafana/scenes';
import { Actions } from '../../contract';
import { buildGuardedScene } from '../../shared/guardedScene';
import { AUDIT_TABS, auditUrl, ROUTE_PATTERNS } from '../../shared/routing';

function entriesTab(): SceneAppPage {
  return new SceneAppPage({
    title: 'Entries',
    // The first tab is also served at the page's own URL.
    url: auditUrl(),
    routePath: ROUTE_PATTERNS.auditTab(AUDIT_TABS.entries),
    getScene: () =>
      buildGuardedScene(Actions.auditRead, () =>
        import(/* webpackChunkName: "page-audit" */ './AuditEntriesScene').then((m) => new m.AuditEntriesScene())
      ),
  });
}

function securityTab(): SceneAppPage {
  return new SceneAppPage({
    title: 'Security log',
    url: auditUrl({}, AUDIT_TABS.security),
    routePath: ROUTE_PATTERNS.auditTab(AUDIT_TABS.security),
    getScene: () =>
      buildGuardedScene(Actions.auditRead, () =>
        import(/* webpackChunkName: "page-audit-security" */ './SecurityLogScene').then((m) => new m.SecurityLogScene())
      ),
  });
}

/** The audit page (audit:read): the hash-chained entries, and the security log of refused requests. */
export function auditPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Audit',
    subTitle: 'Who changed what, when and why: search, verify and export the audit trail; refused requests apart',
    url: auditUrl(),
    routePath: ROUTE_PATTERNS.audit,
    getScene: () => new EmbeddedScene({ body: new SceneFlexLayout({ children: [] }) }),
    tabs: [entriesTab(), securityTab()],
  });
}
