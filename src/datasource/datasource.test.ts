import { lastValueFrom } from 'rxjs';
import { interpolateModel } from './templating';
import { EXAMPLE_QUERIES, EXAMPLE_VARIABLES } from './exampleQueries';
import { validateDsQuery } from '../contract';

const VARS: Record<string, string> = { environment: 'prod,staging', tenant: 'acme-001', jobType: 'tenant.drain' };
const interpolate = (text: string) => text.replace(/\$\{?(\w+)\}?/g, (_, name: string) => VARS[name] ?? '');

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: (text: string) => interpolate(text) }),
}));

describe('template variables', () => {
  it('expand multi-value variables in list filters and interpolate strings', () => {
    const out = interpolateModel(
      { refId: 'A', queryType: 'jobs', environment: ['$environment'], tenant: '$tenant', limit: 10 },
      undefined,
      interpolate
    );
    expect(out).toEqual({
      refId: 'A',
      queryType: 'jobs',
      environment: ['prod', 'staging'],
      tenant: 'acme-001',
      limit: 10,
    });
  });

  it('the variable support asks the backend pick list and returns text/value frames', async () => {
    const { SwitchyardVariableSupport } = await import('./datasource');
    const pickList = jest.fn().mockResolvedValue([{ text: 'acme-001', value: 'acme-001' }]);
    const support = new SwitchyardVariableSupport({ pickList } as never);
    const res = await lastValueFrom(
      support.query({
        targets: [{ refId: 'v', target: 'tenant', environment: ['$environment'], search: 'ac' }],
        scopedVars: {},
      } as never)
    );
    expect(pickList).toHaveBeenCalledWith('tenant', { environment: 'prod,staging', search: 'ac' });
    expect(res.data[0].fields.map((f: { name: string; values: string[] }) => [f.name, f.values])).toEqual([
      ['text', ['acme-001']],
      ['value', ['acme-001']],
    ]);
  });
});

describe('example dashboard queries', () => {
  it.each(Object.entries({ ...EXAMPLE_QUERIES }))('%s is a valid query once variables are set', (_name, example) => {
    const r = validateDsQuery(interpolateModel(example.query, undefined, interpolate));
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(Object.entries(EXAMPLE_VARIABLES))('variable %s is a valid variable query', (_name, q) => {
    expect(validateDsQuery(interpolateModel(q, undefined, interpolate)).ok).toBe(true);
  });
});
