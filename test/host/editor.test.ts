import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, diagnosticsWith, waitFor, waitForNewFile, workspaceFile } from './util';

const MAIN = () => workspaceFile('inference.yaml');
const TEAM_B = () => workspaceFile('team-b', 'inference.yaml');

async function openMain(): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(MAIN());
  return vscode.window.showTextDocument(doc);
}

function positionOf(doc: vscode.TextDocument, needle: string, offsetInNeedle = 1): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${doc.uri.toString()}`);
  return doc.positionAt(at + offsetInNeedle);
}

describe('Inference Cost Review in the extension host', () => {
  before(async () => {
    await api();
  });

  // Every test starts from the files on disk: each dirty workspace document is reverted in its own editor, then checked
  // clean. Only the workspace's: a settings update elsewhere leaves the host's User/settings.json in the list, unshowable.
  afterEach(async () => {
    const dirty = vscode.workspace.textDocuments.filter(
      (d) => d.isDirty && d.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(d.uri) !== undefined,
    );
    for (const doc of dirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(`${doc.uri.path} to be reverted`, () => !doc.isDirty);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const exports = await api();
    await waitFor('the analysis to match the files on disk', async () => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(MAIN()));
      return exports.analysis.get(MAIN())?.text === text;
    });
  });

  it('activates with an API and a recorded activation time', async () => {
    const exports = await api();
    assert.ok(exports.activationMs >= 0);
    assert.ok(exports.analysis.all().length >= 2, 'both inference.yaml files are analysed');
  });

  it('reports diagnostics on files that are not open, with stable codes and exact ranges', async () => {
    const diagnostics = await waitFor(
      'above-break-even on the main file',
      () => diagnosticsWith(MAIN(), 'above-break-even').length > 0 && vscode.languages.getDiagnostics(MAIN()),
    );
    const doc = await vscode.workspace.openTextDocument(MAIN());
    const breakEven = diagnostics.find((d) => d.code === 'above-break-even')!;
    assert.equal(doc.getText(breakEven.range), 'replicate/a40');
    assert.equal(breakEven.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(breakEven.source, 'inference-cost');
    assert.match(
      breakEven.message,
      /above break-even at 100,000 images\/mo: \$[\d,.]+\/mo \(\$[\d,]+ busy \+ \$[\d,]+ idle keep-alive \+ \$[\d,]+ cold starts \+ \$[\d,]+ engineering\) vs \$[\d,.]+\/mo on `[a-z0-9/.-]+`/,
    );
    // The offer the file's plan moves it to (or, with no plan, the cheapest eligible one).
    assert.match(breakEven.relatedInformation?.[0]?.message ?? '', /^(The plan moves it to|Cheapest eligible): /);
    const vram = diagnostics.find((d) => d.code === 'batch-exceeds-vram')!;
    assert.equal(doc.getText(vram.range), '12');
    assert.equal(vram.severity, vscode.DiagnosticSeverity.Error);
  });

  it('updates diagnostics as you type, after the debounce', async () => {
    const editor = await openMain();
    const doc = editor.document;
    const volume = positionOf(doc, '100000', 0);
    await editor.edit((e) => e.replace(new vscode.Range(volume, volume.translate(0, 6)), '-1'));
    const invalid = await waitFor(
      'invalid-value for a negative volume',
      () => diagnosticsWith(doc.uri, 'invalid-value')[0],
    );
    assert.equal(doc.getText(invalid.range), '-1');
    assert.match(invalid.message, /at least 0/);
  });

  it('hovers the provider with the cost, alternatives, break-even and the price source', async () => {
    const editor = await openMain();
    const hovers = await waitFor('a hover', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        positionOf(editor.document, 'replicate/a40'),
      );
      return result.find((h) => h.contents.some((c) => (c as vscode.MarkdownString).value.includes('/mo')));
    });
    const text = hovers.contents.map((c) => (c as vscode.MarkdownString).value).join('\n');
    assert.match(text, /\*\*\$[\d,.]+\/mo\*\* for 100,000 images\/mo/);
    assert.match(text, /Cheapest eligible alternatives/);
    assert.match(text.replace(/&nbsp;/g, ' ').replace(/\\/g, ''), /Price: hand-kept, price of \d{4}-\d{2}-\d{2}/);
    assert.match(text, /Source:/);
    assert.equal((hovers.contents[0] as vscode.MarkdownString).isTrusted, false);
  });

  it('shows the inline cost after each provider value', async () => {
    const editor = await openMain();
    const hints = await waitFor('inlay hints', async () => {
      const all = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
      );
      return all.length >= 2 && all;
    });
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    const line = positionOf(editor.document, 'replicate/a40').line;
    const onLine = labels.filter((_, i) => hints[i]!.position.line === line);
    assert.equal(onLine.length, 2);
    assert.match(onLine[0]!, /^≈ \$[\d,]+\/mo$/);
    assert.match(onLine[1]!, /^cheapest [a-z0-9/.-]+ \$[\d,]+\/mo$/);
    assert.ok(
      labels.every((l) => l.length <= 43),
      'each hint fits the 43-character cut of the editor',
    );
  });

  it('shows no cost for an offer that cannot run the workload: not $0, but what can', async () => {
    const editor = await openMain();
    const at = positionOf(editor.document, 'replicate/a40', 0);
    await editor.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 'replicate/a40'.length)), 'bedrock/sdxl'));
    const exports = await api();
    await waitFor(
      'the edited report',
      () => exports.analysis.get(editor.document.uri)?.text === editor.document.getText(),
    );
    const labels = await waitFor('inlay hints on the edited line', async () => {
      const all = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
      );
      const onLine = all.filter((h) => h.position.line === at.line);
      return (
        onLine.length > 0 &&
        onLine.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')))
      );
    });
    assert.equal(labels[0], 'cannot run it');
    assert.match(labels[1] ?? '', /^cheapest [a-z0-9/.-]+ \$[\d,]+\/mo$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      at.translate(0, 2),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n')
      .replace(/&nbsp;/g, ' ');
    assert.match(text, /bedrock\/sdxl/);
    assert.match(text, /cannot run it/);
    assert.doesNotMatch(text, /\$0(\.0+)?\/(image|mo)/);
  });

  it('turns the inline cost off with the setting', async () => {
    const editor = await openMain();
    const config = vscode.workspace.getConfiguration('inferenceCost');
    await config.update('inlineCosts.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
      );
      assert.equal(hints.length, 0);
    } finally {
      await config.update('inlineCosts.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('puts "Compare providers" and "Import usage" lenses on each workload', async () => {
    const editor = await openMain();
    const lenses = await waitFor('code lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
        10,
      );
      return all.length === 4 && all;
    });
    const byWorkload = (command: string) =>
      lenses
        .filter((l) => l.command?.command === command)
        .map((l) => [l.range.start.line, l.command!.arguments![1] as number]);
    assert.deepEqual(byWorkload('inferenceCost.compare'), [
      [4, 0],
      [10, 1],
    ]);
    assert.deepEqual(byWorkload('inferenceCost.importUsage'), byWorkload('inferenceCost.compare'));
    assert.match(
      lenses.find((l) => l.command?.command === 'inferenceCost.compare')!.command!.title,
      /Compare providers/,
    );
    assert.match(
      lenses.find((l) => l.command?.command === 'inferenceCost.importUsage')!.command!.title,
      /Import usage/,
    );
  });

  it('completes provider: with every offer and its monthly cost, cheapest eligible first, even in an unfinished workload', async () => {
    const editor = await openMain();
    const doc = editor.document;
    const before = doc.getText();
    // A workload being written: no provider yet, so it is itself an error, and the file has another one.
    const end = doc.positionAt(before.length);
    assert.ok(
      await editor.edit((e) => e.insert(end, '  - name: typing\n    model: sdxl\n    volume: 20000\n    provider: ')),
    );
    const at = doc.positionAt(doc.getText().length);
    const list = await waitFor('provider completion', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        at,
      );
      const priced = result.items.filter((i) => typeof i.detail === 'string' && /\$[\d,.]+\/mo/.test(i.detail));
      return priced.length > 10 && result;
    });
    const ours = list.items
      .filter((i) => typeof i.sortText === 'string' && /^\d{4}$/.test(i.sortText))
      .sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    const dollars = (i: vscode.CompletionItem) => Number(/\$([\d,.]+)\/mo/.exec(i.detail ?? '')![1]!.replace(/,/g, ''));
    const eligible = ours.filter((i) => !i.detail!.startsWith('not eligible'));
    for (let k = 1; k < eligible.length; k++)
      assert.ok(dollars(eligible[k]!) >= dollars(eligible[k - 1]!), 'cheapest first');
    const firstIneligible = ours.findIndex((i) => i.detail!.startsWith('not eligible'));
    assert.ok(
      firstIneligible > 0 && ours.slice(firstIneligible).every((i) => i.detail!.startsWith('not eligible')),
      'ineligible last',
    );
    // Offers for other models are not listed at all; the ineligible ones say why.
    assert.equal(
      ours.some((i) => i.label === 'fal/flux-dev'),
      false,
    );
    assert.match(ours[firstIneligible]!.detail!, /^not eligible: \S/);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === before);
  });

  it('quick fix: switches the provider, keeps every comment, and undo takes it back', async () => {
    const editor = await openMain();
    const doc = editor.document;
    const before = doc.getText();
    const diagnostic = await waitFor('above-break-even', () => diagnosticsWith(doc.uri, 'above-break-even')[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const preferred = actions.find((a) => a.isPreferred && a.title.startsWith('Switch to'));
    assert.ok(preferred?.edit, `a preferred switch action among ${actions.map((a) => a.title).join(', ')}`);
    const target = /Switch to (\S+)/.exec(preferred.title)![1]!;
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(
      doc.getText(),
      before.replace('provider: replicate/a40   # keep this comment', `provider: ${target}   # keep this comment`),
    );
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === before);
  });

  it('quick fix: sets a batch size that fits in memory', async () => {
    const editor = await openMain();
    const doc = editor.document;
    const diagnostic = await waitFor('batch-exceeds-vram', () => diagnosticsWith(doc.uri, 'batch-exceeds-vram')[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith('Set batch_size to'));
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /batch_size: 6 {12}# too big for 24 GB/);
    await waitFor('the VRAM error to go', () => diagnosticsWith(doc.uri, 'batch-exceeds-vram').length === 0);
  });

  it('clears diagnostics of a deleted file', async () => {
    const uri = workspaceFile('tmp-deleted', 'inference.yaml');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(
        'version: 1\nworkloads:\n  - { name: x, model: sdxl, volume: -1, provider: segmind/api }\n',
      ),
    );
    await waitForNewFile('diagnostics on the new file', () => vscode.languages.getDiagnostics(uri).length > 0);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    await waitFor('diagnostics cleared', () => vscode.languages.getDiagnostics(uri).length === 0);
  });

  it('reports a file that is not UTF-8 at its first bad byte, as the CLI does (one decodeFile)', async () => {
    const uri = workspaceFile('tmp-latin1', 'inference.yaml');
    // "version: 1" then a Latin-1 "é" (0xE9), which is not valid UTF-8.
    const bytes = new Uint8Array([...new TextEncoder().encode('version: 1\n# caf'), 0xe9, 0x0a]);
    await vscode.workspace.fs.writeFile(uri, bytes);
    const found = () => diagnosticsWith(uri, 'invalid-encoding').length > 0 && diagnosticsWith(uri, 'invalid-encoding');
    const [diagnostic] = await waitForNewFile('invalid-encoding', found);
    assert.equal(diagnostic!.range.start.line, 1);
    assert.equal(diagnostic!.range.start.character, 5);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    await waitFor('diagnostics cleared', () => vscode.languages.getDiagnostics(uri).length === 0);
  });

  it('Show pricing catalog opens a read-only document with sources and dates', async () => {
    await vscode.commands.executeCommand('inferenceCost.showCatalog');
    const doc = await waitFor(
      'the catalog document',
      () =>
        vscode.window.activeTextEditor?.document.uri.scheme === 'inference-cost-catalog' &&
        vscode.window.activeTextEditor.document,
    );
    assert.match(doc.getText(), /\| replicate\/a40 \| per_second \| a40 \| \$0\.000725\/s \| 2026-12-02 \|/);
    assert.match(
      doc.getText(),
      /- GPU rentals \(SkyPilot catalog\), runpod: \d+ offers, \d{4}-\d{2}-\d{2} \((package|cache)\)/,
    );
  });

  it('Create inference.yaml opens the existing file and never overwrites it', async () => {
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(MAIN()));
    await vscode.commands.executeCommand('inferenceCost.createTemplate');
    await waitFor(
      'the file to open',
      () => vscode.window.activeTextEditor?.document.uri.toString() === MAIN().toString(),
    );
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(MAIN())), before);
  });

  it('Compare providers: a panel with every offer, following the selected workload, what-if re-priced', async () => {
    const exports = await api();
    await vscode.commands.executeCommand('inferenceCost.compare', MAIN(), 0);
    const panel = await waitFor('the panel state', () =>
      exports.comparePanel()?.lastState?.view ? exports.comparePanel() : undefined,
    );
    const state = panel.lastState!;
    assert.equal(state.view!.name, 'product-shots');
    assert.ok(state.view!.rows.length > 30);
    assert.equal(
      state
        .view!.rows.filter((r) => r.chosen)
        .map((r) => r.offer)
        .join(),
      'replicate/a40',
    );
    assert.ok(state.workloads.some((w) => w.name === '<img src=x onerror=alert(1)>'));
    assert.ok(state.files.length >= 2);

    await vscode.commands.executeCommand('inferenceCost.compare', MAIN(), 1);
    await waitFor('the second workload', () => panel.lastState?.view?.name === '<img src=x onerror=alert(1)>');
    assert.equal(exports.comparePanel(), panel, 'one panel per workspace');

    const receive = (panel as unknown as { receive(m: unknown): void }).receive.bind(panel);
    receive({ type: 'whatIf', whatIf: { volumeFactor: 3, utilization: null, traffic: null } });
    await waitFor('the what-if volume', () => panel.lastState?.view?.volume === 15000);
    receive({ type: 'whatIf', whatIf: { volumeFactor: 3, utilization: null, traffic: 'business-hours' } });
    await waitFor('the what-if traffic', () => panel.lastState?.view?.traffic === 'business-hours');
    receive({ type: 'whatIf', whatIf: { volumeFactor: 1e9, utilization: null, traffic: null } });
    receive({ type: 'evil', command: 'workbench.action.terminal.new' });
    assert.equal(panel.lastState?.view?.volume, 15000, 'messages outside the protocol are ignored');
    panel.dispose();
  });

  it('a file with image and text workloads: diagnostics, hover, completion and the panel speak in requests', async () => {
    const diagnostic = await waitFor('above-break-even on the chat workload', () =>
      diagnosticsWith(TEAM_B(), 'above-break-even').find((d) => d.message.includes('requests/mo')),
    );
    const doc = await vscode.workspace.openTextDocument(TEAM_B());
    assert.equal(doc.getText(diagnostic.range), 'runpod/pod-a100-80gb');
    assert.match(diagnostic.message, /above break-even at 2,000,000 requests\/mo: .* on `novita\/llama-3\.1-8b`/);
    const editor = await vscode.window.showTextDocument(doc);
    const hover = await waitFor('a hover on the chat provider', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        positionOf(doc, 'runpod/pod-a100-80gb'),
      );
      return result.find((h) => h.contents.some((c) => (c as vscode.MarkdownString).value.includes('/mo')));
    });
    const text = hover.contents.map((c) => (c as vscode.MarkdownString).value).join('\n');
    assert.match(text, /for 2,000,000 requests\/mo, 800 tokens in \/ 200 out/);
    assert.match(text, /\/1k requests · \$[\d.]+\/MTok effective/);

    const value = positionOf(doc, 'runpod/pod-a100-80gb', 0);
    await editor.edit((e) => e.delete(new vscode.Range(value, value.translate(0, 'runpod/pod-a100-80gb'.length))));
    const list = await waitFor('provider completion for the chat workload', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        value,
      );
      return (
        result.items.some((i) => i.label === 'together/llama-3.1-8b' && /\$[\d,.]+\/mo/.test(String(i.detail))) &&
        result
      );
    });
    const first = list.items
      .filter((i) => typeof i.sortText === 'string' && /^\d{4}$/.test(i.sortText))
      .sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0]!;
    assert.equal(first.label, 'novita/llama-3.1-8b');
    // An image API is no option for a text model: it is not listed.
    assert.equal(
      list.items.some((i) => i.label === 'segmind/api'),
      false,
    );

    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the provider', () => doc.getText().includes('runpod/pod-a100-80gb'));
    const exports = await api();
    await waitFor('the chat workload analysed again', () =>
      exports.analysis.get(TEAM_B())?.workloads.some((w) => w.workload.name === 'chat'),
    );
    await vscode.commands.executeCommand('inferenceCost.compare', TEAM_B(), 1);
    const panel = await waitFor('the panel on the chat workload', () =>
      exports.comparePanel()?.lastState?.view?.name === 'chat' ? exports.comparePanel() : undefined,
    );
    const view = panel.lastState!.view!;
    assert.equal(view.units, 'requests');
    assert.equal(view.perUnit, '/1k requests');
    assert.equal(view.rows.find((r) => r.offer === 'together/llama-3.1-8b')!.perUnitUsd, 0.18);
    panel.dispose();
  });

  it('the status bar total matches the sum of the reports', async () => {
    const exports = await api();
    const total = exports.analysis.all().reduce((sum, f) => sum + f.report.totals.totalMicros, 0);
    assert.ok(total > 0);
    assert.ok(exports.analysis.get(TEAM_B()));
  });
});
