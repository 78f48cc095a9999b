import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { Catalog, Offer } from '../core/catalog/types';
import { analyzeBytes, analyzeText, EDITOR_SCOPE, PricingMemo } from '../core/engine/analyze';
import { decodeFile } from '../core/format/decode';
import type { EngineSettings, Report } from '../core/report';
import { readExtraOffers } from '../core/format/pricingFile';
import { readSettings, todayUtc } from './config';
import type { PriceService } from './prices';

export const FILE_GLOB = '**/inference.yaml';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';
export const DEBOUNCE_MS = 250;
/** Throw-away analyses after a file opens: enough for V8 to optimise the parse-and-check path (measured: 6-7 runs). */
const WARM_UP_RUNS = 8;

export function isInferenceYaml(uri: vscode.Uri): boolean {
  return uri.path.endsWith('/inference.yaml') || uri.path === 'inference.yaml';
}

/**
 * Owns the report of every inference.yaml: open documents are analysed from the editor's text as you type
 * (debounced), the others from disk. It only reads; nothing here writes a file.
 */
export class AnalysisService extends Disposable {
  private readonly reports = new Map<string, { uri: vscode.Uri; report: Report }>();
  /** Each file's priced workloads, so an edit re-prices only the workloads it changed. */
  private readonly memos = new Map<string, PricingMemo>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri | undefined>());
  private extraOffers: Offer[] = [];
  private pending = 0;
  /** How long the last analysis took, for the editor benchmark and the log. */
  lastAnalysisMs = 0;
  private readonly idleWaiters: (() => void)[] = [];

  /** Fires with the file whose report changed, or undefined when all did. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly prices: PriceService,
  ) {
    super();
    // New prices in the cache: every file is priced again with them.
    this.register(prices.onDidUpdate(() => void this.refreshAll()));
  }

  async start(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher(FILE_GLOB);
    // Deleting a folder reports the folder only: a second watcher hears every delete and drops what was under it.
    const deletions = vscode.workspace.createFileSystemWatcher('**', true, true, false);
    for (const item of [
      watcher,
      deletions,
      watcher.onDidCreate((uri) => this.fromDisk(uri)),
      watcher.onDidChange((uri) => this.fromDiskUnlessOpen(uri)),
      deletions.onDidDelete((uri) => this.forgetUnder(uri)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.opened(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.fromDocumentDebounced(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onClosed(doc)),
    ])
      this.register(item);
    await this.refreshAll();
  }

  get(uri: vscode.Uri): Report | undefined {
    return this.reports.get(uri.toString())?.report;
  }

  all(): { uri: vscode.Uri; report: Report }[] {
    return [...this.reports.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  /** Resolves once no analysis is queued or running: for the status of commands and for tests. */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async refreshAll(): Promise<void> {
    await this.track(async () => {
      this.extraOffers = await this.loadPricingFile();
      const found = await vscode.workspace.findFiles(FILE_GLOB, EXCLUDE_GLOB);
      const open = vscode.workspace.textDocuments.filter((d) => isInferenceYaml(d.uri));
      const keep = new Set([...found, ...open.map((d) => d.uri)].map((u) => u.toString()));
      for (const key of [...this.reports.keys()]) if (!keep.has(key)) this.reports.delete(key);
      for (const key of [...this.memos.keys()]) if (!keep.has(key)) this.memos.delete(key);
      for (const doc of open)
        this.store(doc.uri, (settings, memo) => analyzeText(doc.getText(), settings, EDITOR_SCOPE, undefined, memo));
      await Promise.all(
        found.filter((u) => !open.some((d) => d.uri.toString() === u.toString())).map((u) => this.readAndStore(u)),
      );
    });
    this.changed.fire(undefined);
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    super.dispose();
  }

  private opened(doc: vscode.TextDocument): void {
    this.fromDocumentNow(doc);
    if (isInferenceYaml(doc.uri)) this.warmUp(doc, WARM_UP_RUNS);
  }

  /**
   * Analyses the opened text again, one run a turn, and discards the result (every workload comes from the memo):
   * V8 optimises the parse-and-check path only after several runs, and without this the first edits after opening a
   * large file took 4-6 times as long as the later ones.
   */
  private warmUp(doc: vscode.TextDocument, runs: number): void {
    const key = doc.uri.toString();
    const memo = this.memos.get(key);
    if (runs === 0 || !memo) return;
    setTimeout(() => {
      if (doc.isClosed) return;
      analyzeText(doc.getText(), this.settingsFor(doc.uri), EDITOR_SCOPE, undefined, memo);
      this.warmUp(doc, runs - 1);
    }, 0);
  }

  private fromDocumentNow(doc: vscode.TextDocument): void {
    if (!isInferenceYaml(doc.uri)) return;
    this.store(doc.uri, (settings, memo) => analyzeText(doc.getText(), settings, EDITOR_SCOPE, undefined, memo));
    this.changed.fire(doc.uri);
  }

  private fromDocumentDebounced(doc: vscode.TextDocument): void {
    if (!isInferenceYaml(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fromDocumentNow(doc);
        this.settleIfIdle();
      }, DEBOUNCE_MS),
    );
  }

  /** A closed editor's unsaved text is gone: fall back to the file on disk, or drop files outside the workspace. */
  private onClosed(doc: vscode.TextDocument): void {
    if (!isInferenceYaml(doc.uri)) return;
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.timers.delete(doc.uri.toString());
    if (vscode.workspace.getWorkspaceFolder(doc.uri)) this.fromDisk(doc.uri);
    else this.forget(doc.uri);
  }

  private fromDiskUnlessOpen(uri: vscode.Uri): void {
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.fromDisk(uri);
  }

  private fromDisk(uri: vscode.Uri): void {
    void this.track(async () => {
      await this.readAndStore(uri);
      this.changed.fire(uri);
    });
  }

  private forget(uri: vscode.Uri): void {
    this.reports.delete(uri.toString());
    this.memos.delete(uri.toString());
    this.changed.fire(uri);
  }

  private forgetUnder(deleted: vscode.Uri): void {
    const prefix = `${deleted.toString()}/`;
    for (const { uri } of [...this.reports.values()]) {
      if (uri.toString() === deleted.toString() || uri.toString().startsWith(prefix)) this.forget(uri);
    }
  }

  private async readAndStore(uri: vscode.Uri): Promise<void> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.store(uri, (settings, memo) => analyzeBytes(bytes, settings, EDITOR_SCOPE, memo));
    } catch (e) {
      this.log.warn(`Could not read ${uri.toString()}: ${String(e)}`);
      this.reports.delete(uri.toString());
    }
  }

  /** Analyses an editor's text, or a file's bytes read from disk (the same UTF-8 and size checks as the CLI). */
  private store(uri: vscode.Uri, analyze: (settings: EngineSettings, memo: PricingMemo) => Report): void {
    const started = performance.now();
    let memo = this.memos.get(uri.toString());
    if (!memo) this.memos.set(uri.toString(), (memo = new PricingMemo()));
    const report = analyze(this.settingsFor(uri), memo);
    this.reports.set(uri.toString(), { uri, report });
    this.lastAnalysisMs = performance.now() - started;
    this.log.trace(
      `Analysed ${uri.toString()} in ${this.lastAnalysisMs.toFixed(1)} ms: ${report.workloads.length} workloads`,
    );
  }

  /** The settings a file is priced with: the import command prices its workload the same way. */
  settingsFor(uri: vscode.Uri): EngineSettings & { catalog: Catalog } {
    return {
      ...readSettings(uri).engine,
      today: todayUtc(),
      extraOffers: this.extraOffers,
      catalog: this.prices.catalog(),
    };
  }

  private async loadPricingFile(): Promise<Offer[]> {
    const path = readSettings().pricingFile;
    if (!path) return [];
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
    try {
      const decoded = decodeFile(await vscode.workspace.fs.readFile(uri));
      if (!decoded.ok) throw new Error(decoded.finding.message);
      const { offers, findings } = readExtraOffers(decoded.text, this.prices.catalog(), todayUtc());
      for (const f of findings) this.log.warn(`Pricing file ${path}: ${f.message}`);
      return offers;
    } catch (e) {
      this.log.warn(`Pricing file ${path} could not be read: ${String(e)}`);
      return [];
    }
  }

  private async track(work: () => Promise<void>): Promise<void> {
    this.pending++;
    try {
      await work();
    } catch (e) {
      this.log.error(`Analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.pending--;
      this.settleIfIdle();
    }
  }

  private settleIfIdle(): void {
    if (this.pending > 0 || this.timers.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
