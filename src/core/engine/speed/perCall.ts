import type { Catalog, Offer } from '../../catalog/types';
import type { Workload } from '../../format/model';
import { settingsNote, timeFactor } from './imageSettings';
import type { EffectiveSpeed, SpeedBasis } from './types';

/**
 * A call to a per-call API: the time the provider states for the model (one figure for an offer of one model, or one
 * by model id), else the model's A100 time as an estimate; either scaled to the workload's steps and size.
 */
export function perCallSpeed(catalog: Catalog, workload: Workload, offer: Offer): EffectiveSpeed | undefined {
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
