import type { Assumptions, Catalog, Offer } from '../catalog/types';
import { speedKey } from '../catalog/types';
import type { Workload } from '../format/model';
import { pixelFactor, settingsNote, timeFactor } from './imageSettings';
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

/** Time of a batch relative to one image, read off the batching curve (linear between points, flat per image after). */
export function batchTimeFactor(assumptions: Assumptions, batchSize: number, override?: number): number {
  if (override !== undefined) return override;
  const points = assumptions.batching.points;
  const last = points[points.length - 1]!;
  if (batchSize >= last[0]) return (last[1] * batchSize) / last[0];
  for (let i = 1; i < points.length; i++) {
    const [b0, f0] = points[i - 1]!;
    const [b1, f1] = points[i]!;
    if (batchSize <= b1) return f0 + ((f1 - f0) * (batchSize - b0)) / (b1 - b0);
  }
  return 1;
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
  const base = baseSpeed(catalog, workload, gpu, chosenGpu);
  const perBatch = base
    ? base.seconds * batchTimeFactor(catalog.assumptions, workload.batchSize, workload.batchTimeFactor)
    : 0;
  // A replica of n GPUs runs n image calls side by side, one a GPU: its hours go n times as far.
  return (
    base && {
      seconds: base.seconds,
      basis: base.basis,
      source: base.source,
      perImage: perBatch / workload.batchSize / gpus,
      perBatch,
      occupancy: perBatch / gpus,
      slots: gpus,
    }
  );
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
