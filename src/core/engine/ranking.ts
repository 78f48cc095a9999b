import type { Catalog, Offer } from '../catalog/types';
import type { Workload } from '../format/model';
import { curve, totalMicrosAt } from './curve';
import type { FleetOverhead } from './overhead';
import { costCurveInto, describeOption, eligibilityProblem, problemsOf, quoteOption, type PricedOption, type PricingContext } from './price';
import { effectiveSpeed, type EffectiveSpeed, type SpeedCache } from './speed';

/** A catalog's offers as an array, with each id's position. */
interface OfferIndex {
  offers: readonly Offer[];
  positions: ReadonlyMap<string, number>;
}

const indexes = new WeakMap<Catalog, OfferIndex>();

export function offerIndex(catalog: Catalog): OfferIndex {
  let index = indexes.get(catalog);
  if (!index) {
    const offers = [...catalog.offers.values()];
    index = { offers, positions: new Map(offers.map((o, i) => [o.id, i])) };
    indexes.set(catalog, index);
  }
  return index;
}

/** By offer position, what depends only on a workload's model, batch and measured times. */
interface OfferFacts {
  speeds: readonly (EffectiveSpeed | undefined)[];
  /** PROBLEM bits for model, GPU and memory; latency is checked per workload. */
  problems: readonly number[];
}

/** Offer facts shared by the workloads of one pricing run that have the same model, batch and batch curve. */
export class OfferFactsTable {
  private readonly shared = new Map<string, OfferFacts>();

  constructor(private readonly catalog: Catalog) {}

  factsFor(workload: Workload): OfferFacts {
    // A measured time is the workload's own, and scaling it depends on its chosen GPU.
    if (workload.secondsPerImage !== undefined) return this.compute(workload);
    const key = `${workload.model}\u0000${workload.batchSize}\u0000${workload.batchTimeFactor ?? ''}`;
    let facts = this.shared.get(key);
    if (!facts) this.shared.set(key, (facts = this.compute(workload)));
    return facts;
  }

  private compute(workload: Workload): OfferFacts {
    const cache: SpeedCache = new Map();
    const chosenGpu = this.catalog.offers.get(workload.provider)?.gpu;
    const speeds = offerIndex(this.catalog).offers.map((offer) => effectiveSpeed(this.catalog, workload, offer, chosenGpu, cache));
    const problems = offerIndex(this.catalog).offers.map((offer, i) => eligibilityProblem(this.catalog, workload, offer, speeds[i]));
    return { speeds, problems };
  }
}

export interface VolumePoint {
  factor: number;
  volume: number;
  chosenMicros: number;
  /** The cheapest eligible offer at that volume. */
  cheapest?: { offer: string; micros: number };
}

export interface Alternative {
  offer: string;
  totalMicros: number;
}

/**
 * Every offer priced for one workload in one pass that allocates nothing per offer: a file of a thousand workloads
 * prices 46,000 offers for its diagnostics. It keeps the answers diagnostics need (the chosen offer, the cheapest
 * alternative, the cheaper ones, costs at other volumes); full options, with details and reasons in words, are
 * built when somebody asks for them.
 */
export class OfferRanking {
  readonly chosenAt: number;
  readonly cheapestAt: number;
  readonly points: VolumePoint[];
  /** Positions and totals of the eligible offers cheaper than the chosen one. */
  private readonly cheaperAt: number[] = [];
  private readonly cheaperTotals: number[] = [];
  readonly chosen: PricedOption;
  /** Options other than the chosen one, by position, once somebody asks for them. */
  private built?: (PricedOption | undefined)[];
  private sorted?: PricedOption[];
  private readonly chosenOffer: Offer;

  constructor(
    private readonly ctx: PricingContext,
    private readonly workload: Workload,
    private readonly facts: OfferFacts,
    private readonly overhead: FleetOverhead,
    factors: readonly number[],
  ) {
    const { offers, positions } = offerIndex(ctx.catalog);
    this.chosenAt = positions.get(workload.provider)!;
    this.chosenOffer = offers[this.chosenAt]!;
    this.chosen = this.build(this.chosenAt);
    const volumes = factors.map((f) => workload.volume * f);
    const cheapest = { at: factors.map(() => -1), micros: factors.map(() => Infinity) };
    const scratch = curve({});
    let best = -1;
    let bestTotal = Infinity;
    for (let i = 0; i < offers.length; i++) {
      const offer = offers[i]!;
      const speed = facts.speeds[i];
      if (i === this.chosenAt || problemsOf(ctx, workload, offer, speed, facts.problems[i]!) !== 0) continue;
      const overhead = this.overhead.microsFor(offer, this.chosenOffer);
      costCurveInto(scratch, ctx, workload, offer, speed);
      const total = totalMicrosAt(scratch, overhead, workload.volume);
      if (cheaper(total, offer.id, bestTotal, offers[best]?.id)) {
        best = i;
        bestTotal = total;
      }
      if (total < this.chosen.totalMicros) {
        this.cheaperAt.push(i);
        this.cheaperTotals.push(total);
      }
      for (let p = 0; p < volumes.length; p++) {
        const micros = totalMicrosAt(scratch, overhead, volumes[p]!);
        if (cheaper(micros, offer.id, cheapest.micros[p]!, offers[cheapest.at[p]!]?.id)) {
          cheapest.micros[p] = micros;
          cheapest.at[p] = i;
        }
      }
    }
    this.cheapestAt = best;
    this.points = factors.map((factor, p) => this.point(factor, volumes[p]!, cheapest.at[p]!, cheapest.micros[p]!));
  }

