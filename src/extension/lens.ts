import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { AnalysisService } from './analysis';
import { COMMANDS } from './commands/ids';
import { toRange } from './ranges';

/** Two actions per workload: open the comparison on it, import its usage from a log. */
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
    return report.workloads.flatMap((w, i) => {
      const range = toRange(report, w.workload.ranges.item);
      return [
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('$(graph) Compare providers'),
          tooltip: vscode.l10n.t('Every offer side by side, with the cost-versus-volume chart'),
          command: COMMANDS.compare,
          arguments: [document.uri, i],
        }),
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('$(pulse) Import usage…'),
          tooltip: vscode.l10n.t('Volume, weekly shape and measured speed from a request log, shown as a diff first'),
          command: COMMANDS.importUsage,
          arguments: [document.uri, i],
        }),
      ];
    });
  }
}
