/**
 * The one shape every feature module has. A module folder's index.ts exports one `SidecarModule`;
 * app.ts lists them, runs their migrations (kernel/database) before anything else, then creates each
 * with the kernel's context plus what it uses from the platform and from modules created before it.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from './clock';
import type { Config } from './config/config';
import type { NumberedMigration } from './database/migrations';
import type { Db, StoreKind } from './database/schema';
import type { Mutations } from './mutations';
import type { RouteHandlers } from './registrar';

/** What the kernel gives every module. */
export interface ModuleContext {
  config: Config;
  db: Db;
  dialect: StoreKind;
  mutations: Mutations;
  logger: Logger;
  clock: Clock;
  metrics: Registry;
}

export interface ModuleInstance<Exports, Jobs> {
  /** What other modules may use (through this module's index.ts). */
  exports: Exports;
  /** Handlers for this module's endpoints of the contract's endpoint table. */
  routes: RouteHandlers;
  /** Routes outside the proxied endpoint table (for example a webhook with its own authentication). */
  directRoutes?(app: FastifyInstance): void;
  /** What the module contributes to the job engine (job types, lifecycle listeners). */
  jobs?: Jobs;
  start?(): void;
  stop?(): Promise<void>;
}

export interface SidecarModule<Deps extends ModuleContext, Exports = object, Jobs = never> {
  name: string;
  /** This module's migrations; ids are numbered in the one sequence all modules share. */
  migrations: readonly NumberedMigration[];
  create(deps: Deps): ModuleInstance<Exports, Jobs> | Promise<ModuleInstance<Exports, Jobs>>;
}
