import type { Catalog, Model, Offer } from '../catalog/types';
import type { Workload } from '../format/model';
import type { Breakdown, EngineSettings, PricedOption, Reason } from '../report';
import { awaitsQuote } from '../catalog/offers';
import { bill, fallFactor, noBill, unitSteps, type Bill, type BillInput } from './billing';
import { searchRange, type CostSide } from './breakEven';
import { CANNOT_RUN, fixedReasons, latencyReason, tierReasons } from './eligibility';
import type { FleetOverhead, Overhead } from './overhead';
import { effectiveSpeed, type EffectiveSpeed } from './speed';
import { loadProfile, type LoadProfile } from './traffic';

/** What pricing one workload's options shares. */
export interface WorkloadContext {
  catalog: Catalog;
  workload: Workload;
  profile: LoadProfile;
  overhead: FleetOverhead;
  /** Undefined while a workload without `provider:` is being given its cheapest offer (undeclared.ts). */
  chosenOffer: Offer | undefined;
  settings: EngineSettings;
  /** What each offer's prices share, by offer id: worked out on its first price. */
  offers: Map<string, OfferPricing>;
  /** How old each offer's price is, by offer id: the same for every workload, so shared by an analysis's contexts. */
  ages: PriceAges;
  /** The workload's speed on each GPU offer's GPUs, by GPU and count: offers of one GPU share it (speedOn). */
  speeds: Map<string, EffectiveSpeed | undefined>;
}

export type PriceAges = Map<string, { priceAgeDays: number | null; stale: boolean }>;

/** What every price of one offer for the workload shares: none of it depends on volume. */
interface OfferPricing {
  /** The bill's input but for the volume. */
  input: Omit<BillInput, 'volume'>;
  /** Why the offer does not suit the workload, at any volume (a latency target is checked per volume). */
  reasons: Reason[];
  /** It can run the workload at all: else it bills nothing (no model, no GPU, nothing fits, no public price). */
  runs: boolean;
  overhead: Overhead;
  priceAgeDays: number | null;
  stale: boolean;
  /**
   * Monthly breakdowns by volume, kept as they are priced: the ranking, the what-if points, every break-even search
   * and the chart ask for many of the same ones.
   */
  priced: Map<number, Breakdown>;
  /** Its cost as volume changes, for break-even searches and charts: made on first use (costSide). */
  side?: CostSide;
}

export function workloadContext(
  catalog: Catalog,
  workload: Workload,
  overhead: FleetOverhead,
  settings: EngineSettings,
  ages: PriceAges = new Map(),
): WorkloadContext {
  const profile = loadProfile(workload.traffic, catalog.assumptions);
  return {
    catalog,
    workload,
    profile,
    overhead,
    settings,
    chosenOffer: catalog.offers.get(workload.provider),
    offers: new Map(),
    ages,
    speeds: new Map(),
  };
}

function pricingOf(ctx: WorkloadContext, offer: Offer): OfferPricing {
  let pricing = ctx.offers.get(offer.id);
  if (!pricing) {
    const age = priceAgeOf(ctx, offer);
    const input = {
      offer,
      workload: ctx.workload,
      model: ctx.catalog.models.get(ctx.workload.model),
      speed: speedOn(ctx, offer),
      profile: ctx.profile,
      assumptions: ctx.catalog.assumptions,
      isChosen: offer.id === ctx.workload.provider,
    };
    const reasons = [...fixedReasons(ctx.catalog, input), ...tierReasons(input)];
    // A GPU offer with no speed for the workload (a text model that does not fit) has no cost to show.
    const hasSpeed = input.speed !== undefined || offer.billing === 'per_call' || offer.billing === 'per_token';
    pricing = {
      input,
      reasons,
      runs: hasSpeed && !reasons.some((r) => CANNOT_RUN.has(r.kind) || r.runsNowhere),
      overhead: ctx.overhead.attribute(offer, ctx.chosenOffer, ctx.workload),
      priceAgeDays: age.priceAgeDays,
      stale: age.stale,
      priced: new Map(),
    };
    ctx.offers.set(offer.id, pricing);
  }
  return pricing;
}

/**
 * The workload's speed on an offer. A GPU offer's depends on its GPU and how many a replica has, not on who rents it:
 * worked out once for the offers that share them (and their queues, which are kept by speed, with it).
 */
function speedOn(ctx: WorkloadContext, offer: Offer): EffectiveSpeed | undefined {
  if (offer.billing === 'per_call' || offer.billing === 'per_token' || !offer.gpu)
    return effectiveSpeed(ctx.catalog, ctx.workload, offer, ctx.chosenOffer?.gpu);
  const key = `${offer.gpu}\u0000${offer.gpus_per_replica ?? 1}`;
  if (!ctx.speeds.has(key)) ctx.speeds.set(key, effectiveSpeed(ctx.catalog, ctx.workload, offer, ctx.chosenOffer?.gpu));
  return ctx.speeds.get(key);
}

