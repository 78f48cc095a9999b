import type { Assumptions, MegapixelRule, Model, Offer, StepQualities } from '../../catalog/types';
import type { Workload } from '../../format/model';
import { settingsOf, type ImageSettings } from '../speed';
import type { OptionDetails } from '../../report';
import { billOf, type Bill, type BillInput } from './common';
import { coldDetails, serverlessMonth } from './serverless';

/** A per-call offer's price for one image of the workload, or why it does not serve it. */
export type PerCallPrice = { usd: number } | { reason: string };

/** For one model: a number for every model (within `models`, where given), or its own entry in a map. */
function forModel(price: number | Record<string, number> | undefined, offer: Offer, model: string): number | undefined {
  if (typeof price === 'number') return !offer.models || offer.models.includes(model) ? price : undefined;
  return price?.[model];
}

/**
 * The price of one image: by quality and size where the offer has a table for the model, by megapixel of output (as
 * the host counts them), by denoising step, or per image. A quality or size the table does not list is not served.
 */
export function perCallPrice(
  offer: Offer,
  workload: Workload,
  model: Model | undefined,
  assumptions: Assumptions,
): PerCallPrice {
  const id = workload.model;
  if (workload.unit !== 'image' || !model || model.kind === 'text') return { reason: `does not serve ${id}` };
  const s = settingsOf(model, workload, assumptions);
  const table = offer.usd_per_image_by_quality?.[id];
  if (table) return tablePrice(table, id, stepQuality(s, offer.step_qualities), assumptions);
  const perMegapixel = forModel(offer.usd_per_megapixel, offer, id);
  if (perMegapixel !== undefined) return { usd: megapixelPrice(perMegapixel, s, offer.megapixel_rule) };
  const perStep = forModel(offer.usd_per_step, offer, id);
  if (perStep !== undefined) return { usd: perStep * s.steps };
  const perImage = forModel(offer.usd_per_image, offer, id);
  return perImage !== undefined ? { usd: perImage } : { reason: `does not serve ${id}` };
}

/**
 * Where the host bills by steps (Bedrock's SDXL), the steps pick the quality: a stated quality below what the steps
 * bill at is not what the host charges, so the steps win.
 */
function stepQuality(s: ImageSettings, rule: StepQualities | undefined): ImageSettings {
  if (!rule) return s;
  const billed = s.steps > rule.up_to_steps ? rule.above : rule.within;
  return s.quality === undefined || s.quality === rule.within ? { ...s, quality: billed } : s;
}

/**
 * A quality-and-size table: the workload's quality, else medium where the host sells it, else the host's first tier;
 * its size, else the tier's price for any size.
 */
function tablePrice(
  table: Record<string, Record<string, number>>,
  id: string,
  s: ImageSettings,
  assumptions: Assumptions,
): PerCallPrice {
  const fallback = assumptions.image_settings.default_quality;
  const quality = s.quality ?? (Object.hasOwn(table, fallback) ? fallback : Object.keys(table)[0]!);
  // Own keys only: a quality named like an Object method (`constructor`) is not a tier.
  const sizes = Object.hasOwn(table, quality) ? table[quality] : undefined;
  if (!sizes)
    return { reason: `does not offer quality "${quality}" for ${id} (it has ${Object.keys(table).join(', ')})` };
  const size = `${s.width}x${s.height}`;
  const usd = Object.hasOwn(sizes, size) ? sizes[size] : Object.hasOwn(sizes, 'any') ? sizes.any : undefined;
  if (usd === undefined)
    return {
      reason: `does not make ${s.width}x${s.height} images of ${id} (it makes ${Object.keys(sizes).join(', ')})`,
    };
  return { usd };
}

/**
 * The host's megapixels of one image times its price: a megapixel is `pixels` (default a million), rounded up to a
 * whole one per image where the host says so (fal: 1024x1536 is 2 MP), the first at its own price where it has one.
 */
export function megapixelPrice(
  usdPerMegapixel: number,
  s: Pick<ImageSettings, 'width' | 'height'>,
  rule?: MegapixelRule,
): number {
  const exact = (s.width * s.height) / (rule?.pixels ?? 1e6);
  // A hair over a whole number from float division is that number (1024x1024 / 1048576 is exactly 1).
  const billed = rule?.round_up ? Math.max(1, Math.ceil(exact - 1e-9)) : exact;
  if (rule?.first_megapixel_usd === undefined) return usdPerMegapixel * billed;
  return rule.first_megapixel_usd + usdPerMegapixel * Math.max(0, billed - 1);
}

/**
 * Per call: the price × images. A shared public model is kept warm by every customer's calls: its cold starts are the
 * provider's, not the workload's. A private deployment's follow the workload's traffic and cost latency, not money.
 */
export function perCall(input: BillInput): Bill {
  const rate = perCallRate(input);
  const busy = rate.usd * input.volume;
  // Cold starts here only decide a latency target: worked out where there is one, for a deployment of the user's own.
  if (input.workload.latencySloSeconds === undefined || !input.offer.private_deployment)
    return billOf({ speed: input.speed, rate }, { busy });
  const keepWarm = input.offer.idle_timeout_seconds || input.assumptions.serverless.managed_keep_warm_seconds;
  const cold = serverlessMonth(input, keepWarm, 0);
  const { coldStarts, coldStartSeconds, coldShare } = coldDetails(input, cold);
  return billOf({ speed: input.speed, rate, coldStarts, coldStartSeconds, coldShare }, { busy });
}

/** A per-call offer's price for one image of the workload, in the details' shape. */
export function perCallRate(input: BillInput): OptionDetails['rate'] {
  const price = perCallPrice(input.offer, input.workload, input.model, input.assumptions);
  return { usd: 'usd' in price ? price.usd : 0, per: 'image', spot: false };
}
