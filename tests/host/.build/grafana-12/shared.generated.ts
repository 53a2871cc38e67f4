import * as m0 from "@emotion/css";
import * as m1 from "@emotion/react";
import * as m2 from "@grafana/data";
import * as m3 from "@grafana/data/unstable";
import * as m4 from "@grafana/runtime";
import * as m5 from "@grafana/runtime/unstable";
import * as m6 from "slate-react";
import * as m7 from "@grafana/ui";
import * as m8 from "@grafana/ui/unstable";
import * as m15 from "d3";
import * as m16 from "@emotion/css";
import * as m17 from "host:i18n-internal";
import * as m18 from "jquery";
import * as m29 from "lodash";
import * as m30 from "moment";
import * as m31 from "prismjs";
import * as m32 from "react";
import * as m33 from "react/jsx-runtime";
import * as m34 from "react/jsx-dev-runtime";
import * as m35 from "react-dom";
import * as m36 from "react-dom/client";
import * as m37 from "react-dom/server";
import * as m38 from "react-inlinesvg";
import * as m39 from "react-redux";
import * as m40 from "host:react-router-dom-v5";
import * as m41 from "host:react-router-dom-v5-compat";
import * as m42 from "redux";
import * as m43 from "rxjs";
import * as m44 from "rxjs/operators";
import * as m45 from "slate";
import * as m46 from "slate-plain-serializer";
import * as m47 from "slate-react";
import * as grafanaData from '@grafana/data';
import * as runtime from '@grafana/runtime';
import { liveNamespace } from '/work/main/tests/host/shell/liveNamespace';
declare const System: any;
function arrayMove(arr: unknown[], from: number, to: number) { arr.splice(to, 0, arr.splice(from, 1)[0]); return arr; }
function wrap(kind: string, mod: any): object {
  switch (kind) {
    case 'grafana-ui': return liveNamespace(mod, { PanelPlugin: grafanaData.PanelPlugin, DataSourcePlugin: grafanaData.DataSourcePlugin, AppPlugin: grafanaData.AppPlugin, DataSourceApi: grafanaData.DataSourceApi });
    case 'useDefault': return liveNamespace({}, { default: mod.default ?? mod, __useDefault: true });
    case 'lodash': return liveNamespace(mod, { move: arrayMove, __useDefault: true });
    case 'moment': return liveNamespace(mod, { __useDefault: true });
    case 'i18next': { const inst = mod.getI18nInstance(); const o: Record<string, unknown> = {}; for (const k in inst) { const v = inst[k]; o[k] = typeof v === 'function' ? v.bind(inst) : v; } return liveNamespace(o, { default: inst }); }
    default: return liveNamespace(mod);
  }
}
function legacy(name: string): object | null {
  switch (name) {
    case 'app/core/app_events': return liveNamespace({}, { default: runtime.getAppEvents(), __useDefault: true });
    case 'app/core/config': return liveNamespace({}, { default: runtime.config, __useDefault: true });
    case 'app/core/core': return liveNamespace({}, { appEvents: runtime.getAppEvents(), contextSrv: { user: runtime.config.bootData.user } });
    case 'app/core/services/backend_srv': return liveNamespace({}, { getBackendSrv: runtime.getBackendSrv, BackendSrv: class {} });
    case 'app/core/utils/datemath': return liveNamespace(grafanaData.dateMath as any);
  }
  return null;
}
export const SHARED_NAMES: string[] = ["@emotion/css","@emotion/react","@grafana/data","@grafana/data/unstable","@grafana/runtime","@grafana/runtime/unstable","@grafana/slate-react","@grafana/ui","@grafana/ui/unstable","@kusto/monaco-kusto","app/core/app_events","app/core/config","app/core/core","app/core/services/backend_srv","app/core/utils/datemath","d3","emotion","i18next","jquery","jquery.flot.crosshair","jquery.flot.events","jquery.flot.fillbelow","jquery.flot.gauge","jquery.flot.pie","jquery.flot.selection","jquery.flot.stack","jquery.flot.stackpercent","jquery.flot.time","jquery.flot","lodash","moment","prismjs","react","react/jsx-runtime","react/jsx-dev-runtime","react-dom","react-dom/client","react-dom/server","react-inlinesvg","react-redux","react-router-dom","react-router","redux","rxjs","rxjs/operators","slate","slate-plain-serializer","slate-react"];
export function registerSharedModules(): void {
  const entries: Array<[string, object | null]> = [["@emotion/css", wrap("ns", m0)],
    ["@emotion/react", wrap("ns", m1)],
    ["@grafana/data", wrap("ns", m2)],
    ["@grafana/data/unstable", wrap("ns", m3)],
    ["@grafana/runtime", wrap("ns", m4)],
    ["@grafana/runtime/unstable", wrap("ns", m5)],
    ["@grafana/slate-react", wrap("ns", m6)],
    ["@grafana/ui", wrap("grafana-ui", m7)],
    ["@grafana/ui/unstable", wrap("ns", m8)],
    ["@kusto/monaco-kusto", null],
    ["app/core/app_events", legacy("app/core/app_events")],
    ["app/core/config", legacy("app/core/config")],
    ["app/core/core", legacy("app/core/core")],
    ["app/core/services/backend_srv", legacy("app/core/services/backend_srv")],
    ["app/core/utils/datemath", legacy("app/core/utils/datemath")],
    ["d3", wrap("ns", m15)],
    ["emotion", wrap("ns", m16)],
    ["i18next", wrap("i18next", m17)],
    ["jquery", wrap("useDefault", m18)],
    ["jquery.flot.crosshair", { fakeDep: 1 }],
    ["jquery.flot.events", { fakeDep: 1 }],
    ["jquery.flot.fillbelow", { fakeDep: 1 }],
    ["jquery.flot.gauge", { fakeDep: 1 }],
    ["jquery.flot.pie", { fakeDep: 1 }],
    ["jquery.flot.selection", { fakeDep: 1 }],
    ["jquery.flot.stack", { fakeDep: 1 }],
    ["jquery.flot.stackpercent", { fakeDep: 1 }],
    ["jquery.flot.time", { fakeDep: 1 }],
    ["jquery.flot", { fakeDep: 1 }],
    ["lodash", wrap("lodash", m29)],
    ["moment", wrap("moment", m30)],
    ["prismjs", wrap("ns", m31)],
    ["react", wrap("ns", m32)],
    ["react/jsx-runtime", wrap("ns", m33)],
    ["react/jsx-dev-runtime", wrap("ns", m34)],
    ["react-dom", wrap("ns", m35)],
    ["react-dom/client", wrap("ns", m36)],
    ["react-dom/server", wrap("ns", m37)],
    ["react-inlinesvg", wrap("ns", m38)],
    ["react-redux", wrap("ns", m39)],
    ["react-router-dom", wrap("ns", m40)],
    ["react-router", wrap("ns", m41)],
    ["redux", wrap("ns", m42)],
    ["rxjs", wrap("ns", m43)],
    ["rxjs/operators", wrap("ns", m44)],
    ["slate", wrap("ns", m45)],
    ["slate-plain-serializer", wrap("ns", m46)],
    ["slate-react", wrap("ns", m47)]];
  const imports: Record<string, string> = {};
  for (const [name, mod] of entries) {
    imports[name] = 'app:' + name;
    if (mod) System.set('app:' + name, mod);
  }
  System.addImportMap({ imports });
}
