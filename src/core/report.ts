import type { Catalog, Offer, OperatingModel } from './catalog/types';
import type { FileModel, Team, Workload } from './format/model';
import type { Finding } from './findings/types';
import type { EffectiveSpeed } from './engine/speed';
import type { Micros } from './money';

/** What the user set that changes how a file is priced. Injected so results are reproducible. */
export interface EngineSettings {
  /** YYYY-MM-DD: staleness is judged against it. */
  today: string;
  breakEvenPercent: number;
  breakEvenUsd: number;
  staleDays: number;
  /** Team overhead defaults from the user's settings; the file's `team:` wins. */
  team?: { engineerMonthlyUsd?: number; opsShare?: number };
  /** Offers from the user's extra pricing file, laid over the catalog before the file's own. */
  extraOffers?: readonly Offer[];
  /** The catalog to price against: the hand-kept one with the maintained sources over it (default: hand-kept only). */
  catalog?: Catalog;
}

/** Where an option's monthly cost goes, in micro-dollars. The parts add up to the option's total. */
export interface Breakdown {
  /** GPU time spent on requests (or the per-call price × calls). */
  busy: Micros;
  /** Billed keep-alive: warm workers waiting after a request until their idle timeout. */
  idle: Micros;
  /** Billed model loads of workers started for a request. */
  coldStarts: Micros;
  /** Workers or replicas kept warm on purpose, around the clock (min_workers, active workers). */
  warm: Micros;
  /** Rented GPU-hours or replica-hours paid but not busy. */
  unused: Micros;
  /** Billed start-up (model load) of rented GPUs added as load rises. */
  startup: Micros;
  /** The team's time to run a self-managed fleet, as attributed to this option. */
  overhead: Micros;
}

export const BREAKDOWN_PARTS = ['busy', 'idle', 'coldStarts', 'warm', 'unused', 'startup', 'overhead'] as const;

export type RateUnit = 'image' | 'request' | 's' | 'h';

export interface OptionDetails {
  speed?: EffectiveSpeed;
  /** The price used and its unit. */
  rate: { usd: number; per: RateUnit; spot: boolean };
  /** Whole GPUs or replicas held in the busiest hour (rentals, dedicated). */
  gpus?: number;
  /** GPU-hours or replica-hours paid a month. */
  paidHours?: number;
  busyHours?: number;
  /** Busy share of the hours paid. */
  utilization?: number;
  /** GPU-hours billed a month (GPU-billed offers): what a provider's engineering is shared by. */
  gpuHours?: number;
  /** Cold starts a month (serverless workers started, rented GPUs added, endpoints woken). */
  coldStarts?: number;
  coldStartSeconds?: number;
  /** Share of calls that wait for a cold start. */
  coldShare?: number;
  /** Workers kept warm around the clock. */
  warmWorkers?: number;
  /** Units are started the hour before the load rises: started as it rises, they would serve too late for the target. */
  scalesAhead?: boolean;
  /** Units are held for this multiple of the load so each rise is met as it comes: cheaper than starting them ahead. */
  headroom?: number;
  /** Per-token offers: how the provider's caching and batch terms priced the requests. */
  tokens?: TokenTerms;
}

/** How a per-token offer's terms apply to a workload's requests (shares of the input tokens, $ per million). */
export interface TokenTerms {
  /** Read from the prompt cache at the cached price. */
  cachedShare: number;
  /** Written to the prompt cache at `writeUsdPerMTok`: what a request does not read, where the provider bills writes. */
  writtenShare: number;
  writeUsdPerMTok?: number;
  /** The prompt is shorter than the provider's caching minimum (this many tokens): nothing is cached. */
  underCacheMinimum?: number;
  /** Taken off for traffic: batch (the provider's batch API). */
  batchDiscount: number;
}

export type ReasonKind = 'model' | 'memory' | 'latency' | 'gpu' | 'tier' | 'quote' | 'retired' | 'unlisted';

export interface Reason {
  kind: ReasonKind;
  /** A short clause: "batch of 8 needs 40 GB, a40 has 48 GB". */
  text: string;
  /** The offer cannot run the workload at all (no batch or request fits its GPU): it has no cost. */
  runsNowhere?: boolean;
}

export interface PricedOption {
  offer: Offer;
  computeMicros: Micros;
  overheadMicros: Micros;
  overheadNote?: string;
  totalMicros: Micros;
  perImageMicros: number | null;
  breakdown: Breakdown;
  eligible: boolean;
  /** False when the offer cannot run the model at all: its costs are meaningless and shown as "—". */
  priced: boolean;
  reasons: Reason[];
  details: OptionDetails;
  /** Days since the price was verified at its source; null when it never was. */
  priceAgeDays: number | null;
  /** Never verified, dated in the future, or older than the stale limit. */
  stale: boolean;
}

