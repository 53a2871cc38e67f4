/** The database section: PostgreSQL when DATABASE_URL is set, else a SQLite file. */
import { z } from 'zod';
import { int } from './helpers';

export const StoreEnvShape = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SWITCHYARD_SQLITE_PATH: z.string().min(1).default('./var/switchyard.db'),
  SWITCHYARD_PG_POOL_MAX: int(10, 1, 200),
};

type StoreEnv = z.output<z.ZodObject<typeof StoreEnvShape>>;

export type StoreConfig = { kind: 'postgres'; url: string; poolMax: number } | { kind: 'sqlite'; path: string };

export function toStoreConfig(e: StoreEnv): StoreConfig {
  return e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.SWITCHYARD_PG_POOL_MAX }
    : { kind: 'sqlite', path: e.SWITCHYARD_SQLITE_PATH };
}
