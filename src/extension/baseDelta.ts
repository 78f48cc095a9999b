import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { diffReports, type FileDiff } from '../core/diff/diff';
import { analyzeText } from '../core/engine/analyze';
import type { Report } from '../core/report';
import type { AnalysisService } from './analysis';
import type { PriceService } from './prices';
import { readSettings, todayUtc } from './config';
import { gitApi, type GitApi, type GitRepository } from './gitApi';

const BASE_KEY = 'inferenceCost.baseRef';

/**
 * The cost change of each inference.yaml against a base ref (default: the upstream of the current branch,
 * else main), read through the built-in Git extension. The base's report is cached; only the working side
 * changes as you type.
 */
export class BaseDelta extends Disposable {
  private api: GitApi | undefined;
  /** null: the ref does not resolve in that repository, so there is no delta to show. */
  private readonly bases = new Map<string, { ref: string; report: Report | undefined } | null>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly prices: PriceService,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.api = await gitApi(this.log);
    if (!this.api) return;
    const watch = (repo: GitRepository) => this.register(repo.state.onDidChange(() => this.invalidate()));
    this.api.repositories.forEach(watch);
    this.register(this.api.onDidOpenRepository((repo) => (watch(repo), this.invalidate())));
    this.register(this.analysis.onDidChange(() => void this.loadMissing()));
    // New prices re-price the base too: the delta stays the change in the file.
    this.register(this.prices.onDidUpdate(() => this.invalidate()));
    await this.loadMissing();
  }

  /** The ref in use for a file, or undefined where there is no repository. */
  refFor(uri: vscode.Uri): string | undefined {
    const repo = this.api?.getRepository(uri);
    if (!repo) return undefined;
    return this.state.get<string>(BASE_KEY) ?? defaultBase(repo);
  }

  /** The change against the base, or undefined without Git, a repository or a loaded base. */
  deltaFor(uri: vscode.Uri): (FileDiff & { ref: string }) | undefined {
    const base = this.bases.get(uri.toString());
    const after = this.analysis.get(uri);
    if (!base || !after) return undefined;
    return { ...diffReports(vscode.workspace.asRelativePath(uri), base.report, after), ref: base.ref };
  }

  async pickBase(): Promise<void> {
    const repo = this.api?.repositories[0];
    if (!repo) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Git repository: costs are shown without a delta.'));
      return;
    }
    const refs = (await repo.getRefs?.({ count: 200 })) ?? [];
    const names = [
      ...new Set(
        refs
          .map((r) => (r.remote && r.name && !r.name.startsWith(`${r.remote}/`) ? `${r.remote}/${r.name}` : r.name))
          .filter((n): n is string => !!n),
      ),
    ];
    const picked = await vscode.window.showQuickPick([vscode.l10n.t('Default (upstream, else main)'), ...names], {
      placeHolder: vscode.l10n.t('Compare costs against…'),
    });
    if (picked === undefined) return;
    await this.state.update(BASE_KEY, names.includes(picked) ? picked : undefined);
    this.invalidate();
  }

  private invalidate(): void {
    this.bases.clear();
    void this.loadMissing();
  }

  private async loadMissing(): Promise<void> {
    let loaded = false;
    for (const { uri } of this.analysis.all()) {
      if (this.bases.has(uri.toString())) continue;
      const repo = this.api?.getRepository(uri);
      if (!repo) continue;
      const ref = this.state.get<string>(BASE_KEY) ?? defaultBase(repo);
      const exists = await repo.getCommit(ref).then(
        () => true,
        () => false,
      );
      this.bases.set(uri.toString(), exists ? { ref, report: await this.baseReport(repo, ref, uri) } : null);
      loaded = true;
    }
    if (loaded) this.changed.fire();
  }

  /** The file as it was at an existing ref; undefined where the ref has no such file (everything is new). */
  private async baseReport(repo: GitRepository, ref: string, uri: vscode.Uri): Promise<Report | undefined> {
    try {
      const text = await repo.show(ref, uri.fsPath);
      // Priced with the same prices as the working tree: a delta is the change in the file, not in the catalog.
      return analyzeText(text, { ...readSettings(uri).engine, today: todayUtc(), catalog: this.prices.catalog() });
    } catch (e) {
      this.log.info(`No ${vscode.workspace.asRelativePath(uri)} at ${ref}: ${String(e).split('\n')[0]}`);
      return undefined;
    }
  }
}

function defaultBase(repo: GitRepository): string {
  const upstream = repo.state.HEAD?.upstream;
  return upstream ? `${upstream.remote}/${upstream.name}` : 'main';
}
