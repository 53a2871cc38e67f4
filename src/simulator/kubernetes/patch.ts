import { K8sError } from './store';

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** List fields Kubernetes merges by a key under strategic merge patch (the ones this API serves). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

/** Strategic merge patch: like a merge patch, but keyed lists merge element by element. */
export function strategicMergePatch(target: Json, patch: Json, field?: string): Json {
  const key = field ? MERGE_KEYS[field] : undefined;
  if (Array.isArray(patch) && key && Array.isArray(target)) {
    const out = target.map((x) => structuredClone(x)) as Array<Record<string, Json>>;
    for (const p of patch as Array<Record<string, Json>>) {
      if (isObj(p) && p.$patch === 'delete') {
        const i = out.findIndex((o) => o[key] === p[key]);
        if (i >= 0) out.splice(i, 1);
        continue;
      }
      const i = out.findIndex((o) => isObj(o) && isObj(p) && o[key] === p[key]);
      if (i >= 0) out[i] = strategicMergePatch(out[i], p) as Record<string, Json>;
      else out.push(structuredClone(p));
    }
    return out;
  }
  if (!isObj(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v, k);
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** RFC 6902 JSON patch (add, remove, replace, test, copy, move). */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new K8sError(400, 'BadRequest', 'json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of ops as JsonPatchOp[]) {
    const parts = op.path.split('/').slice(1).map(unescape);
    const get = (p: string[]): Json => p.reduce<Json>((o, k) => (o as Record<string, Json>)?.[k], doc);
    if (op.op === 'test') {
      if (JSON.stringify(get(parts)) !== JSON.stringify(op.value)) {
        throw new K8sError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: test failed at ${op.path}`
        );
      }
      continue;
    }
    let value = op.value;
    if (op.op === 'copy' || op.op === 'move') {
      const from = (op.from ?? '').split('/').slice(1).map(unescape);
      value = structuredClone(get(from));
      if (op.op === 'move') doc = applyAt(doc, from, 'remove', undefined);
    }
    doc = applyAt(doc, parts, op.op === 'copy' || op.op === 'move' ? 'add' : op.op, value);
  }
  return doc;
}

function applyAt(doc: Json, parts: string[], op: string, value: Json): Json {
  if (parts.length === 0) return op === 'remove' ? undefined : structuredClone(value);
  const parent = parts.slice(0, -1).reduce<Json>((o, k) => (o as Record<string, Json>)?.[k], doc);
  const last = parts[parts.length - 1];
  if (parent === undefined || parent === null || typeof parent !== 'object') {
    throw new K8sError(422, 'Invalid', `json patch path not found: /${parts.join('/')}`);
  }
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (op === 'add') parent.splice(i, 0, structuredClone(value));
    else if (op === 'remove') parent.splice(i, 1);
    else if (op === 'replace') parent[i] = structuredClone(value);
    else throw new K8sError(400, 'BadRequest', `unsupported json patch op ${op}`);
    return doc;
  }
  const rec = parent as Record<string, Json>;
  if (op === 'add') rec[last] = structuredClone(value);
  else if (op === 'replace') {
    if (!(last in rec)) throw new K8sError(422, 'Invalid', `json patch replace of missing /${parts.join('/')}`);
    rec[last] = structuredClone(value);
  } else if (op === 'remove') {
    if (!(last in rec)) throw new K8sError(422, 'Invalid', `json patch remove of missing /${parts.join('/')}`);
    delete rec[last];
  } else throw new K8sError(400, 'BadRequest', `unsupported json patch op ${op}`);
  return doc;
}

export function applyPatch(contentType: string, target: Json, patch: Json): Json {
  const ct = contentType.split(';')[0].trim();
  if (ct === 'application/merge-patch+json') return mergePatch(target, patch);
  if (ct === 'application/strategic-merge-patch+json') return strategicMergePatch(target, patch);
  if (ct === 'application/json-patch+json') return jsonPatch(target, patch);
  throw new K8sError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`
  );
}
