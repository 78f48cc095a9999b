import type { Catalog, Offer } from '../../catalog/types';
import type { Workload } from '../../format/model';
import { imageSpeed } from './image';
import { perCallSpeed } from './perCall';
import { textSpeed } from './text';
import type { EffectiveSpeed } from './types';

/**
 * Speed, in one place: how long a workload's call takes on an offer and how much of a GPU it holds.
 *   image.ts          one image's time on a GPU (measured, the speed table, or the model's A100 time / relative speed),
 *                     a batch's time, and the memory a batch needs
 *   imageSettings.ts  the workload's steps and size against the model's reference, and how they scale time and memory
 *   batching.ts       the time of a call of several images from one image's time
 *   text.ts           a text model on a replica: memory fit, decode throughput, concurrency, time to first token
 *   perCall.ts        a per-call API's stated or estimated time
 *   types.ts          the shapes the billing reads
 * Everything outside this folder imports from here.
 */
export function effectiveSpeed(
  catalog: Catalog,
  workload: Workload,
  offer: Offer,
  chosenGpu: string | undefined,
): EffectiveSpeed | undefined {
  if (offer.billing === 'per_token') return undefined;
  if (offer.billing === 'per_call') return perCallSpeed(catalog, workload, offer);
  if (!offer.gpu) return undefined;
  const gpus = offer.gpus_per_replica ?? 1;
  return workload.unit === 'request'
    ? textSpeed(catalog, workload, offer.gpu, chosenGpu, gpus)
    : imageSpeed(catalog, workload, offer.gpu, chosenGpu, gpus);
}

export { largestBatchThatFits, memoryNeededGb } from './image';
export { settingsOf, type ImageSettings } from './imageSettings';
export { batchTime, singleFromBatch } from './batching';
export { decodeThroughput, slotWaitP99, textMemoryFit, textServing, USABLE_VRAM, type MemoryFit } from './text';
export type { EffectiveSpeed, Speed, SpeedBasis, TextServing } from './types';
