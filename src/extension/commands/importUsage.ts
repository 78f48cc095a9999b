import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { ValueEdit } from '../../core/edits';
import type { ImportOutcome, ImportRequest } from '../../node/importUsage';
import { loadUsageImport } from '../../node/usageModule';
import { isInferenceYaml, type AnalysisService } from '../analysis';
import { SECTION } from '../config';
import type { MeasuredTraffic } from '../measuredTraffic';
import { workloadIndexAt } from '../ranges';
import { IMPORT_PREVIEW_SCHEME } from './ids';

export interface ImportContext {
  analysis: AnalysisService;
  measured: MeasuredTraffic;
  previews: ImportPreviews;
  log: vscode.LogOutputChannel;
}

/** What tests and keybindings may pass: the log, and to apply without asking (true) or only show the diff (false). */
export interface ImportOptions {
  log?: vscode.Uri;
  apply?: boolean;
}

export type ImportResult =
  | { status: 'applied' | 'shown' | 'unchanged'; found: string[]; warnings: string[]; newText: string }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** The proposed file of each import shown, for the right side of the diff. */
export class ImportPreviews implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  show(target: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: IMPORT_PREVIEW_SCHEME, path: target.path, query: target.toString() });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * "Import usage from a file...": reads a request log into one workload, shows the change as a diff and applies it
 * only when asked, as an undoable edit of the open document; the file is never saved here.
 */
export async function importUsageCommand(
  ctx: ImportContext,
  uriArg?: unknown,
  indexArg?: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const doc = await targetDocument(ctx.analysis, uriArg);
  if (!doc) return fail(vscode.l10n.t('Open an inference.yaml first: the import writes into one of its workloads.'));
  await ctx.analysis.whenIdle();
  const workload = await pickWorkload(ctx.analysis, doc, indexArg);
  if (!workload) return { status: 'cancelled' };
  const log = options.log ?? (await pickLog(doc.uri));
  if (!log) return { status: 'cancelled' };
  if (log.scheme !== 'file')
    return fail(vscode.l10n.t('{0} is not a local file: the import reads files on disk.', log.toString()));
  const version = doc.version;
  const outcome = await runImport(ctx, doc, workload, log);
  if (!outcome) return { status: 'cancelled' };
  if (!outcome.ok) return fail(vscode.l10n.t('{0}: {1}', baseName(log), outcome.message));
  if (doc.version !== version) return changedMeanwhile(doc);
  const { found, warnings } = outcome.result;
  await ctx.measured.set(doc.uri, workload, {
    log: baseName(log),
    ...(outcome.result.volumePerMonth !== undefined ? { volume: outcome.result.volumePerMonth } : {}),
    ...(outcome.result.shape ? { shape: outcome.result.shape } : {}),
  });
  ctx.log.info(
    `Imported ${log.fsPath} into ${workload} of ${doc.uri.toString()}: ${found.join(' ')} ${warnings.join(' ')}`,
  );
  const summary = { found, warnings, newText: outcome.newText };
  if (outcome.newText === doc.getText()) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} already says what {1} measured: nothing to change.', baseName(doc.uri), baseName(log)),
    );
    return { status: 'unchanged', ...summary };
  }
  const preview = ctx.previews.show(doc.uri, outcome.newText);
  await vscode.commands.executeCommand(
    'vscode.diff',
    doc.uri,
    preview,
    vscode.l10n.t('{0} ↔ with {1} (workload {2})', baseName(doc.uri), baseName(log), workload),
    { preview: true },
  );
  // Asked to only show it, the diff stays open; asked and answered, it closes.
  if (options.apply === false) return { status: 'shown', ...summary };
  const apply = options.apply ?? (await confirm(workload, log, found, warnings));
  await closeDiff(preview);
  if (!apply) return { status: 'shown', ...summary };
  if (doc.version !== version) return changedMeanwhile(doc);
  const edit = new vscode.WorkspaceEdit();
  for (const e of outcome.edits) edit.replace(doc.uri, rangeOf(doc, e), e.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return fail(vscode.l10n.t('The editor refused the edit.'));
  await vscode.window.showTextDocument(doc);
  return { status: 'applied', ...summary };
}

/** The edits are ranges of the text the log was read against: an edit since then would land in the wrong place. */
function changedMeanwhile(doc: vscode.TextDocument): ImportResult {
  return fail(vscode.l10n.t('{0} changed while the import ran: run the import again.', baseName(doc.uri)));
}

