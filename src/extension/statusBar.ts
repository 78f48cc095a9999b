import * as vscode from 'vscode';
import { allFindings } from '../core/report';
import { formatMonthly } from '../core/money';
import type { AnalysisService } from './analysis';
import type { BaseDelta } from './baseDelta';
import { combine } from '../core/diff/diff';
import { formatDelta } from '../core/render/diff';
import { COMMANDS } from './commands/ids';

/** The workspace's monthly total and findings count; a click opens the comparison. */
export function registerStatusBar(analysis: AnalysisService, delta: BaseDelta): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('inferenceCost.total', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Inference cost');
  item.command = COMMANDS.compare;
  const render = () => {
    const files = analysis.all();
    if (files.length === 0) {
      item.hide();
      return;
    }
    const total = files.reduce((sum, f) => sum + f.report.totals.totalMicros, 0);
    const findings = files.flatMap((f) => allFindings(f.report)).filter((f) => f.severity !== 'info').length;
    const deltas = files.map((f) => delta.deltaFor(f.uri)).filter((d) => d !== undefined);
    const combined = combine(deltas);
    const change = deltas.length ? ` (${formatDelta(combined.delta, combined.percent)} vs ${deltas[0]!.ref})` : '';
    item.text = `$(graph) ${formatMonthly(total)}${change}${findings ? ` $(warning) ${findings}` : ''}`;
    item.tooltip = vscode.l10n.t(
      'Inference cost: {0} across {1} file(s), {2} finding(s). Click to compare providers.',
      formatMonthly(total),
      files.length,
      findings,
    );
    item.show();
  };
  render();
  return vscode.Disposable.from(item, analysis.onDidChange(render), delta.onDidChange(render));
}
