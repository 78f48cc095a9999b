import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { mulberry32 } from '../sim/random';
import { logNormal, poissonRequests, weeklyWeights } from '../sim/requestLog';

const EXAMPLE_LOG = join(__dirname, '../../examples/thumbnails-requests.csv');

/**
 * The example's request log is synthetic: eight days of Poisson arrivals for the thumbnails workload, office hours in
 * New York with a lunch dip, quiet weekends, SDXL run times around 3.1 s on an RTX 3090, a few failures and two rows
 * a real log would have garbled. UPDATE_EXAMPLES=1 writes it; otherwise the file must be what this makes.
 */
function exampleLog(): string {
  const random = mulberry32(2026);
  const hours = [
    0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.1, 0.3, 0.8, 1, 1, 0.9, 0.6, 0.8, 1, 1, 0.9, 0.7, 0.4, 0.2, 0.1, 0.05, 0.03,
    0.02,
  ];
  const weekdays = [1, 1, 1, 1, 0.9, 0.1, 0.05];
  const lines = ['timestamp,gpu,duration_ms,status'];
  const requests = poissonRequests({
    weights: weeklyWeights(hours, weekdays),
    monthly: 20_000,
    startMs: Date.UTC(2026, 10, 23, 5),
    hours: 8 * 24,
    timeZone: 'America/New_York',
    random,
    runSeconds: logNormal(3.1, 0.15, random),
  });
  let n = 0;
  for (const r of requests) {
    n++;
    const failed = random() < 0.01;
    const stamp = new Date(r.at).toISOString();
    if (n === 1200) lines.push(`${stamp.slice(0, 10)},NVIDIA GeForce RTX 3090,,200`.replace(/^\d{4}-/, 'xx-'));
    else if (n === 3100) lines.push(`${stamp},NVIDIA GeForce RTX 3090,-1`);
    else
      lines.push(
        `${stamp},NVIDIA GeForce RTX 3090,${failed ? '' : Math.round(r.seconds * 1000)},${failed ? 500 : 200}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

it('the example request log is what its generator makes', () => {
  const made = exampleLog();
  if (process.env.UPDATE_EXAMPLES === '1' || !existsSync(EXAMPLE_LOG)) writeFileSync(EXAMPLE_LOG, made);
  expect(readFileSync(EXAMPLE_LOG, 'utf8')).toBe(made);
});
