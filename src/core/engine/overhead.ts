import type { Catalog, Offer } from '../catalog/types';
import type { Team, Workload } from '../format/model';
import { usdToMicros } from '../money';
import type { OverheadLine } from '../report';

export interface Overhead {
  micros: number;
  note?: string;
}

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
      if (offer?.self_managed) fleet.set(offer.provider, [...(fleet.get(offer.provider) ?? []), w.name]);
    }
    return new FleetOverhead(usdToMicros(team.engineerMonthlyUsd * team.opsShare), fleet);
  }

  /** What the file's total pays: one line per self-managed provider. */
  lines(): OverheadLine[] {
    return [...this.fleet].map(([provider, names]) => ({ provider, micros: this.micros, workloads: names }));
  }

  /** Zero where another workload of the file already runs that provider's GPUs; the whole share where it would be new. */
  attribute(offer: Offer, chosen: Offer, workload: Workload): Overhead {
    if (!offer.self_managed || this.micros === 0) return { micros: 0 };
    const others = (this.fleet.get(offer.provider) ?? []).filter(
      (name) => name !== workload.name || !(chosen.self_managed && chosen.provider === offer.provider),
    );
    if (others.length === 0)
      return {
        micros: this.micros,
        note: `engineer time to run ${offer.provider} GPUs (counted once per provider in the file total)`,
      };
    const by = others.length === 1 ? `workload ${JSON.stringify(others[0])}` : `${others.length} other workloads`;
    return { micros: 0, note: `engineering overhead for ${offer.provider} already paid by ${by}` };
  }
}
