import type { Assumptions, Catalog, Gpu, TextModelFacts } from '../../catalog/types';
import type { TextDemand, Workload } from '../../format/model';
import { p99WaitSeconds, waitChanceSharing } from '../queueing';
import type { EffectiveSpeed, TextServing } from './types';

/**
 * Self-hosted serving of a text model on one replica of one or more GPUs (docs: "Text models"). Decoding is a
 * roofline: each step reads the weights and every running request's KV cache from memory, and does 2 FLOPs per active
 * parameter per request; the slower of the two sets the step. Prefill is compute. How many requests a replica runs
 * at once is bounded by memory (each holds a KV cache), by the server's batch limit, and by the output speed each
 * request must see.
 */

/** Share of VRAM the server may fill with weights and KV cache (vLLM's default gpu_memory_utilization). */
export const USABLE_VRAM = 0.9;
const GB = 1e9;
/** Dense BF16 tensor TFLOPS of the A100, the GPU relative_speed is measured against. */
const A100_TFLOPS = 312;

export interface MemoryFit {
  weightsGb: number;
  kvGbPerRequest: number;
  /** Requests whose KV caches fit beside the weights; 0 when not even one does. */
  requests: number;
  usableGb: number;
}

/** KV-cache bytes one token of context holds. */
function kvBytesPerToken(facts: TextModelFacts): number {
  return 2 * facts.layers * facts.kv_heads * facts.head_dim * facts.kv_bytes_per_value;
}

/** Weights + one KV cache per concurrent request, at the workload's context (input + output tokens), on n GPUs. */
export function textMemoryFit(facts: TextModelFacts, demand: TextDemand, gpu: Gpu, gpus = 1): MemoryFit {
  const weightsGb = facts.parameters_billion * facts.bytes_per_parameter;
  const context = Math.max(1, demand.inputTokens + demand.outputTokens);
  const kvGbPerRequest = (kvBytesPerToken(facts) * context) / GB;
  const usableGb = gpu.vram_gb * gpus * USABLE_VRAM;
  const requests = Math.max(0, Math.floor((usableGb - weightsGb) / kvGbPerRequest + 1e-9));
  return { weightsGb, kvGbPerRequest, requests, usableGb };
}

/** What a replica can do per second: bytes read and FLOPs, both at the efficiencies of the assumptions. */
interface Replica {
  bytesPerSecond: number;
  flopsPerSecond: number;
}

function replicaOf(gpu: Gpu, gpus: number, a: Assumptions['text_serving']): Replica {
  // Tensor parallelism: every doubling of GPUs adds `tp_efficiency_per_doubling` of a doubling.
  const scale = gpus <= 1 ? 1 : gpus * a.tp_efficiency_per_doubling ** Math.log2(gpus);
  return {
    bytesPerSecond: gpu.memory_bandwidth_gbps * GB * a.bandwidth_efficiency * scale,
    flopsPerSecond: gpu.relative_speed * A100_TFLOPS * 1e12 * a.compute_efficiency * scale,
  };
}

/**
 * Output tokens/s of a replica running c requests at once, each holding `context` tokens of KV cache on average.
 * A mixture of experts reads its active experts for one request and, as the batch grows, more of the rest.
 */
export function decodeThroughput(facts: TextModelFacts, replica: Replica, c: number, context: number): number {
  const total = facts.parameters_billion * 1e9 * facts.bytes_per_parameter;
  const active = (facts.active_parameters_billion ?? facts.parameters_billion) * 1e9;
  const weightsRead = Math.min(total, active * facts.bytes_per_parameter * c);
  const bytes = weightsRead + c * kvBytesPerToken(facts) * context;
  const step = Math.max(bytes / replica.bytesPerSecond, (2 * active * c) / replica.flopsPerSecond);
  return c / step;
}

/** The workload's measured batched throughput on this GPU, if it gave one. */
function measuredThroughput(workload: Workload, gpuId: string, chosenGpu: string | undefined): number | undefined {
  const measured = workload.text?.measuredTokensPerSecond;
  if (typeof measured === 'object') return measured[gpuId];
  return gpuId === chosenGpu ? measured : undefined;
}

