/** Side effects the platform received, so tests can prove an action happened exactly once. */
export const EFFECT_TYPES = [
  'drain',
  'undrain',
  'reload',
  'restart',
  'scale',
  'secretWrite',
  'secretDelete',
  'podDelete',
  'placementChange',
  'imageChange',
  'deploymentCreate',
  'deploymentDelete',
  /** The credentials agent applied a credential a credentials.refresh wrote, then pushed it (detail: job, status). */
  'credentialsApply',
  'credentialsPush',
] as const;
export type EffectType = (typeof EFFECT_TYPES)[number];

export interface EffectRecord {
  seq: number;
  type: EffectType;
  target: string;
  at: string;
  requestId?: string;
  detail?: Record<string, unknown>;
}

export class EffectLog {
  private seq = 0;
  private counts = new Map<EffectType, number>();
  private byTarget = new Map<string, number>();
  private recent: EffectRecord[] = [];

  record(type: EffectType, target: string, requestId?: string, detail?: Record<string, unknown>): EffectRecord {
    this.seq += 1;
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    const key = `${type}:${target}`;
    this.byTarget.set(key, (this.byTarget.get(key) ?? 0) + 1);
    const rec: EffectRecord = { seq: this.seq, type, target, at: new Date().toISOString(), requestId, detail };
    this.recent.push(rec);
    if (this.recent.length > 500) this.recent.shift();
    return rec;
  }

  count(type: EffectType, target?: string): number {
    return target ? (this.byTarget.get(`${type}:${target}`) ?? 0) : (this.counts.get(type) ?? 0);
  }

  snapshot(): { counts: Record<EffectType, number>; byTarget: Record<string, number>; recent: EffectRecord[] } {
    const counts = Object.fromEntries(EFFECT_TYPES.map((t) => [t, this.counts.get(t) ?? 0])) as Record<
      EffectType,
      number
    >;
    return { counts, byTarget: Object.fromEntries(this.byTarget), recent: [...this.recent] };
  }

  reset(): void {
    this.counts.clear();
    this.byTarget.clear();
    this.recent = [];
  }
}
