import * as vscode from 'vscode';
import type { InferenceCostApi } from '../../src/extension/extension';
import { generateFile } from '../../scripts/benchFile';
import { DEBOUNCE_MS } from '../../src/extension/analysis';

const EDITS = 40;

/**
 * Editor figures, measured inside a real extension host (run like the test suite, by run-editor-bench.mjs):
 * activation time, and the time from an edit to updated diagnostics on a 100-workload file.
 * Printed, never asserted.
 */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<InferenceCostApi>('inference-cost-review.inference-cost');
  if (!ext) throw new Error('extension not found');
  const api = await ext.activate();
  await api.analysis.whenIdle();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'bench', 'inference.yaml');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(generateFile(100)));
  const editor = await vscode.window.showTextDocument(uri);
  await waitForDiagnostics(uri, () => api.analysis.get(uri)?.text === editor.document.getText());

  const latencies: number[] = [];
  const analysisMs: number[] = [];
  const afterDebounce: number[] = [];
  let changeArrived = 0;
  let diagnosticsSet = 0;
  const changes = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.toString() === uri.toString()) changeArrived = performance.now();
  });
  // Subscribed after the extension's own diagnostics listener, so this runs right after they are set.
  const reports = api.analysis.onDidChange((changed) => {
    if (changed?.toString() === uri.toString()) diagnosticsSet = performance.now();
  });
  for (let i = 0; i < EDITS; i++) {
    const doc = editor.document;
    const at = doc.getText().indexOf('volume: ') + 'volume: '.length;
    const start = doc.positionAt(at);
    const end = doc.positionAt(doc.getText().indexOf('\n', at));
    const volume = String(1000 + i * 7919);
    const edited = performance.now();
    await editor.edit((e) => e.replace(new vscode.Range(start, end), volume));
    // Diagnostics are published in the same turn as the report: done when the report is of the edited text.
    await waitForDiagnostics(uri, () => api.analysis.get(uri)?.text === editor.document.getText());
    const published = performance.now();
    latencies.push(published - edited);
    afterDebounce.push(diagnosticsSet - changeArrived - DEBOUNCE_MS);
    analysisMs.push(api.analysis.lastAnalysisMs);
  }
  changes.dispose();
  reports.dispose();
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median=${s[Math.floor(s.length / 2)]!.toFixed(1)} p95=${s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!.toFixed(1)}`;
  };
  console.log(`BENCH activation_ms=${api.activationMs.toFixed(1)}`);
  console.log(
    `BENCH edit_call_to_diagnostics_event_ms ${stats(latencies)} edits=${EDITS} debounce_ms=${DEBOUNCE_MS} workloads=100 (includes the edit round trip and VS Code's 50 ms event debounce)`,
  );
  console.log(`BENCH change_to_diagnostics_set_after_debounce_ms ${stats(afterDebounce)}`);
  console.log(`BENCH analysis_ms ${stats(analysisMs)}`);
  console.log(`BENCH analysis_ms_in_order ${analysisMs.map((ms) => ms.toFixed(0)).join(' ')}`);
}

function waitForDiagnostics(uri: vscode.Uri, ready: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('diagnostics did not update within 10 s'));
    }, 10_000);
    const check = () => {
      if (vscode.languages.getDiagnostics(uri).length > 0 && ready()) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(
      (e) => e.uris.some((u) => u.toString() === uri.toString()) && check(),
    );
    check();
  });
}
