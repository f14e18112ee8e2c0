/**
 * The toxic types by name: a factory for one instance per connection
 * direction, and the checks a ToxicSpec must pass before a proxy takes it.
 */
import type { ToxicSpec, ToxicType } from '../types.ts';
import { BandwidthToxic } from './bandwidth.ts';
import { LatencyToxic } from './latency.ts';
import { LimitDataToxic } from './limit-data.ts';
import { ResetPeerToxic } from './reset-peer.ts';
import { SlicerToxic } from './slicer.ts';
import { SlowCloseToxic } from './slow-close.ts';
import { TimeoutToxic } from './timeout.ts';
import type { LinkControl, Toxic } from './toxic.ts';

export type { LinkControl, Next, Toxic } from './toxic.ts';

/** Each type with the attributes it reads. */
export const TOXIC_ATTRIBUTES: Record<ToxicType, string[]> = {
  latency: ['latency', 'jitter'],
  bandwidth: ['rate'],
  slow_close: ['delay'],
  timeout: ['timeout'],
  reset_peer: ['timeout'],
  slicer: ['average_size', 'size_variation', 'delay'],
  limit_data: ['bytes'],
};

export function isToxicType(type: unknown): type is ToxicType {
  return typeof type === 'string' && Object.hasOwn(TOXIC_ATTRIBUTES, type);
}

export function createToxic(type: ToxicType, attributes: Record<string, number>, control: LinkControl): Toxic {
  switch (type) {
    case 'latency': return new LatencyToxic(attributes);
    case 'bandwidth': return new BandwidthToxic(attributes);
    case 'slow_close': return new SlowCloseToxic(attributes);
    case 'timeout': return new TimeoutToxic(attributes, control);
    case 'reset_peer': return new ResetPeerToxic(attributes, control);
    case 'slicer': return new SlicerToxic(attributes);
    case 'limit_data': return new LimitDataToxic(attributes, control);
  }
}

/** Throws an Error naming what is wrong with a toxic's fields; returns nothing when it is fine. */
export function checkToxic(spec: Pick<ToxicSpec, 'name' | 'type' | 'stream' | 'toxicity' | 'attributes'>): void {
  if (typeof spec.name !== 'string' || spec.name === '') throw new Error('toxic needs a name');
  if (!isToxicType(spec.type)) throw new Error(`toxic ${spec.name}: unknown type ${JSON.stringify(spec.type)} (one of ${Object.keys(TOXIC_ATTRIBUTES).join(', ')})`);
  if (spec.stream !== 'upstream' && spec.stream !== 'downstream') throw new Error(`toxic ${spec.name}: stream must be upstream or downstream, not ${JSON.stringify(spec.stream)}`);
  checkToxicity(spec.name, spec.toxicity);
  checkAttributes(spec.name, spec.attributes);
}

export function checkToxicity(name: string, toxicity: unknown): void {
  if (typeof toxicity !== 'number' || !(toxicity >= 0 && toxicity <= 1)) throw new Error(`toxic ${name}: toxicity must be a number from 0 to 1, not ${JSON.stringify(toxicity)}`);
}

export function checkAttributes(name: string, attributes: unknown): void {
  if (typeof attributes !== 'object' || attributes === null) throw new Error(`toxic ${name}: attributes must be an object`);
  for (const [k, v] of Object.entries(attributes)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`toxic ${name}: attribute ${k} must be a number ≥ 0, not ${JSON.stringify(v)}`);
  }
}
