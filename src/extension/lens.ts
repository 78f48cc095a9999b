import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { AnalysisService } from './analysis';
import { COMMANDS } from './commands/ids';
import { toRange } from './ranges';

/** One action per workload: open the comparison on it. */
export class CompareLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analysis: AnalysisService) {
    super();
    this.register(analysis.onDidChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const report = this.analysis.get(document.uri);
    if (!report || report.text !== document.getText()) return [];
    return report.workloads.map(
      (w, i) =>
        new vscode.CodeLens(toRange(report, w.workload.ranges.item), {
          title: vscode.l10n.t('$(graph) Compare providers'),
          tooltip: vscode.l10n.t('Every offer side by side, with the cost-versus-volume chart'),
          command: COMMANDS.compare,
          arguments: [document.uri, i],
        }),
    );
  }
}
