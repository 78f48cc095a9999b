import * as vscode from 'vscode';
import { posix } from 'node:path';
import type { Catalog, Offer } from '../core/catalog/types';
import { analyzeText, EDITOR_SCOPE, PricingMemo } from '../core/engine/analyze';
import type { UseCost } from '../core/render/useCost';
import type { Report } from '../core/report';
import { declaringWorkload, offerServes } from '../core/scan/catalogMatch';
import { declareWorkloadEdits, uniqueWorkloadName, workloadNamesIn } from '../core/scan/declareUse';
import { draftInference, draftWorkloads, workloadLines, type DraftWorkload } from '../core/scan/draft';
import type { ModelUse } from '../core/scan/types';
import { loadScanner } from '../node/scanModule';
import type { AnalysisService } from './analysis';
import { readSettings, SECTION } from './config';
import { Disposable } from './disposable';

/** The languages whose model calls get prices: the scanner reads Python and JavaScript/TypeScript. */
const CODE_LANGUAGES = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'];
export const CODE_SELECTOR: vscode.DocumentSelector = CODE_LANGUAGES.map((language) => ({ language }));
/** The file names the scanner reads as code (declarations files are types, no calls). */
const CODE_FILE = /\.(py|[cm]?[jt]s|[jt]sx)$/i;
/** Larger files are generated or data: the tree scan skips them too (src/node/scanTree.ts). */
const MAX_SCANNED_CHARS = 1024 * 1024;
/** Drafts priced and kept, by their text: enough for the calls of the files open at once. */
const PRICED_KEPT = 200;

type Scanner = Awaited<ReturnType<typeof loadScanner>>;

/** The inference.yaml a code file belongs to: the nearest one above it, or the one to create at its folder's root. */
export interface InferenceTarget {
  uri: vscode.Uri;
  /** Its analysis; undefined where there is no such file (yet). */
  report?: Report;
  index?: number;
}

/**
 * The model calls in open Python and TypeScript/JavaScript files and what they cost (issue 33, in the editor). The
 * scanner and its parsers (dist/scan.js) load the first time a code file is asked about with the feature on, never at
 * activation. A call a workload declares is priced by that workload's report; any other by a draft of the call alone.
 */
