import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, workspaceFile } from './util';

/** The inference.yaml beside the code: it declares the chat call, not the image one. Its comments must survive. */
const YAML = `# Costs of the app in this folder.
version: 1
workloads:
  # The support chat.
  - name: chat              # keep this comment
    model: gpt-4.1-mini
    requests: 50000
    input_tokens: 1000
    output_tokens: 300
    provider: openai/gpt-4.1-mini

# Notes at the end stay at the end.
`;

const CODE = `import os

from openai import OpenAI

IMAGE_MODEL = os.getenv("IMAGE_MODEL", "gpt-image-1")
client = OpenAI()


def chat(messages):
    return client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=messages,
        max_tokens=300,
    )


def hero(prompt):
    return client.images.generate(model=IMAGE_MODEL, prompt=prompt, quality="high", size="1024x1024")
`;

/** The hover's text as read: appendText escapes Markdown and spaces. */
function plain(hover: vscode.Hover): string {
  return hover.contents
    .map((c) => (c as vscode.MarkdownString).value)
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\(.)/g, '$1');
}

/** Whether the scanner's bundle (dist/scan.js, with the parsers) is loaded in this extension host. */
function scannerBundleLoaded(): boolean {
  return Object.keys(require.cache).some((k) => /[\\/]dist[\\/]scan\.js$/.test(k));
}

