/**
 * The one migration runner. Every module owns its migrations (`<domain>.migrations.ts`); app.ts
 * lists them; ids are numbered once, in one sequence (`NNN_name`), and written to run on SQLite and
 * PostgreSQL. On PostgreSQL, sortable text columns use the "C" collation so ordering (and thus keyset
 * cursors) is byte order, the same as SQLite's BINARY.
 *
 * A migration may name the ids a database created by an earlier layout recorded for the same schema
 * (`formerIds`); before migrating, those recorded ids are rewritten to today's, so an existing
 * database upgrades forward without re-running (or losing) anything.
 */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { StoreKind } from './schema';

export interface NumberedMigration {
  /** `NNN_what`: the number unique across all modules, assigned per module (gaps allowed). */
  id: string;
  /** Ids under which databases created before this layout recorded this migration. */
  formerIds?: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was then
  up(db: Kysely<any>, kind: StoreKind): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  down(db: Kysely<any>, kind: StoreKind): Promise<void>;
}

const MIGRATION_TABLE = 'kysely_migration';
const ID_PATTERN = /^(\d{3})_[a-z0-9_]+$/;

/** A text column that sorts by byte order on both stores (keyset cursors, sorted listings). */
export function sortable(kind: StoreKind): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return (c) => (kind === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c);
}

/**
 * The ids must be `NNN_…` with a number used once, sorted ascending. Numbers are assigned per module
 * ahead of time, so a gap (a module whose number is reserved but not yet composed) is allowed.
 */
export function checkNumbering(migrations: readonly NumberedMigration[]): NumberedMigration[] {
  const sorted = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  let previous = 0;
  for (const m of sorted) {
    const match = ID_PATTERN.exec(m.id);
    const n = match ? Number(match[1]) : NaN;
    if (!match || n < 1 || n <= previous) {
      throw new Error(`migration ids must be NNN_name with each number used once: ${m.id} after number ${previous}`);
    }
    previous = n;
  }
  return sorted;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function adoptFormerIds(db: Kysely<any>, migrations: NumberedMigration[]): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return;
  await db.transaction().execute(async (trx) => {
    const recorded: Array<{ name: string; timestamp: string }> = await trx
      .selectFrom(MIGRATION_TABLE)
      .select(['name', 'timestamp'])
      .execute();
    const current = new Set(migrations.map((m) => m.id));
    for (const row of recorded.filter((r) => !current.has(r.name))) {
      const successors = migrations.filter((m) => m.formerIds?.includes(row.name));
      if (successors.length === 0) continue; // left for the migrator to report as unknown
      for (const m of successors) {
        await trx
          .insertInto(MIGRATION_TABLE)
          .values({ name: m.id, timestamp: row.timestamp })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
      }
      await trx.deleteFrom(MIGRATION_TABLE).where('name', '=', row.name).execute();
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(
  db: Kysely<any>,
  kind: StoreKind,
  all: readonly NumberedMigration[]
): Promise<void> {
  const migrations = checkNumbering(all);
  await adoptFormerIds(db, migrations);
  const byId: Record<string, Migration> = Object.fromEntries(
    migrations.map((m) => [m.id, { up: (d) => m.up(d, kind), down: (d) => m.down(d, kind) }])
  );
  const provider: MigrationProvider = { getMigrations: async () => byId };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String((error as Error)?.message ?? error)}`
    );
  }
}
