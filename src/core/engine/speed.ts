import type { Catalog, Offer } from '../catalog/types';
import { speedKey } from '../catalog/types';
import type { Workload } from '../format/model';
import { batchTime, singleFromBatch } from './batching';
import { pixelFactor, settingsNote, settingsOf, timeFactor } from './imageSettings';
import type { SpeedBasis } from './speedBasis';
import { textServing, type TextServing } from './textSpeed';

export interface Speed {
  /** Seconds for one image at batch size 1 on the GPU. */
  seconds: number;
  basis: SpeedBasis;
  source: string;
}

/** Seconds per image of a workload on a GPU: a measured number beats the table, the table beats an estimate. */
export function baseSpeed(
  catalog: Catalog,
  workload: Workload,
  gpuId: string,
  chosenGpu: string | undefined,
): Speed | undefined {
  // A model served only through its owner's API runs on no GPU of ours.
  if (catalog.models.get(workload.model)?.hosted_only) return undefined;
  const measured = workload.secondsPerImage;
  if (typeof measured === 'object' && measured[gpuId] !== undefined) {
    return { seconds: measured[gpuId], basis: 'measured', source: 'seconds_per_image in inference.yaml' };
  }
  if (typeof measured === 'number' && gpuId === chosenGpu) {
    return { seconds: measured, basis: 'measured', source: 'seconds_per_image in inference.yaml' };
  }
  const gpu = catalog.gpus.get(gpuId);
  const model = catalog.models.get(workload.model);
  if (!gpu || !model || model.kind === 'text') return undefined;
  // The table and the estimate are at the model's reference settings: the workload's steps and size scale them.
  const factor = timeFactor(model, workload, catalog.assumptions);
  const settings = factor === 1 ? '' : `, scaled to ${settingsNote(model, workload, catalog.assumptions)}`;
  const entry = catalog.speeds.get(speedKey(workload.model, gpuId));
  if (entry)
    return {
      seconds: entry.seconds * factor,
      basis: factor === 1 ? 'table' : 'estimate',
      source: `${entry.source}${settings}`,
    };
  const chosen = chosenGpu ? catalog.gpus.get(chosenGpu) : undefined;
  if (typeof measured === 'number' && chosen) {
    return {
      seconds: (measured * chosen.relative_speed) / gpu.relative_speed,
      basis: 'scaled-measurement',
      source: `your ${measured} s on ${chosen.id}, scaled by relative GPU speed`,
    };
  }
  return {
    seconds: (model.a100_seconds / gpu.relative_speed) * factor,
    basis: 'estimate',
    source: `estimate: ${model.id} A100 time / ${gpu.id} relative speed${settings}`,
  };
}

export interface EffectiveSpeed extends Speed {
  /** Seconds of GPU time per image once batched. */
  perImage: number;
  /** Seconds one call (one batch) takes: what a request waits for. */
  perBatch: number;
  /** GPU-seconds of one call: a batch's time; for text, one request's share of a GPU running several. */
  occupancy: number;
  /** Calls one worker or replica runs at once: its GPUs for images (a call is a batch on one GPU), a text model's concurrency. */
  slots: number;
  /** Text models: how the model runs on the GPU. */
  text?: TextServing;
}

export function effectiveSpeed(
  catalog: Catalog,
  workload: Workload,
  offer: Offer,
  chosenGpu: string | undefined,
): EffectiveSpeed | undefined {
  if (offer.billing === 'per_token') return undefined;
  if (offer.billing === 'per_call') return perCallSpeed(catalog, workload, offer);
  const gpu = offer.gpu;
  if (!gpu) return undefined;
  const gpus = offer.gpus_per_replica ?? 1;
  if (workload.unit === 'request') return textSpeed(catalog, workload, gpu, chosenGpu, gpus);
  const call = imageCall(catalog, workload, gpu, chosenGpu);
  // A replica of n GPUs runs n image calls side by side, one a GPU: its hours go n times as far.
  return (
    call && {
      seconds: call.seconds,
      basis: call.basis,
      source: call.source,
      perImage: call.perBatch / workload.batchSize / gpus,
      perBatch: call.perBatch,
      occupancy: call.perBatch / gpus,
      slots: gpus,
    }
  );
}

/**
 * One call of the workload's batch on a GPU. The workload's measured batch time wins on the chosen GPU; a GPU with a
 * measurement or table entry of its own takes one image's time from it and the batching curve; any other GPU scales
 * the measured batch by relative speed where there is one, else takes the estimate and the curve.
 */
