import type { Catalog, Offer, OperatingModel } from '../catalog/types';
import type { Team, Workload } from '../format/model';
import { usdToMicros } from '../money';
import type { OverheadLine } from '../report';

export interface Overhead {
  micros: number;
  note?: string;
}

interface Member {
  name: string;
  gpuHours: number;
}

interface FleetEntry {
  provider: string;
  operating: OperatingModel;
  /** A container is packaged per model; a fleet is run per provider. */
  model?: string;
  members: Member[];
}

const WHAT: Record<OperatingModel, string> = {
  managed: '',
  container: 'packaging the model for',
  'self-managed': 'running GPUs on',
};

/**
 * The engineering time an offer takes, by operating model: none for an API, a share of an engineer to package a
 * model for a serverless platform (per provider and model), a larger one to run a fleet (per provider). Paid once in
 * the file's total and
 * attributed to that provider's workloads in proportion to their GPU-hours, so workload totals add up to the file
 * total. An option's own overhead is what choosing it for this one workload would change: all of it on a provider
 * the file does not use yet, none on one another workload keeps.
 */
export class FleetOverhead {
  private constructor(
    private readonly team: Team,
    /** Providers the file's workloads run on with engineering to do, by provider and operating model. */
    private readonly fleet: Map<string, FleetEntry>,
  ) {}

  /** Each provider's engineering split over its workloads, by name, worked out on first use. */
  private readonly splits = new Map<string, Map<string, number>>();

  static of(
    workloads: readonly Workload[],
    catalog: Catalog,
    team: Team,
    gpuHours: (w: Workload) => number = () => 0,
  ): FleetOverhead {
    const fleet = new Map<string, FleetEntry>();
    for (const w of workloads) {
      const offer = catalog.offers.get(w.provider);
      if (!offer || offer.operating === 'managed') continue;
      const key = keyOf(offer, w.model);
      const model = offer.operating === 'container' ? { model: w.model } : {};
      const entry = fleet.get(key) ?? { provider: offer.provider, operating: offer.operating, ...model, members: [] };
      entry.members.push({ name: w.name, gpuHours: gpuHours(w) });
      fleet.set(key, entry);
    }
    return new FleetOverhead(team, fleet);
  }

  /** What the attribution depends on, as text: the team's figures and who runs on which provider. */
  signature(): string {
    const entries = [...this.fleet.values()].map((e) => [
      e.provider,
      e.operating,
      e.model,
      e.members.map((m) => m.name),
    ]);
    return JSON.stringify([this.team.engineerMonthlyUsd, this.team.opsShare, this.team.containerShare, entries]);
  }

  /** A provider's engineering a month, by what it takes. */
  microsFor(operating: OperatingModel): number {
    const share =
      operating === 'self-managed' ? this.team.opsShare : operating === 'container' ? this.team.containerShare : 0;
    return usdToMicros(this.team.engineerMonthlyUsd * share);
  }

  /** What the file's total pays: one line per provider, with each workload's share. */
  lines(): OverheadLine[] {
    return [...this.fleet.values()]
      .map((entry) => ({ entry, micros: this.microsFor(entry.operating) }))
      .filter(({ micros }) => micros > 0)
      .map(({ entry, micros }) => ({
        provider: entry.provider,
        operating: entry.operating,
        ...(entry.model ? { model: entry.model } : {}),
        micros,
        workloads: entry.members.map((m) => m.name),
        shares: shares(entry.members, micros),
      }));
  }

  /** The workload's share of its provider's engineering, by GPU-hours (equal shares where none are counted). */
  shareOf(workload: Workload, chosen: Offer): number {
    const key = keyOf(chosen, workload.model);
    const entry = this.fleet.get(key);
    if (!entry) return 0;
    // Split once per provider, not once per workload: a provider may have thousands.
    let split = this.splits.get(key);
    if (!split) {
      split = new Map(shares(entry.members, this.microsFor(entry.operating)).map((s) => [s.name, s.micros]));
      this.splits.set(key, split);
    }
    return split.get(workload.name) ?? 0;
  }

  /** What choosing the offer for this workload alone would change, with the sentence that explains it. */
  attribute(offer: Offer, chosen: Offer | undefined, workload: Workload): Overhead {
    if (offer.operating === 'managed' || this.microsFor(offer.operating) === 0) return NO_OVERHEAD;
    // Only an offer of the chosen one's provider can count this workload among its members. Any other's answer is the
    // same for every workload (of its model, for a container): worked out once, for the hundreds of offers a workload has.
    if (chosen?.provider === offer.provider) return this.overheadOf(offer, chosen, workload);
    const model = offer.operating === 'container' ? workload.model : '';
    let byModel = this.outsiders.get(offer);
    if (!byModel) this.outsiders.set(offer, (byModel = new Map<string, Overhead>()));
    let known = byModel.get(model);
    if (!known) byModel.set(model, (known = this.overheadOf(offer, undefined, workload)));
    return known;
  }

  /** Attributions to workloads of another provider, by offer and (for a container) model. */
  private readonly outsiders = new Map<Offer, Map<string, Overhead>>();

  private overheadOf(offer: Offer, chosen: Offer | undefined, workload: Workload): Overhead {
    const micros = this.microsFor(offer.operating);
    const key = keyOf(offer, workload.model);
    const members = this.fleet.get(key)?.members ?? [];
    // Counted, not filtered: a provider may have thousands of workloads, and this runs for every offer of each.
    const self =
      chosen && keyOf(chosen, workload.model) === key ? members.find((m) => m.name === workload.name) : undefined;
    const others = members.length - (self ? 1 : 0);
    if (others === 0) {
      return {
        micros,
        note: `engineer time for ${WHAT[offer.operating]} ${offer.operating === 'container' ? `${workload.model} on ${offer.provider}` : offer.provider} (counted once in the file total)`,
      };
    }
    const by =
      others === 1 ? `workload ${JSON.stringify(members.find((m) => m !== self)!.name)}` : `${others} other workloads`;
    return {
      micros: 0,
      note: `engineering for ${offer.provider} is paid anyway: ${by} stay${others === 1 ? 's' : ''} on it`,
    };
  }
}

const NO_OVERHEAD: Overhead = { micros: 0 };

/** Engineering is shared by the workloads under one key: a fleet per provider, a container per provider and model. */
export function keyOf(offer: Offer, model: string): string {
  const scope = offer.operating === 'container' ? `container\u0000${model}` : offer.operating;
  return `${offer.provider}\u0000${scope}`;
}

/** Shares of an amount by GPU-hours, rounded so they add up to it exactly. */
function shares(members: readonly Member[], micros: number): { name: string; micros: number }[] {
  const split = splitExactly(
    micros,
    members.map((m) => m.gpuHours),
  );
  return members.map((m, i) => ({ name: m.name, micros: split[i]! }));
}

/** An amount split by weight (equally where no weight is positive), rounded so the parts add up to it exactly. */
export function splitExactly(micros: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  let given = 0;
  return weights.map((w, i) => {
    const share =
      i === weights.length - 1
        ? micros - given
        : Math.round(micros * (total > 0 ? Math.max(0, w) / total : 1 / weights.length));
    given += share;
    return share;
  });
}
