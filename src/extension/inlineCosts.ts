import * as vscode from 'vscode';
import { formatWholeUsd } from '../core/money';
import type { WorkloadReport } from '../core/engine/analyze';
import type { AnalysisService } from './analysis';
import { readSettings } from './config';
import { toRange } from './ranges';

/**
 * "≈ $1,383/mo" and "cheapest fal/a100-40gb $228/mo" after each provider value, as two hints: the editor cuts a
 * hint at 43 characters. Off with inferenceCost.inlineCosts.enabled.
 */
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
      return inlineCostLabels(w).map((label) => {
        const hint = new vscode.InlayHint(at, label, vscode.InlayHintKind.Parameter);
        hint.paddingLeft = true;
        hint.tooltip = vscode.l10n.t('Inference Cost Review: monthly cost of the chosen offer, and of the cheapest eligible one when it is cheaper');
        return hint;
      });
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function inlineCostLabels(w: WorkloadReport): string[] {
  const alt = w.cheapestAlternative;
  const chosen = `≈ ${formatWholeUsd(w.chosen.totalMicros)}/mo`;
  if (!alt || alt.totalMicros >= w.chosen.totalMicros) return [`${chosen} · cheapest eligible`];
  return [chosen, `cheapest ${alt.offer.id} ${formatWholeUsd(alt.totalMicros)}/mo`];
}
