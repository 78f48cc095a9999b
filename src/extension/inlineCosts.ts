import * as vscode from 'vscode';
import { formatMonthly } from '../core/money';
import type { WorkloadReport } from '../core/engine/analyze';
import type { AnalysisService } from './analysis';
import { readSettings } from './config';
import { toRange } from './ranges';

/** "≈ $1,383.11/mo · cheapest fal/a100-40gb $228.24/mo" after each provider value; off with inferenceCost.inlineCosts.enabled. */
export class InlineCostProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly analysis: AnalysisService) {
    this.subscription = analysis.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!readSettings(document.uri).inlineCosts) return [];
    const report = this.analysis.get(document.uri);
    if (!report || report.text !== document.getText()) return [];
    return report.workloads.flatMap((w) => {
      const at = toRange(report, w.workload.ranges.provider!).end;
      if (!range.contains(at)) return [];
      const hint = new vscode.InlayHint(at, inlineCostLabel(w), vscode.InlayHintKind.Parameter);
      hint.paddingLeft = true;
      hint.tooltip = 'Inference Cost Review: monthly cost of the chosen offer and the cheapest eligible one';
      return [hint];
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function inlineCostLabel(w: WorkloadReport): string {
  const alt = w.cheapestAlternative;
  const cheaper = alt && alt.totalMicros < w.chosen.totalMicros ? ` · cheapest ${alt.offer.id} ${formatMonthly(alt.totalMicros)}` : ' · cheapest eligible';
  return `≈ ${formatMonthly(w.chosen.totalMicros)}${cheaper}`;
}
