import type { Catalog, Offer } from '../catalog/types';
import type { Team, Workload } from '../format/model';
import { usdToMicros } from '../money';
import { flat } from '../text/flat';
import type { Overhead } from './price';

export interface OverheadLine {
  provider: string;
  micros: number;
  workloads: string[];
}

const NO_OVERHEAD: Overhead = { micros: 0 };

/**
 * The engineering time of running GPUs yourself: paid once per self-managed provider in a file's total, and
 * charged to a workload's options only where it would be new (its marginal cost).
 */
export class FleetOverhead {
  private constructor(
    /** One provider's share of an engineer, a month. */
    readonly micros: number,
    /** Self-managed providers the file runs on, with the workloads on each. */
    private readonly fleet: Map<string, string[]>,
  ) {}

  static of(workloads: readonly Workload[], catalog: Catalog, team: Team): FleetOverhead {
    const fleet = new Map<string, string[]>();
    for (const w of workloads) {
      const offer = catalog.offers.get(w.provider);
      if (!offer?.self_managed) continue;
      const names = fleet.get(offer.provider);
      if (names) names.push(w.name);
      else fleet.set(offer.provider, [w.name]);
    }
    return new FleetOverhead(usdToMicros(team.engineerMonthlyUsd * team.opsShare), fleet);
  }

  /** What the file's total pays: one line per self-managed provider. */
  lines(): OverheadLine[] {
    return [...this.fleet].map(([provider, names]) => ({ provider, micros: this.micros, workloads: names }));
  }

  /** Zero where the file already runs that provider's GPUs for another workload. Runs for every offer of every workload. */
  microsFor(offer: Offer, chosen: Offer): number {
    if (!offer.self_managed || this.micros === 0) return 0;
    return this.othersOn(offer, chosen) > 0 ? 0 : this.micros;
  }

  /** The same figure as microsFor, with the sentence that explains it. */
  attribute(offer: Offer, chosen: Offer, workload: Workload): Overhead {
    if (!offer.self_managed || this.micros === 0) return NO_OVERHEAD;
    const others = this.othersOn(offer, chosen);
    if (others === 0) return { micros: this.micros, note: flat`engineer time to run ${offer.provider} GPUs (counted once per provider in the file total)` };
    const names = this.fleet.get(offer.provider)!;
    const other = names[0] === workload.name ? names[1] : names[0];
    return { micros: 0, note: flat`engineering overhead for ${offer.provider} already paid by ${others === 1 ? `workload ${JSON.stringify(other)}` : `${others} other workloads`}` };
  }

  /** Other workloads of the file on the offer's provider, which already pay its overhead. */
  private othersOn(offer: Offer, chosen: Offer): number {
    // Counted, not filtered: this runs for every offer of every workload.
    const onIt = chosen.self_managed && chosen.provider === offer.provider;
    return (this.fleet.get(offer.provider)?.length ?? 0) - (onIt ? 1 : 0);
  }
}
