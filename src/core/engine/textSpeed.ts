import type { Catalog, Gpu, TextModelFacts, TextSpeedEntry } from '../catalog/types';
import { speedKey } from '../catalog/types';
import type { TextDemand, Workload } from '../format/model';
import type { SpeedBasis } from './speed';

/**
 * Self-hosted serving of a text model on one GPU (README, "Text models"). A request's GPU time is its prefill (input
 * tokens not in the prompt cache, at the prefill rate) plus its output tokens at the GPU's throughput for the
 * requests it runs at once; how many it runs at once is bounded by memory (each holds a KV cache), by the batched
 * point of the speed table, and by the output speed each request must see.
 */
export interface TextServing {
  /** Requests one GPU runs at once. */
  concurrency: number;
  /** Output tokens/s of the whole GPU at that concurrency. */
  throughput: number;
  /** Output tokens/s one request alone sees. */
  singleStream: number;
  prefillTokensPerSecond: number;
  /** GPU-seconds one request costs at that concurrency: what busy time and rentals count. */
  gpuSecondsPerRequest: number;
  /** Seconds one request takes alone (prefill + decode): what a user waits for. */
  secondsAlone: number;
  /** Time to first token: the prefill. */
  ttftSeconds: number;
  basis: SpeedBasis;
  source: string;
}

/** Share of VRAM the server may fill with weights and KV cache (vLLM's default gpu_memory_utilization). */
const USABLE_VRAM = 0.9;
const GB = 1e9;

export interface MemoryFit {
  weightsGb: number;
  kvGbPerRequest: number;
  /** Requests whose KV caches fit beside the weights; 0 when not even one does. */
  requests: number;
  usableGb: number;
}

/** Weights + one KV cache per concurrent request, at the workload's context (input + output tokens). */
export function textMemoryFit(facts: TextModelFacts, demand: TextDemand, gpu: Gpu): MemoryFit {
  const weightsGb = facts.parameters_billion * facts.bytes_per_parameter;
  const kvBytesPerToken = 2 * facts.layers * facts.kv_heads * facts.head_dim * facts.kv_bytes_per_value;
  const context = Math.max(1, demand.inputTokens + demand.outputTokens);
  const kvGbPerRequest = (kvBytesPerToken * context) / GB;
  const usableGb = gpu.vram_gb * USABLE_VRAM;
  const requests = Math.max(0, Math.floor((usableGb - weightsGb) / kvGbPerRequest + 1e-9));
  return { weightsGb, kvGbPerRequest, requests, usableGb };
}

interface Rates {
  single: number;
  batched: number;
  batchedConcurrency: number;
  prefill: number;
  basis: SpeedBasis;
  source: string;
}

/** The table's entry for the GPU, or another GPU's scaled by memory bandwidth (decode) and relative speed (prefill). */
function tableRates(catalog: Catalog, model: string, gpu: Gpu): Rates | undefined {
  const own = catalog.textSpeeds.get(speedKey(model, gpu.id));
  if (own) return ratesOf(own, 1, 1, own.estimate ? 'estimate' : 'table', own.source);
  const reference = [...catalog.textSpeeds.values()].find((e) => e.model === model);
  const from = reference && catalog.gpus.get(reference.gpu);
  if (!reference || !from) return undefined;
  const decode = gpu.memory_bandwidth_gbps / from.memory_bandwidth_gbps;
  const prefill = gpu.relative_speed / from.relative_speed;
  return ratesOf(
    reference,
    decode,
    prefill,
    'estimate',
    `estimate: ${model} on ${from.id} scaled by memory bandwidth (${gpu.memory_bandwidth_gbps} / ${from.memory_bandwidth_gbps} GB/s)`,
  );
}

function ratesOf(e: TextSpeedEntry, decode: number, prefill: number, basis: SpeedBasis, source: string): Rates {
  return {
    single: e.single_stream_tokens_per_second * decode,
    batched: e.batched_tokens_per_second * decode,
    batchedConcurrency: e.batched_concurrency,
    prefill: e.prefill_tokens_per_second * prefill,
    basis,
    source,
  };
}

/** Whole-GPU output tokens/s at c requests at once: linear from one request to the batched point, flat after it. */
export function throughputAt(rates: Pick<Rates, 'single' | 'batched' | 'batchedConcurrency'>, c: number): number {
  if (c >= rates.batchedConcurrency || rates.batchedConcurrency <= 1) return rates.batched;
  return rates.single + ((rates.batched - rates.single) * (c - 1)) / (rates.batchedConcurrency - 1);
}

/** The workload's measured batched throughput on this GPU, if it gave one. */
function measuredThroughput(workload: Workload, gpuId: string, chosenGpu: string | undefined): number | undefined {
  const measured = workload.text?.measuredTokensPerSecond;
  if (typeof measured === 'object') return measured[gpuId];
  return gpuId === chosenGpu ? measured : undefined;
}

/** How a text workload runs on one GPU; undefined where the model has no speed there or does not fit. */
export function textServing(
  catalog: Catalog,
  workload: Workload,
  gpuId: string,
  chosenGpu: string | undefined,
): TextServing | undefined {
  const model = catalog.models.get(workload.model);
  const gpu = catalog.gpus.get(gpuId);
  const demand = workload.text;
  if (model?.kind !== 'text' || !model.text || !gpu || !demand) return undefined;
  const table = tableRates(catalog, workload.model, gpu);
  if (!table) return undefined;
  const measured = measuredThroughput(workload, gpuId, chosenGpu);
  const rates: Rates = measured
    ? { ...table, batched: measured, basis: 'measured', source: 'tokens_per_second in inference.yaml' }
    : table;
  const fit = textMemoryFit(model.text, demand, gpu);
  if (fit.requests < 1) return undefined;
  const concurrency = concurrencyFor(rates, fit.requests, demand.outputTokensPerSecond);
  const throughput = throughputAt(rates, concurrency);
  const prefillSeconds = (demand.inputTokens * (1 - demand.cachedInputShare)) / rates.prefill;
  return {
    concurrency,
    throughput,
    singleStream: rates.single,
    prefillTokensPerSecond: rates.prefill,
    gpuSecondsPerRequest: prefillSeconds + demand.outputTokens / throughput,
    secondsAlone: prefillSeconds + demand.outputTokens / rates.single,
    ttftSeconds: prefillSeconds,
    basis: rates.basis,
    source: rates.source,
  };
}

/**
 * The most requests at once that memory holds, up to the table's batched point (beyond it no figure says the GPU
 * does more), and few enough that each still sees the output speed the workload asks for (at least one).
 */
function concurrencyFor(rates: Rates, memoryLimit: number, perRequestTarget: number | undefined): number {
  let c = Math.max(1, Math.min(memoryLimit, Math.round(rates.batchedConcurrency)));
  if (perRequestTarget !== undefined) while (c > 1 && throughputAt(rates, c) / c < perRequestTarget) c--;
  return c;
}
