/** Where a speed came from: the user's measurement, one scaled from it, the table, an estimate, or the offer. */
export type SpeedBasis = 'measured' | 'scaled-measurement' | 'table' | 'estimate' | 'offer';

export interface Speed {
  /** Seconds for one image at batch size 1 on the GPU. */
  seconds: number;
  basis: SpeedBasis;
  source: string;
}

/** A workload's speed on an offer, as billing and eligibility read it: per image or per request, a call, its slots. */
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

/** How a text model runs on a replica: what speed the engine's text billing reads. */
export interface TextServing {
  /** Requests one replica runs at once. */
  concurrency: number;
  /** Output tokens/s of the whole replica at that concurrency. */
  throughput: number;
  /** Output tokens/s one request alone sees. */
  singleStream: number;
  prefillTokensPerSecond: number;
  /** Replica-seconds one request costs at that concurrency: what busy time and rentals count. */
  gpuSecondsPerRequest: number;
  /** Seconds one request takes alone (prefill + decode): what a user waits for. */
  secondsAlone: number;
  /** Time to first token: the prefill. */
  ttftSeconds: number;
  /** Seconds a request holds its slot when n run at once on the replica (faster below full concurrency). */
  holdSeconds: (n: number) => number;
  basis: SpeedBasis;
  source: string;
}
