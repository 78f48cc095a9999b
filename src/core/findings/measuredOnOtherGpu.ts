import type { Catalog } from '../catalog/types';
import type { WorkloadReport } from '../report';
import { FINDING_CODES, type Finding } from './types';

/**
 * A change's finding: a plain `seconds_per_image` (or `tokens_per_second`) is a measurement on the chosen offer's GPU.
 * Switching to an offer on another GPU and leaving the figure as it was applies it to a GPU it was not measured on,
 * silently; said, with the figure scaled to the new GPU as the catalog would scale it.
 */
export function measuredOnOtherGpu(before: WorkloadReport, after: WorkloadReport, catalog: Catalog): Finding[] {
  const was = catalog.gpus.get(before.chosen.offer.gpu ?? '');
  const now = catalog.gpus.get(after.chosen.offer.gpu ?? '');
  if (!was || !now || was.id === now.id) return [];
  const seconds = unchangedNumber(before.workload.secondsPerImage, after.workload.secondsPerImage);
  const tokens = unchangedNumber(
    before.workload.text?.measuredTokensPerSecond,
    after.workload.text?.measuredTokensPerSecond,
  );
  const switched = `\`${before.chosen.offer.id}\` (${was.id}) to \`${after.chosen.offer.id}\` (${now.id})`;
  const findings: Finding[] = [];
  if (seconds !== undefined && after.workload.unit === 'image') {
    // Relative speed is how the engine scales a measurement to a GPU without its own (engine/speed/image.ts).
    const scaled = (seconds * was.relative_speed) / now.relative_speed;
    findings.push(
      finding(
        after,
        'seconds_per_image',
        `\`seconds_per_image: ${seconds}\` was measured on ${was.id} and is now applied unchanged to ${now.id} (the provider changed from ${switched}). ` +
          `Scaled by relative GPU speed (${was.id} ${was.relative_speed}, ${now.id} ${now.relative_speed}) it would be about ${round(scaled)} s. ` +
          `Write \`seconds_per_image: {${was.id}: ${seconds}}\` to keep it for the GPU it was measured on, or measure again on ${now.id}.`,
      ),
    );
  }
  if (tokens !== undefined && after.workload.unit === 'request') {
    // Decoding is bound by memory bandwidth: how the engine scales text speeds between GPUs (engine/speed/text.ts).
    const scaled = (tokens * now.memory_bandwidth_gbps) / was.memory_bandwidth_gbps;
    findings.push(
      finding(
        after,
        'tokens_per_second',
        `\`tokens_per_second: ${tokens}\` was measured on ${was.id} and is now applied unchanged to ${now.id} (the provider changed from ${switched}). ` +
          `Scaled by memory bandwidth (${was.memory_bandwidth_gbps} and ${now.memory_bandwidth_gbps} GB/s) it would be about ${round(scaled)}. ` +
          `Write \`tokens_per_second: {${was.id}: ${tokens}}\` to keep it for the GPU it was measured on, or measure again on ${now.id}.`,
      ),
    );
  }
  return findings;
}

/** The figure where both sides give the same plain number (one measured for the chosen GPU, whichever it is). */
function unchangedNumber(
  before: number | Record<string, number> | undefined,
  after: number | Record<string, number> | undefined,
): number | undefined {
  return typeof before === 'number' && before === after ? after : undefined;
}

function finding(after: WorkloadReport, field: 'seconds_per_image' | 'tokens_per_second', message: string): Finding {
  return {
    code: FINDING_CODES.measuredOnOtherGpu,
    severity: 'warning',
    message,
    range: after.workload.ranges[field] ?? after.workload.ranges.provider ?? after.workload.ranges.item,
    workload: after.workload.index,
  };
}

/** Three significant digits: a scaled figure is an estimate, not a measurement. */
function round(value: number): string {
  return String(Number(value.toPrecision(3)));
}
