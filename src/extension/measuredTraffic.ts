import * as vscode from 'vscode';
import { Disposable } from './disposable';

/** What a usage import measured for one workload: the panel's "your measured traffic" what-if. */
export interface Measurement {
  /** The log's file name, for the panel's label. */
  log: string;
  /** Images or requests a month; absent where the log gave no rate. */
  volume?: number;
  /** The weekly shape; absent where the log has no arrivals (a usage export). */
  shape?: { hours: number[]; weekdays: number[] };
}

const STATE_KEY = 'inferenceCost.measuredTraffic';
/** Past this many workloads the oldest measurement is forgotten: workspace state is not a database. */
const MAX_KEPT = 200;

/** Measurements by file and workload name, kept in the workspace's state so a reload keeps them. */
export class MeasuredTraffic extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    super();
  }

  get(uri: vscode.Uri, workload: string): Measurement | undefined {
    const found = this.all()[keyOf(uri, workload)];
    return isMeasurement(found) ? found : undefined;
  }

  async set(uri: vscode.Uri, workload: string, measurement: Measurement): Promise<void> {
    const key = keyOf(uri, workload);
    const kept = Object.entries(this.all()).filter(([k]) => k !== key);
    const next = Object.fromEntries([...kept.slice(-(MAX_KEPT - 1)), [key, measurement]]);
    await this.state.update(STATE_KEY, next);
    this.changed.fire();
  }

  private all(): Record<string, unknown> {
    const stored = this.state.get<unknown>(STATE_KEY);
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  }
}

function keyOf(uri: vscode.Uri, workload: string): string {
  return `${uri.toString()}#${workload}`;
}

const isWeights = (v: unknown, length: number): v is number[] =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0);

/** Workspace state outlives versions of the extension: what it holds is checked before it is priced. */
function isMeasurement(v: unknown): v is Measurement {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const shape = m.shape as Record<string, unknown> | undefined;
  return (
    typeof m.log === 'string' &&
    (m.volume === undefined || (typeof m.volume === 'number' && Number.isFinite(m.volume) && m.volume >= 0)) &&
    (shape === undefined ||
      (typeof shape === 'object' && shape !== null && isWeights(shape.hours, 24) && isWeights(shape.weekdays, 7)))
  );
}