function imageCall(
  catalog: Catalog,
  workload: Workload,
  gpuId: string,
  chosenGpu: string | undefined,
): (Speed & { perBatch: number }) | undefined {
  const model = catalog.models.get(workload.model);
  if (!model || model.kind === 'text' || model.hosted_only) return undefined;
  const measuredBatch = workload.secondsPerBatch;
  const steps = settingsOf(model, workload, catalog.assumptions).steps;
  const b = workload.batchSize;
  if (measuredBatch !== undefined && gpuId === chosenGpu) {
    const own = ownImageSeconds(workload, gpuId, chosenGpu);
    return {
      seconds: own ?? singleFromBatch(catalog.assumptions.batching, measuredBatch, steps, b),
      basis: 'measured',
      source: `seconds_per_batch in inference.yaml (a call of ${b})`,
      perBatch: measuredBatch,
    };
  }
  const base = baseSpeed(catalog, workload, gpuId, chosenGpu);
  if (!base) return undefined;
  const chosen = chosenGpu ? catalog.gpus.get(chosenGpu) : undefined;
  const gpu = catalog.gpus.get(gpuId);
  const hasOwn = base.basis === 'measured' || catalog.speeds.has(speedKey(workload.model, gpuId));
  if (measuredBatch !== undefined && !hasOwn && chosen && gpu) {
    const ratio = chosen.relative_speed / gpu.relative_speed;
    return {
      seconds: singleFromBatch(catalog.assumptions.batching, measuredBatch, steps, b) * ratio,
      basis: 'scaled-measurement',
      source: `your ${measuredBatch} s a call of ${b} on ${chosen.id}, scaled by relative GPU speed`,
      perBatch: measuredBatch * ratio,
    };
  }
  if (b === 1) return { ...base, perBatch: base.seconds };
  if (workload.batchTimeFactor !== undefined)
    return {
      ...base,
      source: `${base.source}; a call of ${b}: ${workload.batchTimeFactor}x one image (batch_time_factor)`,
      perBatch: base.seconds * workload.batchTimeFactor,
    };
  const batch = batchTime(catalog.assumptions.batching, base.seconds, steps, b);
  const times = Math.round((batch.seconds / base.seconds) * 100) / 100;
  return {
    ...base,
    source: `${base.source}; a call of ${b}: ${times}x one image (one image fills ${Math.round(batch.fill * 100)} % of the GPU, batching curve)`,
    perBatch: batch.seconds,
  };
}

/** One image's measured time on this GPU, where the workload gives one. */
function ownImageSeconds(workload: Workload, gpuId: string, chosenGpu: string | undefined): number | undefined {
  const measured = workload.secondsPerImage;
  if (typeof measured === 'object') return measured[gpuId];
  return gpuId === chosenGpu ? measured : undefined;
}

/**
 * A call to a per-call API: the time the provider states for the model (one figure for an offer of one model, or one
 * by model id), else the model's A100 time as an estimate; either scaled to the workload's steps and size.
 */
function perCallSpeed(catalog: Catalog, workload: Workload, offer: Offer): EffectiveSpeed | undefined {
  const model = catalog.models.get(workload.model);
  if (!model || model.kind === 'text') return undefined;
  const factor = timeFactor(model, workload, catalog.assumptions);
  const settings = factor === 1 ? '' : `, scaled to ${settingsNote(model, workload, catalog.assumptions)}`;
  const stated = statedSeconds(offer, workload.model);
  if (stated !== undefined) return callSpeed(stated * factor, 'offer', `${offer.source}${settings}`);
  if (model.a100_seconds <= 0) return undefined;
  const source = `estimate: ${model.id}'s A100 time (${offer.id} states none for it)${settings}`;
  return callSpeed(model.a100_seconds * factor, 'estimate', source);
}

/** The offer's own time for the model: its entry by model id, or its one figure where it serves one model. */
function statedSeconds(offer: Offer, model: string): number | undefined {
  const given = offer.seconds_per_image;
  if (typeof given === 'object') return given[model];
  const prices = [offer.usd_per_image, offer.usd_per_megapixel, offer.usd_per_image_by_quality];
  const served = new Set([
    ...(offer.models ?? []),
    ...prices.flatMap((p) => (typeof p === 'object' ? Object.keys(p) : [])),
  ]);
  return served.size <= 1 ? given : undefined;
}

function callSpeed(seconds: number, basis: SpeedBasis, source: string): EffectiveSpeed {
  return { seconds, basis, source, perImage: seconds, perBatch: seconds, occupancy: seconds, slots: 1 };
}

function textSpeed(
  catalog: Catalog,
  workload: Workload,
  gpu: string,
  chosenGpu: string | undefined,
  gpus: number,
): EffectiveSpeed | undefined {
  const text = textServing(catalog, workload, gpu, chosenGpu, gpus);
  if (!text) return undefined;
  return {
    seconds: text.secondsAlone,
    basis: text.basis,
    source: text.source,
    perImage: text.gpuSecondsPerRequest,
    perBatch: text.secondsAlone,
    occupancy: text.gpuSecondsPerRequest,
    slots: text.concurrency,
    text,
  };
}

/** GB a batch needs: weights once, activations per image at the workload's size. */
export function memoryNeededGb(
  catalog: Catalog,
  workload: Workload,
  batchSize = workload.batchSize,
): number | undefined {
  const m = catalog.models.get(workload.model);
  if (!m || m.kind === 'text') return undefined;
  return m.weights_gb + m.activation_gb_per_image * pixelFactor(m, workload, catalog.assumptions) * batchSize;
}

/** The largest batch that fits the GPU, 0 when the weights alone do not. */
export function largestBatchThatFits(catalog: Catalog, workload: Workload, gpuId: string): number {
  const m = catalog.models.get(workload.model);
  const gpu = catalog.gpus.get(gpuId);
  if (!m || m.kind === 'text' || !gpu) return 0;
  const perImage = m.activation_gb_per_image * pixelFactor(m, workload, catalog.assumptions);
  return Math.max(0, Math.floor((gpu.vram_gb - m.weights_gb) / perImage + 1e-9));
}
