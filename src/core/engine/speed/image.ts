import type { Catalog } from '../../catalog/types';
import { speedKey } from '../../catalog/types';
import type { Workload } from '../../format/model';
import { batchTime, singleFromBatch } from './batching';
import { pixelFactor, settingsNote, settingsOf, timeFactor } from './imageSettings';
import type { EffectiveSpeed, Speed } from './types';

/** An image workload on a replica of `gpus` GPUs: each GPU runs one call of the batch at a time. */
export function imageSpeed(
  catalog: Catalog,
  workload: Workload,
  gpu: string,
  chosenGpu: string | undefined,
  gpus: number,
): EffectiveSpeed | undefined {
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