/** Field by field, in BillInput's order: every bill then reads objects of one shape (a spread made pricing 2x slower). */
function inputAt({ input }: OfferPricing, volume: number): BillInput {
  return {
    offer: input.offer,
    workload: input.workload,
    model: input.model,
    volume,
    speed: input.speed,
    profile: input.profile,
    assumptions: input.assumptions,
    isChosen: input.isChosen,
  };
}

/** One offer for one workload at a volume: the breakdown, the total, and whether it is eligible and why not. */
export function priceOption(ctx: WorkloadContext, offer: Offer, volume: number): PricedOption {
  const pricing = pricingOf(ctx, offer);
  const input = inputAt(pricing, volume);
  const monthly = billAt(pricing, input);
  const latency = pricing.runs ? latencyReason(input, monthly) : undefined;
  const reasons = latency ? [...pricing.reasons, latency] : pricing.reasons;
  const { overhead } = pricing;
  const breakdown = remember(pricing, volume, monthly);
  const totalMicros = sumOf(breakdown);
  const computeMicros = totalMicros - overhead.micros;
  return {
    offer,
    computeMicros,
    overheadMicros: overhead.micros,
    overheadNote: overhead.note,
    totalMicros,
    perImageMicros: volume > 0 ? totalMicros / volume : null,
    breakdown,
    eligible: reasons.length === 0,
    priced: pricing.runs,
    reasons,
    details: monthly.details,
    priceAgeDays: pricing.priceAgeDays,
    stale: pricing.stale,
  };
}

/** The month's bill: nothing where the offer cannot run the workload at all. */
function billAt(pricing: OfferPricing, input: BillInput): Bill {
  return pricing.runs ? bill(input) : noBill(input);
}

function priceAgeOf(ctx: WorkloadContext, offer: Offer): { priceAgeDays: number | null; stale: boolean } {
  let age = ctx.ages.get(offer.id);
  if (!age) {
    const days = ageInDays(offer.verified, ctx.settings.today);
    // Stale: never verified, dated in the future, or verified longer ago than the user's limit.
    age = { priceAgeDays: days, stale: days === null || days < 0 || days > ctx.settings.staleDays };
    ctx.ages.set(offer.id, age);
  }
  return age;
}