/** How a text workload runs on a replica of `gpus` GPUs; undefined where the model has no architecture or does not fit. */
export function textServing(
  catalog: Catalog,
  workload: Workload,
  gpuId: string,
  chosenGpu: string | undefined,
  gpus = 1,
): TextServing | undefined {
  const model = catalog.models.get(workload.model);
  const gpu = catalog.gpus.get(gpuId);
  const demand = workload.text;
  if (model?.kind !== 'text' || !model.text || !gpu || !demand) return undefined;
  const facts = model.text;
  const fit = textMemoryFit(facts, demand, gpu, gpus);
  if (fit.requests < 1) return undefined;
  const serving = catalog.assumptions.text_serving;
  const replica = replicaOf(gpu, gpus, serving);
  // A request holds its prompt and, on average, half its output while it decodes.
  const context = demand.inputTokens + demand.outputTokens / 2;
  const curve = (c: number) => decodeThroughput(facts, replica, c, context);
  const limit = Math.min(fit.requests, serving.max_concurrent_requests);
  const concurrency = concurrencyFor(curve, limit, demand.outputTokensPerSecond);
  const measured = measuredThroughput(workload, gpuId, chosenGpu);
  // A measurement replaces the rule's throughput at the concurrency the workload runs; one request alone scales with it.
  const scale = measured !== undefined ? measured / curve(concurrency) : 1;
  const throughput = curve(concurrency) * scale;
  const single = curve(1) * scale;
  const active = (facts.active_parameters_billion ?? facts.parameters_billion) * 1e9;
  const prefill = replica.flopsPerSecond / (2 * active);
  const prefillSeconds = (demand.inputTokens * (1 - demand.cachedInputShare)) / prefill;
  return {
    concurrency,
    throughput,
    singleStream: single,
    prefillTokensPerSecond: prefill,
    gpuSecondsPerRequest: prefillSeconds + demand.outputTokens / throughput,
    secondsAlone: prefillSeconds + demand.outputTokens / single,
    ttftSeconds: prefillSeconds,
    holdSeconds: (n) => prefillSeconds + demand.outputTokens / ((curve(n) * scale) / n),
    basis: measured !== undefined ? 'measured' : 'estimate',
    source:
      measured !== undefined
        ? 'tokens_per_second in inference.yaml'
        : `estimate: roofline of ${workload.model} on ${gpus > 1 ? `${gpus}x ` : ''}${gpu.id} (${gpu.memory_bandwidth_gbps} GB/s, relative compute ${gpu.relative_speed})`,
  };
}

/**
 * The most requests at once that memory and the server's batch limit allow, and few enough that each still sees the
 * output speed the workload asks for (at least one). Throughput per request falls as requests are added.
 */
function concurrencyFor(curve: (c: number) => number, limit: number, perRequestTarget: number | undefined): number {
  let c = Math.max(1, limit);
  if (perRequestTarget === undefined || curve(c) / c >= perRequestTarget) return c;
  // Per-request speed falls with c: halve down to a bracket, then search it.
  let lo = 1;
  while (lo < c) {
    const mid = Math.ceil((lo + c) / 2);
    if (curve(mid) / mid >= perRequestTarget) lo = mid;
    else c = mid - 1;
  }
  return lo;
}

/**
 * The wait for a free slot the slowest 1 % of requests exceed, at `rate` requests a second on `replicas` replicas. A
 * replica runs fewer requests faster, so the chance of waiting comes from the chain of its shared speeds (n requests
 * spread over the replicas, each busy one running n / replicas, at least 1); the tail from the hold at full concurrency.
 */
export function slotWaitP99(text: TextServing, rate: number, replicas: number): number {
  const slots = replicas * text.concurrency;
  const chance = waitChanceSharing(rate, (n) => n / text.holdSeconds(Math.max(1, n / replicas)), slots);
  return p99WaitSeconds(rate, text.holdSeconds(text.concurrency), slots, chance);
}

/** A text model on a replica of `gpus` GPUs as the billing reads it: a request's replica-seconds, its slots. */
export function textSpeed(
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
