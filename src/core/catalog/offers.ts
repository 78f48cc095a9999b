import type { Billing, Catalog, Offer, OfferOrigin, OperatingModel, Tier } from './types';
import type { OfferInput } from '../format/schema';

/** An offer as written in a provider file or in inference.yaml, before defaults. */
export type RawOffer = OfferInput & { billing?: Billing };

export function providerOf(offerId: string): string {
  const slash = offerId.indexOf('/');
  return slash < 0 ? offerId : offerId.slice(0, slash);
}

/** Who runs what, by billing model unless the offer says: rentals are self-managed, serverless is a container. */
function defaultOperating(billing: Billing, selfManaged: boolean): OperatingModel {
  if (selfManaged) return 'self-managed';
  return billing === 'per_second' ? 'container' : 'managed';
}

function defaultTier(billing: Billing): Tier {
  return billing === 'per_call' || billing === 'per_token' ? 'managed' : 'secure';
}

/** Fills the defaults the README documents: rentals are self-managed, serverless bills the model load. */
export function normalizeOffer(raw: RawOffer, origin: OfferOrigin): Offer {
  const billing = raw.billing ?? 'per_call';
  const selfManaged = raw.self_managed ?? billing === 'per_hour';
  return {
    id: raw.id,
    provider: providerOf(raw.id),
    billing,
    gpu: raw.gpu,
    usd_per_image: raw.usd_per_image,
    usd_per_megapixel: raw.usd_per_megapixel,
    usd_per_image_by_quality: raw.usd_per_image_by_quality,
    usd_per_step: raw.usd_per_step,
    megapixel_rule: raw.megapixel_rule,
    step_qualities: raw.step_qualities,
    gpus_per_replica: raw.gpus_per_replica,
    usd_per_second: raw.usd_per_second,
    usd_per_hour: raw.usd_per_hour,
    spot_usd_per_hour: raw.spot_usd_per_hour,
    self_managed: selfManaged,
    operating: raw.operating_model ?? defaultOperating(billing, selfManaged),
    tier: raw.tier ?? defaultTier(billing),
    bills_cold_start: raw.bills_cold_start ?? billing === 'per_second',
    bills_idle: raw.bills_idle ?? false,
    cold_start_seconds: raw.cold_start_seconds ?? 0,
    idle_timeout_seconds: raw.idle_timeout_seconds ?? 0,
    warm_usd_per_second: raw.warm_usd_per_second,
    startup_seconds: raw.startup_seconds,
    fixed_units: raw.fixed_units,
    scale_to_zero_after_seconds: raw.scale_to_zero_after_seconds,
    seconds_per_image: raw.seconds_per_image,
    private_deployment: raw.private_deployment,
    models: raw.models,
    usd_per_million_input_tokens: raw.usd_per_million_input_tokens,
    usd_per_million_output_tokens: raw.usd_per_million_output_tokens,
    usd_per_million_cached_input_tokens: raw.usd_per_million_cached_input_tokens,
    batch_discount: raw.batch_discount,
    source:
      raw.source ??
      (origin === 'catalog'
        ? 'built-in catalog'
        : `declared in ${origin === 'file' ? 'inference.yaml' : 'the extra pricing file'}`),
    verified: raw.verified ?? null,
    note: raw.note,
    estimate: raw.estimate ?? false,
    retired: raw.retired,
    unlisted: raw.unlisted,
    quote_required: raw.quote_required ?? false,
    origin,
  };
}

/** The price fields, one per unit: an override that gives one drops the others, so the user's price wins. */
const PRICE_FIELDS = [
  'usd_per_image',
  'usd_per_megapixel',
  'usd_per_image_by_quality',
  'usd_per_step',
  'usd_per_second',
  'usd_per_hour',
  'usd_per_million_input_tokens',
  'usd_per_million_output_tokens',
] as const;

/**
 * Overrides keep every field the user did not give; the origin says who set the price. A new price in any unit
 * replaces the catalog's price in the others, and a new billing model recomputes the defaults that follow from it.
 */
export function overrideOffer(base: Offer, raw: RawOffer, origin: OfferOrigin): Offer {
  // operating_model is the file's name for the offer's `operating`, set with the defaults below.
  const defined = Object.fromEntries(
    Object.entries(raw).filter(([key, v]) => v !== undefined && key !== 'operating_model'),
  ) as Partial<Offer>;
  const givesPrice = PRICE_FIELDS.some((field) => raw[field] !== undefined);
  const prices = givesPrice ? Object.fromEntries(PRICE_FIELDS.map((field) => [field, raw[field]])) : {};
  const billing = raw.billing ?? base.billing;
  const selfManaged = raw.self_managed ?? (billing === base.billing ? base.self_managed : billing === 'per_hour');
  const sameModel = billing === base.billing && raw.self_managed === undefined;
  const defaults = {
    ...(billing === base.billing
      ? {}
      : { self_managed: selfManaged, bills_cold_start: billing === 'per_second', tier: defaultTier(billing) }),
    operating: raw.operating_model ?? (sameModel ? base.operating : defaultOperating(billing, selfManaged)),
  };
  return {
    ...base,
    ...defaults,
    ...prices,
    ...defined,
    provider: base.provider,
    source:
      raw.source ?? `${base.source}; overridden in ${origin === 'file' ? 'inference.yaml' : 'the extra pricing file'}`,
    verified: raw.verified !== undefined ? raw.verified : changesPrice(raw) ? null : base.verified,
    // A price of the user's own replaces the corrected one: the correction no longer describes it.
    correction: givesPrice ? undefined : base.correction,
    origin,
  };
}

/** An offer with no public price, still waiting for the user's quote: not an error in the catalog, not priceable. */
export function awaitsQuote(offer: Offer): boolean {
  return offer.quote_required === true && PRICE_FIELDS.every((field) => offer[field] === undefined);
}

/** A price is what the engine needs to bill an offer; an offer without one cannot be priced. */
export function missingPriceField(offer: Offer): string | undefined {
  if (awaitsQuote(offer)) return undefined;
  switch (offer.billing) {
    case 'per_call':
      return offer.usd_per_image === undefined &&
        offer.usd_per_megapixel === undefined &&
        offer.usd_per_image_by_quality === undefined &&
        offer.usd_per_step === undefined
        ? 'usd_per_image'
        : undefined;
    case 'per_second':
      return offer.usd_per_second === undefined && offer.usd_per_hour === undefined ? 'usd_per_second' : undefined;
    case 'per_hour':
    case 'dedicated':
      return offer.usd_per_hour === undefined ? 'usd_per_hour' : undefined;
    case 'per_token':
      if (offer.usd_per_million_input_tokens === undefined) return 'usd_per_million_input_tokens';
      return offer.usd_per_million_output_tokens === undefined ? 'usd_per_million_output_tokens' : undefined;
  }
}

/** A new catalog with extra offers laid over the given one; the original stays untouched. */
export function withOffers(catalog: Catalog, extra: readonly Offer[]): Catalog {
  if (extra.length === 0) return catalog;
  const offers = new Map(catalog.offers);
  for (const offer of extra) offers.set(offer.id, offer);
  return { ...catalog, offers };
}

/** A new price without a new date has never been verified: it must not borrow the catalog's date. */
function changesPrice(raw: RawOffer): boolean {
  return [...PRICE_FIELDS.map((field) => raw[field]), raw.spot_usd_per_hour].some((v) => v !== undefined);
}