/** Days since a price was verified; null when it never was. */
export function ageInDays(verified: string | null, today: string): number | null {
  if (!verified) return null;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${verified}T00:00:00Z`)) / 86_400_000);
}

/** The monthly total alone, as priceOption computes it: what what-if points and charts sample. */
export function totalMicrosAt(ctx: WorkloadContext, offer: Offer, volume: number): number {
  return costSide(ctx, offer).total(volume);
}

/**
 * An offer's monthly cost for the workload as volume changes, for break-even searches: its totals, and what bounds
 * them. Only billed cold starts can fall as volume grows (fallFactor); whole GPUs and replicas make its steps.
 */
export function costSide(ctx: WorkloadContext, offer: Offer): CostSide {
  const pricing = pricingOf(ctx, offer);
  return (pricing.side ??= new OfferSide(pricing, searchRange(ctx.workload.volume)));
}

/** One object an offer, not a closure a method: a workload makes one for each offer it prices. */
class OfferSide implements CostSide {
  readonly fall: number;
  readonly perUnit: number | undefined;
  private steps: readonly number[] | undefined;

  constructor(
    private readonly pricing: OfferPricing,
    private readonly range: number,
  ) {
    this.fall = fallFactor(inputAt(pricing, 0));
    const { billing } = pricing.input.offer;
    // An API that runs the workload bills its rate times the volume (perCall, perToken) and no engineering.
    const api = pricing.runs && (billing === 'per_call' || billing === 'per_token') && pricing.overhead.micros === 0;
    this.perUnit = api ? billAt(pricing, inputAt(pricing, 1)).details.rate.usd * 1e6 : undefined;
  }

  total(volume: number): number {
    return sumOf(breakdownAt(this.pricing, volume));
  }

  falling(volume: number): number {
    return breakdownAt(this.pricing, volume).coldStarts;
  }

  cuts(): readonly number[] {
    return (this.steps ??= stepCuts(this.pricing, this.range));
  }
}

function breakdownAt(pricing: OfferPricing, volume: number): Breakdown {
  return pricing.priced.get(volume) ?? remember(pricing, volume, billAt(pricing, inputAt(pricing, volume)));
}

/** A month's bill in micro-dollars with the offer's overhead, kept for the next price at the same volume. */
function remember(pricing: OfferPricing, volume: number, monthly: Bill): Breakdown {
  const breakdown = toMicros(monthly, pricing.overhead.micros);
  pricing.priced.set(volume, breakdown);
  return breakdown;
}

function sumOf(breakdown: Breakdown): number {
  return (
    breakdown.busy +
    breakdown.idle +
    breakdown.coldStarts +
    breakdown.warm +
    breakdown.unused +
    breakdown.startup +
    breakdown.overhead
  );
}

/** Each part rounded to whole micro-dollars once, so the parts add up to the total exactly. */
function toMicros(monthly: Bill, overheadMicros: number): Breakdown {
  const m = (usd: number) => Math.round(usd * 1e6);
  return {
    busy: m(monthly.busy),
    idle: m(monthly.idle),
    coldStarts: m(monthly.coldStarts),
    warm: m(monthly.warm),
    unused: m(monthly.unused),
    startup: m(monthly.startup),
    overhead: overheadMicros,
  };
}

/**
 * Every offer that could serve the workload's model, priced at a volume: eligible first, then runnable, each cheapest
 * first, ties by id. The chosen offer is always among them.
 */
export function rankOptions(ctx: WorkloadContext, volume: number): PricedOption[] {
  return candidateOffers(ctx.catalog, ctx.workload)
    .map((offer) => priceOption(ctx, offer, volume))
    .sort(byEligibilityThenCost);
}

/**
 * The cheapest eligible offer of each provider and billing model but the chosen one's, cheapest first (`options` come
 * ranked): what a list shows first, and what the JSON's break-evens are searched against.
 */
export function bestOfEachProvider(options: readonly PricedOption[], chosen: PricedOption): PricedOption[] {
  // Billing models seen, by provider: a text key per option would be built hundreds of times a workload.
  const seen = new Map<string, Set<Offer['billing']>>([[chosen.offer.provider, new Set([chosen.offer.billing])]]);
  const best: PricedOption[] = [];
  for (const o of options) {
    if (o === chosen || !o.eligible) continue;
    const billings = seen.get(o.offer.provider) ?? new Set();
    if (billings.has(o.offer.billing)) continue;
    seen.set(o.offer.provider, billings.add(o.offer.billing));
    best.push(o);
  }
  return best;
}

const candidatesByCatalog = new WeakMap<Catalog, Map<string, Offer[]>>();

/**
 * The offers worth showing for a model: per-token and per-call offers that price it, and GPU offers where it has
 * weights to run (not for a model served only through APIs). Hundreds of API offers for other models are left out.
 */
export function candidateOffers(catalog: Catalog, workload: Workload): Offer[] {
  let byModel = candidatesByCatalog.get(catalog);
  if (!byModel) candidatesByCatalog.set(catalog, (byModel = new Map<string, Offer[]>()));
  let offers = byModel.get(workload.model);
  if (!offers) {
    const model = catalog.models.get(workload.model);
    offers = [...catalog.offers.values()].filter((o) => mayServe(o, workload.model, model));
    byModel.set(workload.model, offers);
  }
  const chosen = catalog.offers.get(workload.provider);
  return chosen && !offers.includes(chosen) ? [...offers, chosen] : offers;
}

function mayServe(offer: Offer, id: string, model: Model | undefined): boolean {
  switch (offer.billing) {
    case 'per_token':
      return offer.models?.includes(id) === true;
    case 'per_call': {
      if (model?.kind === 'text') return false;
      // An offer awaiting the user's quote is shown for every image model, to say it needs one.
      const prices = [offer.usd_per_image, offer.usd_per_megapixel, offer.usd_per_image_by_quality, offer.usd_per_step];
      return (
        awaitsQuote(offer) ||
        prices.some((price) =>
          typeof price === 'object' ? id in price : price !== undefined && (!offer.models || offer.models.includes(id)),
        )
      );
    }
    default:
      return model !== undefined && !model.hosted_only;
  }
}

export function byEligibilityThenCost(a: PricedOption, b: PricedOption): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.priced !== b.priced) return a.priced ? -1 : 1;
  return a.totalMicros - b.totalMicros || (a.offer.id < b.offer.id ? -1 : 1);
}

/**
 * Past this many steps in the searched range one GPU is a small share of the cost, and the search's own splits are
 * close enough: only the first steps are offered to it.
 */
const MAX_STEPS = 24;

/**
 * Where an offer's whole GPUs or replicas step up below `max` (the first MAX_STEPS), each as the last whole volume
 * before the step and the first after it, sorted.
 */
function stepCuts(pricing: OfferPricing, max: number): readonly number[] {
  const steps = unitSteps(inputAt(pricing, 0), max, MAX_STEPS);
  const lastBefore = steps.map(Math.floor);
  return [...new Set([...lastBefore, ...lastBefore.map((v) => v + 1)])].sort((a, b) => a - b);
}