export interface BreakEven {
  offer: string;
  /** The crossing nearest the declared volume, or null where the two never cross in [0, 10× the volume]. */
  volume: number | null;
  /** Every crossing found in the searched range, lowest first. */
  crossings: number[];
  /** The cheaper side below the nearest crossing, or everywhere when none ("neither": they cost the same). */
  cheaperBelow: 'chosen' | 'other' | 'neither';
  /** Crossings at volumes where the other offer is not eligible (it misses a target there): not break-evens. */
  notEligibleAt?: number[];
  /** Why the other offer is not eligible at the set-apart crossing nearest the declared volume. */
  whyNot?: { volume: number; reasons: string[] };
  /**
   * Where some crossing was set apart: the stretches of the searched range where the other offer is eligible, sampled
   * (engine/reachable.ts): a gap narrower than its grid can be missed.
   */
  eligibleWhere?: [number, number][];
}

/** The chosen offer's cost, and the cheapest eligible one, at another volume or traffic. */
export interface WhatIfPoint {
  label: string;
  factor: number;
  volume: number;
  chosenMicros: Micros;
  cheapest?: { offer: string; micros: Micros };
}

/** For the chosen per-second offer: one more always-warm worker. */
export interface WarmWorkerAdvice {
  extraMicros: Micros;
  coldStartsAvoided: number;
}

export interface WorkloadReport {
  workload: Workload;
  /** The workload's monthly cost: the chosen offer's compute and its share of its provider's engineering. */
  totalMicros: Micros;
  overheadShareMicros: Micros;
  chosen: PricedOption;
  /**
   * Every offer, or in a 'lean' scope those the plan, findings and renderers read (retained.ts): eligible ones first,
   * then runnable ones, each group cheapest first (ties by id).
   */
  options: PricedOption[];
  /** The options a 'lean' scope did not keep, counted by provider ([] when every option is kept). */
  leftOut: [provider: string, count: number][];
  /** The cheapest eligible offer other than the chosen one. */
  cheapestAlternative?: PricedOption;
  /** Break-evens with the eligible alternatives: all of them, or only the cheapest's (see Scope). */
  breakEvens: BreakEven[];
  /** 0.5×, 1× and 3× the volume; absent where the scope leaves them out (the editor: see whatIfPointsFor). */
  sensitivity?: WhatIfPoint[];
  warmWorker?: WarmWorkerAdvice;
  findings: Finding[];
}

export interface OverheadLine {
  provider: string;
  operating: OperatingModel;
  /** The model a container line is for (containers are packaged per model). */
  model?: string;
  micros: Micros;
  workloads: string[];
  /** Each workload's part of the line, by GPU-hours; they add up to the line. */
  shares: { name: string; micros: Micros }[];
}

export interface Report {
  text: string;
  workloads: WorkloadReport[];
  /** Problems of the file as a whole, and of items that could not become workloads. */
  findings: Finding[];
  fatal: boolean;
  team: Team;
  totals: {
    computeMicros: Micros;
    overheadMicros: Micros;
    totalMicros: Micros;
    overhead: OverheadLine[];
    /** Workloads whose chosen offer cannot run them: they have no cost, so the totals leave them out. */
    unpriced: string[];
    /** Workloads without `provider:`: the totals count them on their cheapest eligible offer (engine/undeclared.ts). */
    assumed: string[];
  };
  budget?: { micros: Micros };
  /** The cheapest assignment of the file's workloads to offers, each provider's engineering paid once. */
  plan?: FilePlan;
  /** The validated model and what it was priced with, so a view can re-price a workload (what-if, chart). */
  model?: FileModel;
  catalog: Catalog;
  settings: EngineSettings;
}

/** One workload the file's plan moves. */
export interface PlanMove {
  workload: string;
  index: number;
  from: string;
  to: string;
  /**
   * This move's part of the plan's saving (the parts add up to it): its compute saving and engineeringMicros.
   */
  savingMicros: Micros;
  /** Its share of engineering the plan frees (a provider every workload leaves), less its share of engineering newly paid. */
  engineeringMicros: Micros;
  /** The two parts of engineeringMicros: freed, and newly paid (engineeringMicros = freed − paid). */
  freedMicros: Micros;
  paidMicros: Micros;
}

/** The file's plan: its moves, the month before and after, and how close to the best it is known to be. */
export interface FilePlan {
  moves: PlanMove[];
  /** The file as declared: its eligible workloads' compute, the rest's as they are, engineering once a provider. */
  currentMicros: Micros;
  planMicros: Micros;
  /** Every set of providers was tried: no assignment costs less. Else a local search's best. */
  exact: boolean;
  /** No plan costs less: every workload at its cheapest eligible offer, engineering but the forced ones left out. */
  lowerBoundMicros: Micros;
}

/** Every finding of a report, file-level first, in file order. */
export function allFindings(report: Report): Finding[] {
  return [...report.findings, ...report.workloads.flatMap((w) => w.findings)].sort(
    (a, b) => a.range.start - b.range.start,
  );
}