  /** The chosen offer's cost at a volume, and the cheapest eligible offer there, the chosen one included. */
  private point(factor: number, volume: number, alternativeAt: number, alternativeMicros: number): VolumePoint {
    const { offers } = offerIndex(this.ctx.catalog);
    const chosenMicros = totalMicrosAt(this.chosen.curve, this.chosen.overheadMicros, volume);
    const point: VolumePoint = { factor, volume, chosenMicros };
    const chosenWins = this.chosen.eligible && cheaper(chosenMicros, this.chosenOffer.id, alternativeMicros, offers[alternativeAt]?.id);
    if (chosenWins) point.cheapest = { offer: this.chosenOffer.id, micros: chosenMicros };
    else if (alternativeAt >= 0) point.cheapest = { offer: offers[alternativeAt]!.id, micros: alternativeMicros };
    return point;
  }

  /** The full option at a catalog position, built once. */
  option(at: number): PricedOption {
    if (at === this.chosenAt) return this.chosen;
    this.built ??= new Array<PricedOption | undefined>(this.facts.speeds.length);
    return (this.built[at] ??= this.build(at));
  }

  private build(at: number): PricedOption {
    const offer = offerIndex(this.ctx.catalog).offers[at]!;
    const speed = this.facts.speeds[at];
    const overhead = this.overhead.attribute(offer, this.chosenOffer, this.workload);
    return describeOption(this.ctx, this.workload, offer, speed, overhead, quoteOption(this.ctx, this.workload, offer, speed, overhead.micros, this.facts.problems[at]!));
  }

  /** The eligible alternative to the chosen offer with this id, if it is one. */
  eligibleAlternative(offerId: string): PricedOption | undefined {
    const at = offerIndex(this.ctx.catalog).positions.get(offerId);
    if (at === undefined || at === this.chosenAt) return undefined;
    const option = this.option(at);
    return option.eligible ? option : undefined;
  }

  /** Every option: eligible ones first, then runnable ones, each group cheapest first. */
  all(): PricedOption[] {
    this.sorted ??= Array.from(this.facts.speeds, (_, at) => this.option(at)).sort(byEligibilityThenCost);
    return this.sorted;
  }

  /** Up to `limit` eligible alternatives cheaper than the chosen offer, cheapest first (ties by id). */
  cheaperAlternatives(limit: number): Alternative[] {
    const { offers } = offerIndex(this.ctx.catalog);
    // Insertion into a short list of indices: a full sort of every cheaper offer was a tenth of the ranking's time.
    const top: number[] = [];
    const before = (a: number, b: number) => cheaper(this.cheaperTotals[a]!, offers[this.cheaperAt[a]!]!.id, this.cheaperTotals[b]!, offers[this.cheaperAt[b]!]!.id);
    for (let i = 0; i < this.cheaperAt.length; i++) {
      let at = top.length;
      while (at > 0 && before(i, top[at - 1]!)) at--;
      if (at >= limit) continue;
      top.splice(at, 0, i);
      if (top.length > limit) top.pop();
    }
    return top.map((i) => ({ offer: offers[this.cheaperAt[i]!]!.id, totalMicros: this.cheaperTotals[i]! }));
  }
}

/**
 * Whether a cost beats the best so far: lower, or equal with the lower id, so the answer never depends on the
 * catalog's order. With no best yet (Infinity, no id) any cost beats it.
 */
function cheaper(micros: number, id: string, thanMicros: number, thanId: string | undefined): boolean {
  return micros < thanMicros || (micros === thanMicros && thanId !== undefined && id < thanId);
}

function byEligibilityThenCost(a: PricedOption, b: PricedOption): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.priced !== b.priced) return a.priced ? -1 : 1;
  return a.totalMicros - b.totalMicros || (a.offer.id < b.offer.id ? -1 : 1);
}