export class CodeUseService extends Disposable {
  private scanner: Promise<Scanner> | undefined;
  private readonly scans = new Map<string, { version: number; uses: ModelUse[] }>();
  private readonly priced = new Map<string, UseCost>();
  private readonly memo = new PricingMemo();
  /** Each report's declaring workloads by host and model: a report is replaced, never changed, so it is the key. */
  private readonly declared = new WeakMap<Report, Map<string, number | undefined>>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when what the calls show may have changed: an inference.yaml, the prices or the setting. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(
      analysis.onDidChange((uri) => {
        // Every file priced again (new prices, settings): the drafts are priced again too.
        if (!uri) this.priced.clear();
        this.changed.fire();
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.scans.delete(doc.uri.toString())));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.scan`)) this.changed.fire();
      }),
    );
  }

  /** Whether the scanner's bundle has been asked for: activation must not (tests and the log read it). */
  get loaded(): boolean {
    return this.scanner !== undefined;
  }

  /** The model calls in a code file, from its current text; none where the feature is off. */
  async usesIn(doc: vscode.TextDocument): Promise<ModelUse[]> {
    if (!this.applies(doc)) return [];
    const key = doc.uri.toString();
    const cached = this.scans.get(key);
    if (cached?.version === doc.version) return cached.uses;
    const text = doc.getText();
    if (text.length > MAX_SCANNED_CHARS) return [];
    const scanner = await this.load();
    if (!scanner) return [];
    // The base name is enough for the scanner (it picks the language by it); drafts put the path in themselves.
    const { uses } = scanner.scanFiles([{ path: posix.basename(doc.uri.path), text }]);
    this.scans.set(key, { version: doc.version, uses });
    return uses;
  }

  applies(doc: vscode.TextDocument): boolean {
    return (
      CODE_LANGUAGES.includes(doc.languageId) &&
      CODE_FILE.test(doc.uri.path) &&
      !/\.d\.[cm]?ts$/i.test(doc.uri.path) &&
      readSettings(doc.uri).scanEnabled
    );
  }

  /** The nearest inference.yaml at or above the file's folder; else the one its workspace folder would have. */
  targetFor(doc: vscode.Uri): InferenceTarget {
    let best: InferenceTarget | undefined;
    for (const { uri, report } of this.analysis.all()) {
      const folder = posix.dirname(uri.path);
      const inside = uri.scheme === doc.scheme && uri.authority === doc.authority && isUnder(doc.path, folder);
      if (inside && (!best || posix.dirname(best.uri.path).length < folder.length)) best = { uri, report };
    }
    if (best) return best;
    const root = vscode.workspace.getWorkspaceFolder(doc)?.uri ?? doc.with({ path: posix.dirname(doc.path) });
    return { uri: vscode.Uri.joinPath(root, 'inference.yaml') };
  }

  /** The call as the target's drafts name it: its path relative to the inference.yaml's folder. */
  private located(doc: vscode.Uri, target: vscode.Uri, use: ModelUse): ModelUse {
    return { ...use, file: posix.relative(posix.dirname(target.path), doc.path) };
  }

  /** What one call costs: its declaring workload's report, or a draft of it priced alone. */
  costOf(doc: vscode.Uri, use: ModelUse): UseCost & { target: InferenceTarget } {
    const target = this.targetFor(doc);
    if (target.report) {
      const workloads = target.report.workloads;
      const index = this.declaring(target.report, use);
      if (index !== undefined) return { kind: 'declared', workload: workloads[index]!, target: { ...target, index } };
    }
    return { ...this.draftCost(doc, use), target };
  }

  /**
   * The workload of a report that declares the call, kept by the call's host and model: a lens asks for every call of
   * a file each time it is drawn, and a large file's workloads are many. The file's own catalog (its models:) counts.
   */
  private declaring(report: Report, use: ModelUse): number | undefined {
    let known = this.declared.get(report);
    if (!known) this.declared.set(report, (known = new Map<string, number | undefined>()));
    const key = `${use.host}\n${use.model ?? ''}`;
    if (!known.has(key))
      known.set(
        key,
        declaringWorkload(
          use,
          report.workloads.map((w) => w.workload),
          report.catalog,
        ),
      );
    return known.get(key);
  }

  /**
   * A draft of the call alone, priced as `check` would price it. Where the call's own host has no offer of the model,
   * a per-call or per-token offer that has one stands in, so the draft prices and lists every host that sells it.
   */
  private draftCost(doc: vscode.Uri, use: ModelUse): UseCost {
    const settings = this.analysis.settingsFor(doc);
    // Where the call is does not change its price: one draft for every call of the same model and settings.
    const [draft] = draftWorkloads([{ ...use, file: 'code', line: 0 }], settings.catalog) as [DraftWorkload];
    const model = draft.match.model;
    if (!model)
      return {
        kind: 'unpriced',
        reason: use.model
          ? `${use.model}: not in the catalog, not priced`
          : `model picked at run time (${use.modelExpression ?? 'not stated'}): not priced`,
      };
    const hostOffer = draft.match.provider !== undefined;
    if (!hostOffer) {
      const standIn = standInOffer(settings.catalog, model);
      if (!standIn) return { kind: 'unpriced', reason: `${model}: no per-call or per-token offer in the catalog` };
      draft.match.provider = standIn.id;
    }
    const text = ['version: 1', 'workloads:', ...workloadLines(draft), ''].join('\n');
    const known = this.priced.get(text);
    if (known) return known;
    const report = analyzeText(text, settings, EDITOR_SCOPE, undefined, this.memo);
    const workload = report.workloads[0];
    const cost: UseCost = workload
      ? { kind: 'undeclared', workload, hostOffer }
      : { kind: 'unpriced', reason: `${model}: ${report.findings[0]?.message ?? 'not priced'}` };
    if (this.priced.size >= PRICED_KEPT) this.priced.delete(this.priced.keys().next().value!);
    this.priced.set(text, cost);
    return cost;
  }

  /**
   * The edit that declares a call in its inference.yaml: the scanner's draft of it, appended to the file's workloads
   * (every comment and line kept) or, where there is no file, a new file with the draft. Undefined where the file
   * cannot take it as it is (its YAML does not parse).
   */
  async declareEdit(
    doc: vscode.Uri,
    use: ModelUse,
  ): Promise<{ edit: vscode.WorkspaceEdit; target: vscode.Uri; name: string } | undefined> {
    const target = this.targetFor(doc).uri;
    const located = this.located(doc, target, use);
    const catalog = this.catalog(doc);
    const [draft] = draftWorkloads([located], catalog) as [DraftWorkload];
    const edit = new vscode.WorkspaceEdit();
    const existing = await readText(target);
    if (existing === undefined) {
      edit.createFile(target, { overwrite: false, ignoreIfExists: false });
      edit.insert(target, new vscode.Position(0, 0), draftInference([located], catalog));
      return { edit, target, name: draft.name };
    }
    draft.name = uniqueWorkloadName(draft.name, workloadNamesIn(existing.text));
    const edits = declareWorkloadEdits(existing.text, workloadLines(draft));
    if (!edits) return undefined;
    for (const e of edits)
      edit.replace(
        target,
        new vscode.Range(existing.positionAt(e.range.start), existing.positionAt(e.range.end)),
        e.newText,
      );
    return { edit, target, name: draft.name };
  }

  private catalog(doc: vscode.Uri): Catalog {
    return this.analysis.settingsFor(doc).catalog;
  }

  private load(): Promise<Scanner | undefined> {
    if (!this.scanner) {
      const started = performance.now();
      this.scanner = loadScanner();
      void this.scanner.then(() => this.log.info(`Scanner loaded in ${(performance.now() - started).toFixed(1)} ms`));
    }
    return this.scanner.catch((e: unknown) => {
      this.log.error(`The scanner could not be loaded: ${String(e)}`);
      return undefined;
    });
  }
}

/** The first per-call or per-token offer in the catalog that sells the model: the engine then ranks every one. */
function standInOffer(catalog: Catalog, model: string): Offer | undefined {
  for (const offer of catalog.offers.values())
    if (
      (offer.billing === 'per_call' || offer.billing === 'per_token') &&
      !offer.retired &&
      !offer.unlisted &&
      !offer.quote_required &&
      offerServes(offer, model)
    )
      return offer;
  return undefined;
}

function isUnder(path: string, folder: string): boolean {
  return folder === '/' || path.startsWith(`${folder}/`);
}

/** The file's current text: the editor's where it is open (unsaved edits included), else the disk's. */
async function readText(
  uri: vscode.Uri,
): Promise<{ text: string; positionAt(offset: number): vscode.Position } | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText(), positionAt: (o) => open.positionAt(o) };
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  return { text: doc.getText(), positionAt: (o) => doc.positionAt(o) };
}
