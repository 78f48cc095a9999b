import * as vscode from 'vscode';
import { catalogMarkdown } from '../../core/render/catalog';
import type { AnalysisService } from '../analysis';
import type { BaseDelta } from '../baseDelta';
import type { PriceService } from '../prices';
import { ComparePanel } from '../panel/comparePanel';
import { CATALOG_SCHEME, COMMANDS, IMPORT_PREVIEW_SCHEME } from './ids';
import { ImportPreviews, importUsageCommand, type ImportOptions } from './importUsage';
import type { MeasuredTraffic } from '../measuredTraffic';
import { TEMPLATE } from '../../core/template';
import type { FileOutcome } from '../../node/updatePrices';

export interface CommandContext {
  extensionUri: vscode.Uri;
  prices: PriceService;
  analysis: AnalysisService;
  measured: MeasuredTraffic;
  delta: BaseDelta;
  log: vscode.LogOutputChannel;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable {
  const previews = new ImportPreviews();
  return vscode.Disposable.from(
    previews,
    vscode.commands.registerCommand(COMMANDS.compare, (uri?: unknown, index?: unknown) => compare(ctx, uri, index)),
    vscode.commands.registerCommand(COMMANDS.createTemplate, () => createTemplate(ctx)),
    vscode.commands.registerCommand(COMMANDS.showCatalog, () => showCatalog()),
    vscode.commands.registerCommand(COMMANDS.refresh, () => ctx.analysis.refreshAll()),
    vscode.commands.registerCommand(COMMANDS.pickBase, () => ctx.delta.pickBase()),
    vscode.commands.registerCommand(COMMANDS.updatePrices, () => updatePrices(ctx)),
    vscode.commands.registerCommand(COMMANDS.importUsage, (uri?: unknown, index?: unknown, options?: ImportOptions) =>
      importUsageCommand({ ...ctx, previews }, uri, index, options),
    ),
    vscode.workspace.registerTextDocumentContentProvider(IMPORT_PREVIEW_SCHEME, previews),
    vscode.workspace.registerTextDocumentContentProvider(CATALOG_SCHEME, {
      provideTextDocumentContent: () => catalogMarkdown(ctx.prices.catalog()),
    }),
  );
}

/** Arguments come from lenses (uri, index) or from the palette (none). */
async function compare(ctx: CommandContext, uri: unknown, index: unknown): Promise<ComparePanel> {
  await ctx.analysis.whenIdle();
  const target = uri instanceof vscode.Uri ? uri : undefined;
  return ComparePanel.show(ctx.extensionUri, ctx, target, typeof index === 'number' ? index : undefined);
}

/** The only command that writes a file, and only a new one: an existing inference.yaml is opened, never overwritten. */
async function createTemplate(ctx: CommandContext): Promise<vscode.Uri | undefined> {
  const folder =
    vscode.workspace.workspaceFolders?.length === 1
      ? vscode.workspace.workspaceFolders[0]
      : await vscode.window.showWorkspaceFolderPick();
  if (!folder) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Open a folder first: inference.yaml lives in a workspace.'),
    );
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'inference.yaml');
  let exists = true;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    exists = false;
  }
  if (!exists) {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(TEMPLATE) });
    await vscode.workspace.applyEdit(edit);
    ctx.log.info(`Created ${uri.toString()}`);
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function showCatalog(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(
    vscode.Uri.parse(`${CATALOG_SCHEME}:Inference%20pricing%20catalog.md`),
  );
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** Fetches the maintained sources with a progress notification, then says what changed and what failed. */
async function updatePrices(ctx: CommandContext): Promise<FileOutcome[]> {
  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Updating inference prices…') },
    () => ctx.prices.update(),
  );
  await ctx.analysis.whenIdle();
  const failed = outcomes.filter((o) => !o.ok);
  const updated = outcomes.length - failed.length;
  if (failed.length === 0)
    void vscode.window.showInformationMessage(vscode.l10n.t('Prices updated: {0} sources.', updated));
  else
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} of {1} price sources updated. {2}',
        updated,
        outcomes.length,
        failed.map((o) => o.message).join(' '),
      ),
    );
  return outcomes;
}
