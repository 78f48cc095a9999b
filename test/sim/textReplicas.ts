import { mulberry32 } from './random';

/**
 * Text replicas with continuous batching (test code only). Requests arrive as a Poisson stream at `rate` a second and
 * wait in one queue for a free slot (each of `replicas` runs at most `concurrency` at once). An admitted request
 * prefills for `prefillSeconds`, then decodes `outputTokens`, sharing its replica's `throughput(n)` tokens/s evenly
 * with the n requests decoding there. Returns the wait for a slot that the slowest 1 % of requests exceed.
 */
/** Tokens left that count as done: float steps this small would no longer move the clock. */
const DONE = 1e-3;

export function simulateTextReplicasP99Wait(input: {
  rate: number;
  replicas: number;
  concurrency: number;
  prefillSeconds: number;
  outputTokens: number;
  throughput: (decoding: number) => number;
  requests: number;
  seed: number;
}): number {
  const random = mulberry32(input.seed);
  type Running = { prefillUntil: number; tokensLeft: number };
  const replicas: Running[][] = Array.from({ length: input.replicas }, () => []);
  const queue: number[] = [];
  const waits: number[] = [];
  let now = 0;
  let nextArrival = -Math.log(1 - random()) / input.rate;
  let arrived = 0;
  const decoding = (r: Running[]) => r.filter((x) => x.prefillUntil <= now).length;
  const admit = () => {
    for (const r of replicas)
      while (queue.length && r.length < input.concurrency) {
        waits.push(now - queue.shift()!);
        r.push({ prefillUntil: now + input.prefillSeconds, tokensLeft: input.outputTokens });
      }
  };
  while (waits.length < input.requests) {
    // The next event: an arrival, a prefill ending, or a request finishing its tokens at the replica's shared speed.
    let next = arrived < input.requests ? nextArrival : Infinity;
    for (const r of replicas) {
      const n = decoding(r);
      for (const x of r)
        next = Math.min(next, x.prefillUntil > now ? x.prefillUntil : now + x.tokensLeft / (input.throughput(n) / n));
    }
    const dt = next - now;
    for (const r of replicas) {
      const n = decoding(r);
      for (const x of r) if (x.prefillUntil <= now) x.tokensLeft -= (dt * input.throughput(n)) / n;
    }
    now = next;
    for (let i = 0; i < replicas.length; i++) replicas[i] = replicas[i]!.filter((x) => x.tokensLeft > DONE);
    if (arrived < input.requests && nextArrival <= now) {
      queue.push(now);
      arrived++;
      nextArrival = now + -Math.log(1 - random()) / input.rate;
    }
    admit();
  }
  waits.sort((a, b) => a - b);
  return waits[Math.floor(0.99 * waits.length)]!;
}
