import * as vscode from 'vscode';
import { formatWholeUsd } from '../core/money';
import { comparedAt, hostComparison, unitPrice, useCostLabel, type UseCost } from '../core/render/useCost';
import type { ModelUse } from '../core/scan/types';
import type { CodeUseService, InferenceTarget } from './codeUses';
import { COMMANDS } from './commands/ids';
import { Disposable } from './disposable';

/** Hosts listed in a hover; the rest are counted (the panel of a declaring workload shows every one). */
const HOSTS_SHOWN = 8;

/** The call's first line, from where it starts: the lens sits above it, the hover and the quick fix answer on it. */
function callRange(doc: vscode.TextDocument, use: ModelUse): vscode.Range {
  const line = Math.min(use.line - 1, doc.lineCount - 1);
  return new vscode.Range(line, use.column - 1, line, doc.lineAt(line).range.end.character);
}

/**
 * Above each model call: its unit price and, where a workload declares it, that workload's monthly cost (a click opens
 * the comparison on it). A lens rather than an inlay hint: a call line is code, and the figures are a sentence.
 */
export class CodeUseLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly uses: CodeUseService) {
    super();
    this.register(uses.onDidChange(() => this.changed.fire()));
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const uses = await this.uses.usesIn(doc);
    return uses.map((use) => {
      const cost = this.uses.costOf(doc.uri, use);
      const range = callRange(doc, use);
      const title = useCostLabel(cost);
      if (cost.kind === 'declared' && cost.target.index !== undefined)
        return new vscode.CodeLens(range, {
          title,
          tooltip: vscode.l10n.t(
            'Inference Cost Review: compare providers for workload {0}',
            cost.workload.workload.name,
          ),
          command: COMMANDS.compare,
          arguments: [cost.target.uri, cost.target.index],
        });
      // No command: the lens is text (the quick fix on the call declares it).
      return new vscode.CodeLens(range, {
        title,
        tooltip: vscode.l10n.t('Inference Cost Review: the unit price of this call; hover it for every host'),
        command: '',
      });
    });
  }
}

/** On a call: the model, its declaring workload or that none declares it, and the hosts that sell it, cheapest first. */
export class CodeUseHoverProvider implements vscode.HoverProvider {
  constructor(private readonly uses: CodeUseService) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const use = (await this.uses.usesIn(doc)).findLast((u) => callRange(doc, u).contains(position));
    if (!use) return undefined;
    return new vscode.Hover(useHover(use, this.uses.costOf(doc.uri, use)), callRange(doc, use));
  }
}

/** Code text and prices go in as text, never as markdown: a model string in code is workspace input. */
export function useHover(use: ModelUse, cost: UseCost & { target: InferenceTarget }): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = true;
  const model = cost.kind === 'unpriced' ? use.model : cost.workload.workload.model;
  md.appendMarkdown('**')
    .appendText(model ?? 'model picked at run time')
    .appendMarkdown('** · ');
  md.appendText(`${use.api} (${use.host})`);
  const file = vscode.workspace.asRelativePath(cost.target.uri);
  if (cost.kind === 'unpriced') {
    md.appendMarkdown('\n\n').appendText(cost.reason);
    return md;
  }
  const w = cost.workload;
  if (cost.kind === 'declared')
    md.appendMarkdown('\n\nDeclared by workload **')
      .appendText(w.workload.name)
      .appendMarkdown('** in ')
      .appendText(
        `${file}: ${w.chosen.priced ? `≈ ${formatWholeUsd(w.totalMicros)}/mo` : 'no cost (its offer cannot run it)'} on ${w.chosen.offer.id} (${unitPrice(w.chosen)})`,
      );
  else
    md.appendMarkdown('\n\n').appendText(
      `Not in ${file}: the quick fix on this line adds it as a workload.${cost.hostOffer ? '' : ` ${use.host} has no offer of ${w.workload.model} in the catalog.`}`,
    );
  const rows = hostComparison(w);
  if (rows.length === 0) return md;
  md.appendMarkdown('\n\n').appendText(`Hosts that sell it, cheapest first (at ${comparedAt(w)}):`);
  md.appendMarkdown('\n');
  const mine = cost.kind === 'declared' || cost.hostOffer ? w.chosen.offer.id : undefined;
  for (const row of rows.slice(0, HOSTS_SHOWN)) {
    const monthly = cost.kind === 'declared' ? ` · ≈ ${formatWholeUsd(row.totalMicros)}/mo` : '';
    const perRequest = row.perRequest ? ` (${row.perRequest})` : '';
    md.appendMarkdown('\n- ').appendText(
      `${row.offer}${row.offer === mine ? ' (this call’s)' : ''}: ${row.price}${perRequest}${monthly} — ${row.origin}, ${row.date}: ${row.source}`,
    );
    if (row.stale) md.appendMarkdown(' $(warning) stale');
  }
  if (rows.length > HOSTS_SHOWN) md.appendMarkdown('\n\n').appendText(`and ${rows.length - HOSTS_SHOWN} more.`);
  return md;
}

/** A quick fix that knows its call: the edit is made when it is picked (resolveCodeAction). */
class DeclareUseAction extends vscode.CodeAction {
  constructor(
    title: string,
    readonly doc: vscode.Uri,
    readonly use: ModelUse,
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
  }
}

/** "Declare gpt-image-1 in inference.yaml": on a call no workload declares, the scanner's draft of it added to the file. */
export class DeclareUseFixProvider implements vscode.CodeActionProvider<DeclareUseAction> {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly uses: CodeUseService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range): Promise<DeclareUseAction[]> {
    const actions: DeclareUseAction[] = [];
    for (const use of await this.uses.usesIn(doc)) {
      const line = use.line - 1;
      if (line < range.start.line || line > range.end.line) continue;
      const cost = this.uses.costOf(doc.uri, use);
      if (cost.kind === 'declared') continue;
      const title = cost.target.report
        ? vscode.l10n.t('Declare {0} in {1}', use.model ?? use.api, vscode.workspace.asRelativePath(cost.target.uri))
        : vscode.l10n.t('Create {0} with {1}', vscode.workspace.asRelativePath(cost.target.uri), use.model ?? use.api);
      const action = new DeclareUseAction(title, doc.uri, use);
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  async resolveCodeAction(action: DeclareUseAction): Promise<DeclareUseAction> {
    const made = await this.uses.declareEdit(action.doc, action.use);
    if (made) action.edit = made.edit;
    else
      this.log.warn(`Could not add ${action.use.model ?? action.use.api}: the inference.yaml does not parse as YAML`);
    return action;
  }
}
