import * as vscode from 'vscode';
import { AnalysisService } from './analysis';
import { BaseDelta } from './baseDelta';
import { CATALOG_SCHEME, PANEL_VIEW_TYPE } from './commands/ids';
import { registerCommands } from './commands/register';
import { ANALYSIS_KEYS, RENDER_KEYS } from './config';
import { registerDiagnostics } from './diagnostics';
import { CostCompletionProvider } from './completion';
import { CODE_SELECTOR, CodeUseService } from './codeUses';
import { CodeUseHoverProvider, CodeUseLensProvider, DeclareUseFixProvider } from './codeUseProviders';
import { CostHoverProvider } from './hover';
import { InlineCostProvider } from './inlineCosts';
import { PriceService } from './prices';
import { CompareLensProvider } from './lens';
import { MeasuredTraffic } from './measuredTraffic';
import { ComparePanel } from './panel/comparePanel';
import { CostQuickFixProvider } from './quickFixes';
import { registerStatusBar } from './statusBar';

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml', pattern: '**/inference.yaml' }];

/** What the extension hands to its tests and to other extensions. */
export interface InferenceCostApi {
  analysis: AnalysisService;
  prices: PriceService;
  delta: BaseDelta;
  /** The model calls in code files (the scanner loads on first use, never at activation). */
  codeUses: CodeUseService;
  activationMs: number;
  comparePanel(): ComparePanel | undefined;
}

export function activate(context: vscode.ExtensionContext): InferenceCostApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Inference Cost Review', { log: true });
  const prices = new PriceService(context.extensionPath, log);
  const analysis = new AnalysisService(log, prices);
  const delta = new BaseDelta(analysis, prices, context.workspaceState, log);
  const inline = new InlineCostProvider(analysis, delta);
  const lenses = new CompareLensProvider(analysis);
  const measured = new MeasuredTraffic(context.workspaceState);
  const codeUses = new CodeUseService(analysis, log);
  const codeLenses = new CodeUseLensProvider(codeUses);
  context.subscriptions.push(
    log,
    prices,
    analysis,
    delta,
    inline,
    lenses,
    measured,
    codeUses,
    codeLenses,
    registerDiagnostics(analysis),
    registerStatusBar(analysis, delta),
    registerCommands({ extensionUri: context.extensionUri, analysis, measured, delta, log, prices }),
    vscode.languages.registerHoverProvider(SELECTOR, new CostHoverProvider(analysis)),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new CostCompletionProvider(analysis, prices), ' ', ':'),
    vscode.languages.registerInlayHintsProvider(SELECTOR, inline),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CostQuickFixProvider(analysis), {
      providedCodeActionKinds: CostQuickFixProvider.kinds,
    }),
    // Python and TypeScript/JavaScript: prices at the model calls (off with inferenceCost.scan.enabled).
    vscode.languages.registerCodeLensProvider(CODE_SELECTOR, codeLenses),
    vscode.languages.registerHoverProvider(CODE_SELECTOR, new CodeUseHoverProvider(codeUses)),
    vscode.languages.registerCodeActionsProvider(CODE_SELECTOR, new DeclareUseFixProvider(codeUses, log), {
      providedCodeActionKinds: DeclareUseFixProvider.kinds,
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        await analysis.whenIdle();
        ComparePanel.restore(panel, state, context.extensionUri, { analysis, measured, log });
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (ANALYSIS_KEYS.some((k) => e.affectsConfiguration(k))) void analysis.refreshAll();
      else if (RENDER_KEYS.some((k) => e.affectsConfiguration(k))) inline.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void analysis.refreshAll()),
  );
  // Workspace files are read in the background: activation returns before the first analysis ends.
  const ready = analysis
    .start()
    .then(() => delta.start())
    .then(() => prices.updateIfDue());
  void ready.catch((e: unknown) => log.error(`Start-up analysis failed: ${String(e)}`));
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms (catalog scheme ${CATALOG_SCHEME})`);
  return { analysis, prices, delta, codeUses, activationMs, comparePanel: () => ComparePanel.active };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
