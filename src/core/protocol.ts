/**
 * The one protocol between the "Compare providers" panel and the extension host. Both sides import it;
 * every message is checked on arrival with the guards below, so a malformed message is dropped, never obeyed.
 */

export interface WhatIf {
  /** Multiplies the declared volume: 0.5, 1 or 3 in the panel, any value from 0.01 to 100 accepted. */
  volumeFactor: number;
  /** Target utilization of rented GPUs, or null for each workload's own. */
  utilization: number | null;
  /** Another built-in traffic shape, the traffic a usage import measured, or null for the workload's own. */
  traffic: WhatIfTraffic | typeof MEASURED_TRAFFIC | null;
}

export const WHAT_IF_TRAFFIC = ['steady', 'business-hours', 'bursty', 'batch'] as const;
export type WhatIfTraffic = (typeof WHAT_IF_TRAFFIC)[number];
/** The volume and weekly shape of the log last imported for the workload ("Import usage from a file..."). */
export const MEASURED_TRAFFIC = 'measured';

export interface CompareRow {
  offer: string;
  billing: string;
  tier: string;
  operating: string;
  /** Which figures behind the cost are estimates: the price, the speed it rests on, both, or none. */
  estimate: ('price' | 'speed')[];
  rate: string;
  /** null where the offer cannot run the model: there is no price. */
  totalUsd: number | null;
  computeUsd: number | null;
  overheadUsd: number | null;
  overheadNote: string | null;
  /** Where the monthly total goes: the parts that are not zero. */
  breakdown: { part: string; label: string; usd: number }[];
  /** $ per image, or per thousand requests of a text workload (the view's perUnit says which). */
  perUnitUsd: number | null;
  eligible: boolean;
  why: string | null;
  chosen: boolean;
  source: string;
  verified: string | null;
  stale: boolean;
  breakEven: number | null;
  /** Where the price came from: a maintained source (skypilot, genai-prices), hand-kept, or the file. */
  priceOrigin: string;
  /** Not among the best offer of each provider and billing model: shown once the user asks for every offer. */
  folded: boolean;
}

export interface ChartSeries {
  offer: string;
  chosen: boolean;
  /** Monthly total in dollars at each of the chart's volumes. */
  usd: number[];
}

export interface CompareView {
  name: string;
  model: string;
  volume: number;
  declaredVolume: number;
  /** What the volume counts: "images" or "requests". */
  units: string;
  /** "/image" or "/1k requests". */
  perUnit: string;
  /** A text workload's tokens a request (", 800 tokens in / 200 out"); empty for images. */
  tokens: string;
  traffic: string;
  chosen: string;
  totalUsd: number;
  cheapest: string | null;
  cheapestUsd: number | null;
  /** The file's plan as it concerns this workload, at the declared volumes; '' where the plan moves nothing. */
  plan: string;
  rows: CompareRow[];
  /** "+41 more offers: 11 runpod, ..." for the folded rows; '' where none is folded. */
  foldedSummary: string;
  chart: {
    volumes: number[];
    series: ChartSeries[];
    breakEvens: { offer: string; volume: number; usd: number }[];
  };
  sensitivity: {
    factor: number;
    volume: number;
    chosenUsd: number;
    cheapest: string | null;
    cheapestUsd: number | null;
  }[];
}

export interface PanelState {
  files: { uri: string; label: string }[];
  uri: string | null;
  workloads: { index: number; name: string }[];
  workloadIndex: number;
  whatIf: WhatIf;
  /** What the last usage import measured for this workload ("2,210 images/mo, custom shape, from requests.csv"). */
  measured: string | null;
  view: CompareView | null;
  /** Shown instead of a view when the file cannot be priced. */
  problem: string | null;
}

export type ToWebview = { type: 'state'; state: PanelState };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'select'; uri: string; workloadIndex: number }
  | { type: 'whatIf'; whatIf: WhatIf }
  | { type: 'openSource'; offer: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteIn = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
const hasOnlyKeys = (v: Record<string, unknown>, keys: string[]): boolean =>
  Object.keys(v).every((k) => keys.includes(k));

export function isWhatIf(v: unknown): v is WhatIf {
  return (
    isObject(v) &&
    hasOnlyKeys(v, ['volumeFactor', 'utilization', 'traffic']) &&
    isFiniteIn(v.volumeFactor, 0.01, 100) &&
    (v.utilization === null || isFiniteIn(v.utilization, 0.01, 1)) &&
    (v.traffic === null ||
      v.traffic === MEASURED_TRAFFIC ||
      (WHAT_IF_TRAFFIC as readonly unknown[]).includes(v.traffic))
  );
}

/** The host's gate: anything that is not exactly one of these messages is ignored (and logged). */
export function isFromWebview(v: unknown): v is FromWebview {
  if (!isObject(v) || typeof v.type !== 'string') return false;
  switch (v.type) {
    case 'ready':
      return hasOnlyKeys(v, ['type']);
    case 'select':
      return (
        hasOnlyKeys(v, ['type', 'uri', 'workloadIndex']) &&
        typeof v.uri === 'string' &&
        v.uri.length < 4096 &&
        Number.isInteger(v.workloadIndex) &&
        isFiniteIn(v.workloadIndex, 0, 1e6)
      );
    case 'whatIf':
      return hasOnlyKeys(v, ['type', 'whatIf']) && isWhatIf(v.whatIf);
    case 'openSource':
      return hasOnlyKeys(v, ['type', 'offer']) && typeof v.offer === 'string' && v.offer.length <= 200;
    default:
      return false;
  }
}

/** The webview's gate for what the host sends. */
export function isToWebview(v: unknown): v is ToWebview {
  return (
    isObject(v) &&
    v.type === 'state' &&
    isObject(v.state) &&
    Array.isArray(v.state.files) &&
    Array.isArray(v.state.workloads)
  );
}
