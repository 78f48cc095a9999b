import * as vscode from 'vscode';
import { allFindings, type Report } from '../core/report';
import type { Finding, Severity } from '../core/findings/types';
import type { AnalysisService } from './analysis';
import { toRange } from './ranges';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'inference-cost';

/** Findings become diagnostics with their stable code; quick fixes find their finding by code and place. */
export function registerDiagnostics(analysis: AnalysisService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const render = (uri: vscode.Uri | undefined) => {
    if (!uri) {
      collection.clear();
      for (const { uri: u, report } of analysis.all()) collection.set(u, toDiagnostics(u, report));
      return;
    }
    const report = analysis.get(uri);
    if (report) collection.set(uri, toDiagnostics(uri, report));
    else collection.delete(uri);
  };
  render(undefined);
  return vscode.Disposable.from(collection, analysis.onDidChange(render));
}

function toDiagnostics(uri: vscode.Uri, report: Report): vscode.Diagnostic[] {
  return allFindings(report).map((f) => toDiagnostic(uri, report, f));
}

function toDiagnostic(uri: vscode.Uri, report: Report, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(report, f.range), f.message, SEVERITY[f.severity]);
  d.code = f.code;
  d.source = DIAGNOSTIC_SOURCE;
  if (f.related?.length) {
    d.relatedInformation = f.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(uri, toRange(report, r.range ?? f.range)),
          r.message,
        ),
    );
  }
  return d;
}

/** The finding a diagnostic was made from. */
export function findingFor(report: Report, diagnostic: vscode.Diagnostic): Finding | undefined {
  return allFindings(report).find(
    (f) => f.code === diagnostic.code && toRange(report, f.range).isEqual(diagnostic.range),
  );
}