function fail(message: string): ImportResult {
  void vscode.window.showErrorMessage(message);
  return { status: 'failed', message };
}

/** From a lens or the explorer (a uri), else the active editor, else the only inference.yaml of the workspace. */
async function targetDocument(analysis: AnalysisService, uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  if (uriArg instanceof vscode.Uri) return vscode.workspace.openTextDocument(uriArg);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isInferenceYaml(active.uri)) return active;
  const files = analysis.all();
  if (files.length === 1) return vscode.workspace.openTextDocument(files[0]!.uri);
  if (files.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f.uri), uri: f.uri })),
    { title: vscode.l10n.t('Import usage into which file?') },
  );
  return picked && vscode.workspace.openTextDocument(picked.uri);
}

/** The lens's workload, else the one at the cursor, else the only one, else the user's pick. */
async function pickWorkload(
  analysis: AnalysisService,
  doc: vscode.TextDocument,
  indexArg: unknown,
): Promise<string | undefined> {
  const report = analysis.get(doc.uri);
  const workloads = report?.workloads ?? [];
  if (typeof indexArg === 'number') return workloads[indexArg]?.workload.name;
  const editor = vscode.window.activeTextEditor;
  if (report && editor?.document === doc) {
    const at = workloadIndexAt(report, doc.offsetAt(editor.selection.active));
    if (at !== undefined) return workloads[at]?.workload.name;
  }
  if (workloads.length === 1) return workloads[0]!.workload.name;
  if (workloads.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('{0} has no workload that validates: see the Problems panel.', baseName(doc.uri)),
    );
    return undefined;
  }
  return vscode.window.showQuickPick(
    workloads.map((w) => w.workload.name),
    { title: vscode.l10n.t('Import usage into which workload?') },
  );
}

async function pickLog(near: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('A request log or a usage export'),
    defaultUri: vscode.Uri.joinPath(near, '..'),
    canSelectMany: false,
    openLabel: vscode.l10n.t('Import'),
    filters: { [vscode.l10n.t('Logs and exports')]: ['csv', 'jsonl', 'ndjson', 'json'], All: ['*'] },
  });
  return picked?.[0];
}

/** The import, asking which model where the log has several. */
async function runImport(
  ctx: ImportContext,
  doc: vscode.TextDocument,
  workload: string,
  log: vscode.Uri,
): Promise<ImportOutcome | undefined> {
  const request: ImportRequest = {
    text: doc.getText(),
    logPath: log.fsPath,
    workload,
    settings: ctx.analysis.settingsFor(doc.uri),
    timeZone: timeZone(),
  };
  const outcome = await readWithProgress(ctx, log, request);
  if (outcome.ok || !outcome.models) return outcome;
  const model = await vscode.window.showQuickPick(outcome.models, {
    title: vscode.l10n.t('{0} has several models: which one is workload {1}?', baseName(log), workload),
  });
  return model === undefined ? undefined : readWithProgress(ctx, log, { ...request, model });
}

/** A failure the reader did not foresee is logged and said, never thrown into the host. */
function readWithProgress(ctx: ImportContext, log: vscode.Uri, request: ImportRequest): Thenable<ImportOutcome> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}…', baseName(log)) },
    async () => {
      try {
        const { importUsage } = await loadUsageImport();
        return await importUsage(request);
      } catch (e) {
        ctx.log.error(
          `Usage import of ${log.fsPath} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
  );
}

/** The setting, else the machine's zone: the shape is read in the hours the user keeps. */
function timeZone(): string {
  const setting = vscode.workspace.getConfiguration(SECTION).get<string>('usage.timeZone', '');
  return setting || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

async function confirm(workload: string, log: vscode.Uri, found: string[], warnings: string[]): Promise<boolean> {
  const apply = vscode.l10n.t('Apply');
  const detail = [...found, ...warnings.map((w) => vscode.l10n.t('Warning: {0}', w))].join('\n');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('Apply what {0} measured to workload {1}?', baseName(log), workload),
    { modal: true, detail },
    apply,
  );
  return answer === apply;
}

async function closeDiff(preview: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === preview.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

function rangeOf(doc: vscode.TextDocument, edit: ValueEdit): vscode.Range {
  return new vscode.Range(doc.positionAt(edit.range.start), doc.positionAt(edit.range.end));
}

function baseName(uri: vscode.Uri): string {
  return posix.basename(uri.path);
}
