import * as vscode from 'vscode';
import { FINDING_CODES } from '../core/findings/types';
import { formatMonthly } from '../core/money';
import type { AnalysisService } from './analysis';
import { DIAGNOSTIC_SOURCE, findingFor } from './diagnostics';
import { toRange } from './ranges';

const FIXABLE = new Set<string>([FINDING_CODES.aboveBreakEven, FINDING_CODES.batchExceedsVram]);

/**
 * Switch provider / set batch size. Each edit replaces exactly the value's text, so every comment,
 * blank line and quote style around it stays, and the editor's undo takes it back.
 */
export class CostQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analysis: AnalysisService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const report = this.analysis.get(document.uri);
    if (!report || report.text !== document.getText()) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string' || !FIXABLE.has(diagnostic.code)) continue;
      const finding = findingFor(report, diagnostic);
      if (!finding?.fix) continue;
      const range = toRange(report, finding.range);
      if (finding.fix.kind === 'switch-provider') {
        finding.fix.alternatives.forEach((alt, i) => {
          const title = vscode.l10n.t('Switch to {0} ({1})', alt.offer, formatMonthly(alt.monthlyMicros));
          actions.push(replaceAction(document, range, alt.offer, title, diagnostic, i === 0));
        });
      } else if (finding.fix.kind === 'set-batch-size') {
        actions.push(replaceAction(document, range, String(finding.fix.batchSize), vscode.l10n.t('Set batch_size to {0} (fits in memory)', finding.fix.batchSize), diagnostic, true));
      }
    }
    return actions;
  }
}

function replaceAction(document: vscode.TextDocument, range: vscode.Range, value: string, title: string, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(document.uri, range, keepQuoting(document.getText(range), value));
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  return action;
}

/** A quoted value stays quoted the same way. */
export function keepQuoting(original: string, value: string): string {
  const quote = original[0];
  return (quote === '"' || quote === "'") && original.endsWith(quote) ? `${quote}${value}${quote}` : value;
}