describe('Prices at the model calls in Python code', () => {
  const folder = () => workspaceFile('code-scan');
  const yaml = () => workspaceFile('code-scan', 'inference.yaml');
  const code = () => workspaceFile('code-scan', 'app.py');
  const lineOf = (needle: string) => CODE.split('\n').findIndex((l) => l.includes(needle));
  const lenses = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', code(), 10);
  const lensOn = async (line: number, title: RegExp) =>
    waitFor(`a lens on line ${line + 1} matching ${String(title)}`, async () =>
      (await lenses()).find((l) => l.range.start.line === line && title.test(l.command?.title ?? '')),
    );

  before(async () => {
    const exports = await api();
    await vscode.workspace.fs.writeFile(yaml(), new TextEncoder().encode(YAML));
    await vscode.workspace.fs.writeFile(code(), new TextEncoder().encode(CODE));
    // Opened, so it is analysed as an editor's text (the file watcher can lag on a loaded machine).
    await vscode.workspace.openTextDocument(yaml());
    await waitFor('the folder’s inference.yaml analysed', () => exports.analysis.get(yaml())?.workloads.length === 1);
  });

  after(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes('/code-scan/'))) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it('activates without loading the scanner (its time is printed, not asserted: npm run bench:editor)', async () => {
    const exports = await api();
    console.log(`      [measured] activation ${exports.activationMs.toFixed(1)} ms`);
    // No code file has been opened yet (the suites before this one open only inference.yaml files).
    assert.equal(exports.codeUses.loaded, false);
    assert.equal(scannerBundleLoaded(), false);
  });

  it('shows the unit price at each call, and the monthly cost of the workload that declares it', async () => {
    const opened = performance.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(code()));
    const chat = await lensOn(lineOf('chat.completions.create'), /per MTok on openai · ≈ \$[\d,]+\/mo \(chat\)$/);
    console.log(
      `      [measured] activation ${(await api()).activationMs.toFixed(1)} ms; file opened to first priced lens ${(performance.now() - opened).toFixed(0)} ms (scanner loaded on the way)`,
    );
    assert.match(chat.command!.title, /^\$0\.4\/\$1\.60 per MTok on openai/);
    // A click opens the comparison on the declaring workload.
    assert.equal(chat.command!.command, 'inferenceCost.compare');
    assert.equal((chat.command!.arguments![0] as vscode.Uri).toString(), yaml().toString());
    assert.equal(chat.command!.arguments![1], 0);
    const image = await lensOn(lineOf('images.generate'), /\/image on openai · not in inference\.yaml$/);
    assert.match(image.command!.title, /^\$0\.\d+\/image on openai/);
    assert.equal((await lenses()).length, 2);
    assert.ok((await api()).codeUses.loaded);
    assert.ok(scannerBundleLoaded(), 'dist/scan.js is loaded once a Python file is open');
  });

  it('hovers a call with the hosts that sell its model, cheapest first, with source and date', async () => {
    const line = lineOf('images.generate');
    const at = new vscode.Position(line, CODE.split('\n')[line]!.indexOf('images'));
    const hover = await waitFor('a hover on the image call', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code(), at);
      return result.find((h) => plain(h).includes('Hosts that sell it'));
    });
    const text = plain(hover);
    assert.match(text, /\*\*gpt-image-1\*\* · client\.images\.generate \(openai\)/);
    assert.match(text, /Not in code-scan\/inference\.yaml: the quick fix on this line adds it/);
    assert.match(text, /Hosts that sell it, cheapest first \(at quality high, 1024x1024\)/);
    const rows = text.split('\n').filter((l) => l.startsWith('- '));
    assert.ok(rows.length >= 2, text);
    assert.ok(rows.some((r) => r.startsWith('- openai/gpt-image-1 (this call’s): $0.')));
    for (const row of rows) assert.match(row, / — \S+, \d{4}-\d{2}-\d{2}: .+/);
    const prices = rows.map((r) => Number(/: \$([\d.]+)\/image/.exec(r)![1]));
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
    );
    assert.equal((hover.contents[0] as vscode.MarkdownString).isTrusted, false);
  });

  it('quick fix: declares the call in inference.yaml, keeping its comments, and undo takes it back', async () => {
    const line = lineOf('images.generate');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      code(),
      new vscode.Range(line, 8, line, 8),
      vscode.CodeActionKind.QuickFix.value,
      10,
    );
    const declare = actions.find((a) => a.title === 'Declare gpt-image-1 in code-scan/inference.yaml');
    assert.ok(declare?.edit, `a declare action among ${actions.map((a) => a.title).join(', ')}`);
    // None for the call a workload declares already.
    const onChat = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      code(),
      new vscode.Range(lineOf('chat.completions.create'), 8, lineOf('chat.completions.create'), 8),
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.equal(onChat.filter((a) => a.title.startsWith('Declare')).length, 0);
    assert.ok(await vscode.workspace.applyEdit(declare.edit));
    const doc = await vscode.workspace.openTextDocument(yaml());
    const text = doc.getText();
    // Every line of the file as it was, in order; the new workload after the last one, before the closing notes.
    let from = 0;
    for (const kept of YAML.split('\n')) {
      const at = text.indexOf(kept, from);
      assert.ok(at >= from, `kept: ${kept}`);
      from = at + kept.length;
    }
    assert.match(
      text,
      /provider: openai\/gpt-4\.1-mini\n\n {2}# app\.py:18: client\.images\.generate \(openai\)\n {2}- name: app-gpt-image-1\n {4}model: gpt-image-1\n/,
    );
    assert.ok(text.indexOf('name: app-gpt-image-1') < text.indexOf('# Notes at the end stay at the end.'));
    // Not saved: the user reviews it. The analysis of the open file sees the new workload, and the lens says so.
    assert.ok(doc.isDirty);
    await lensOn(line, /\/image on openai · ≈ \$[\d,]+\/mo \(app-gpt-image-1\)$/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the file', () => doc.getText() === YAML);
    await lensOn(line, /not in inference\.yaml$/);
  });

  it('quick fix where there is no inference.yaml: creates one with the draft of the call', async () => {
    // A folder outside the workspace: no inference.yaml above it, so the fix creates one beside the file.
    const dir = vscode.Uri.file(mkdtempSync(join(tmpdir(), 'icr-scan-')));
    const file = vscode.Uri.joinPath(dir, 'gen.py');
    const created = vscode.Uri.joinPath(dir, 'inference.yaml');
    try {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(CODE));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const line = lineOf('images.generate');
      const actions = await waitFor('a create action', async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          file,
          new vscode.Range(line, 8, line, 8),
          vscode.CodeActionKind.QuickFix.value,
          10,
        );
        return all.some((a) => a.title.startsWith('Create')) && all;
      });
      const create = actions.find((a) => a.title.startsWith('Create'))!;
      assert.match(create.title, /^Create .*inference\.yaml with gpt-image-1$/);
      assert.ok(create.edit);
      assert.ok(await vscode.workspace.applyEdit(create.edit));
      const doc = await vscode.workspace.openTextDocument(created);
      assert.match(doc.getText(), /^# Drafted by `inference-cost scan`/);
      assert.match(
        doc.getText(),
        /\nversion: 1\n\nworkloads:\n {2}# gen\.py:18: client\.images\.generate \(openai\)\n {2}- name: gen-gpt-image-1\n/,
      );
      // The new file declares the image call (that one only): its lens now names the workload.
      await waitFor('the image call declared', async () => {
        const titles = (
          await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file, 10)
        ).map((l) => l.command?.title ?? '');
        return (
          titles.some((t) => /\/image on openai · ≈ \$[\d,]+\/mo \(gen-gpt-image-1\)$/.test(t)) &&
          titles.some((t) => /per MTok on openai · not in inference\.yaml$/.test(t))
        );
      });
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('turns off with inferenceCost.scan.enabled', async () => {
    const config = vscode.workspace.getConfiguration('inferenceCost');
    await config.update('scan.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('no lenses', async () => (await lenses()).length === 0);
    } finally {
      await config.update('scan.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the lenses back', async () => (await lenses()).length === 2);
  });
});
