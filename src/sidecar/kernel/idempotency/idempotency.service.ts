/**
 * Idempotency-Key handling for endpoints flagged `idempotent` in the contract. Keys are scoped per
 * user and endpoint and stored with a hash of the canonical request. Same key + same request replays
 * the stored response; a different request is 422; a duplicate while the first still runs is 409.
 */
import { ErrorCode } from '../../../contract';
import { DomainError } from '../errors';
import { canonicalJson, sha256Hex } from '../canonicalJson';
import { completeKey, purgeKeys, releaseKey, reserveKey } from './idempotency.store';
import type { Db, Executor } from '../database/schema';
import type { IdempotencyHandle } from '../mutations';
import { type Clock } from '../clock';

export interface IdempotentRequest {
  scope: string;
  key: string;
  request: unknown;
}

export type Begun = { kind: 'replay'; status: number; body: unknown } | { kind: 'run'; handle: TrackedHandle };

export interface TrackedHandle extends IdempotencyHandle {
  readonly completed: boolean;
  /** Stores the response outside any transaction (for handlers that did not go through Mutations). */
  complete(body: unknown): Promise<void>;
  release(): Promise<void>;
}

export class IdempotencyService {
  constructor(
    private readonly db: Db,
    private readonly opts: { ttlMs: number; lockMs: number },
    private readonly clock: Clock
  ) {}

  async begin(req: IdempotentRequest, successStatus: number): Promise<Begun> {
    const k = { scope: req.scope, key: req.key };
    const r = await reserveKey(
      this.db,
      { ...k, requestHash: sha256Hex(canonicalJson(req.request)) },
      this.clock.now(),
      this.opts.lockMs
    );
    switch (r.kind) {
      case 'replay':
        return r;
      case 'mismatch':
        throw new DomainError(
          ErrorCode.idempotencyKeyReused,
          'This Idempotency-Key was already used with a different request',
          { field: 'Idempotency-Key' }
        );
      case 'in_progress':
        throw new DomainError(
          ErrorCode.idempotencyInProgress,
          'A request with this Idempotency-Key is still in progress; retry shortly',
          { field: 'Idempotency-Key' }
        );
      case 'reserved':
        return { kind: 'run', handle: this.handle(k, successStatus) };
    }
  }

  purgeExpired(): Promise<number> {
    return purgeKeys(this.db, new Date(this.clock.now().getTime() - this.opts.ttlMs));
  }

  private handle(k: { scope: string; key: string }, status: number): TrackedHandle {
    let completed = false;
    const db = this.db;
    return {
      get completed() {
        return completed;
      },
      async completeIn(ex: Executor, body: unknown) {
        await completeKey(ex, k, status, body);
        completed = true;
      },
      async complete(body: unknown) {
        await completeKey(db, k, status, body);
        completed = true;
      },
      release: () => releaseKey(db, k),
    };
  }
}
