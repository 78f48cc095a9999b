import * as vscode from 'vscode';
import { fixEdits } from '../core/edits';
import { FINDING_CODES, type FixData } from '../core/findings/types';
import { formatMonthly } from '../core/money';
import type { AnalysisService } from './analysis';
import { DIAGNOSTIC_SOURCE, findingFor } from './diagnostics';
import { toRange } from './ranges';

const FIXABLE = new Set<string>([
  FINDING_CODES.aboveBreakEven,
  FINDING_CODES.batchExceedsVram,
  FINDING_CODES.modelNotServed,
  // A workload without `provider:`: the fix writes the cheapest eligible offer (or the next ones) down.
  FINDING_CODES.noProvider,
]);

/**
 * Switch provider / set batch size. Each edit replaces exactly the value's text, so every comment,
 * blank line and quote style around it stays, and the editor's undo takes it back.
 */
export class CostQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analysis: AnalysisService) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const report = this.analysis.get(document.uri);
    if (!report || report.text !== document.getText()) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (
        diagnostic.source !== DIAGNOSTIC_SOURCE ||
        typeof diagnostic.code !== 'string' ||
        !FIXABLE.has(diagnostic.code)
      )
        continue;
      const finding = findingFor(report, diagnostic);
      if (!finding?.fix) continue;
      const fix = finding.fix;
      fixEdits(report.text, finding).forEach(({ value, edit }, i) => {
        const action = new vscode.CodeAction(actionTitle(fix, value), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, toRange(report, edit.range), edit.newText);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        actions.push(action);
      });
    }
    return actions;
  }
}

function actionTitle(fix: FixData, value: string): string {
  switch (fix.kind) {
    case 'switch-provider': {
      const monthly = fix.alternatives.find((a) => a.offer === value)?.monthlyMicros ?? 0;
      // A workload without `provider:` gets the line written, not a value switched.
      if (fix.newLineAfter !== undefined)
        return vscode.l10n.t('Add provider: {0} ({1})', value, formatMonthly(monthly));
      return vscode.l10n.t('Switch to {0} ({1})', value, formatMonthly(monthly));
    }
    case 'set-batch-size':
      return vscode.l10n.t('Set batch_size to {0} (fits in memory)', value);
  }
}
