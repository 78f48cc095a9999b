import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor, waitForNewFile, workspaceFile } from './util';

const FILE = `version: 1
workloads:
  # Product photos: the volume is a guess.
  - name: shots
    model: flux-dev
    volume: 1000              # a guess
    provider: replicate/a40   # keep this comment
    seconds_per_image: 12
`;

/** What the import of the log below makes of FILE: the same as `inference-cost usage import` prints. */
const IMPORTED = FILE.replace('volume: 1000 ', 'volume: 7300 ').replace(
  'seconds_per_image: 12\n',
  'seconds_per_image: 4.2\n    traffic: steady\n',
);

/** A week of one request every six minutes on an A40, 4.0-4.4 s each, and one row that is no request. */
function steadyLog(): string {
  const start = Date.parse('2026-11-23T00:00:00Z');
  const rows = ['timestamp,gpu,duration_ms,status'];
  for (let i = 0; i < 1680; i++) {
    rows.push(`${new Date(start + i * 360_000).toISOString()},NVIDIA A40,${4000 + (i % 5) * 100},200`);
    if (i === 3) rows.push('not-a-time,NVIDIA A40,4000,200');
  }
  return rows.join('\n') + '\n';
}

interface Imported {
  status: string;
  found?: string[];
  warnings?: string[];
  newText?: string;
  message?: string;
}

describe('Import usage from a file in the extension host', () => {
  const folder = () => workspaceFile('usage-import');
  const file = () => workspaceFile('usage-import', 'inference.yaml');
  const log = () => workspaceFile('usage-import', 'requests.csv');
  const run = (options: { log: vscode.Uri; apply: boolean }) =>
    vscode.commands.executeCommand<Imported>('inferenceCost.importUsage', file(), 0, options);

  before(async () => {
    const exports = await api();
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(FILE));
    await vscode.workspace.fs.writeFile(log(), new TextEncoder().encode(steadyLog()));
    await waitForNewFile('the new file analysed', () => exports.analysis.get(file())?.workloads.length === 1);
  });

  after(async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file().toString());
    if (doc?.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it('shows the change as a diff and leaves the file as it is until asked', async () => {
    const shown = await run({ log: log(), apply: false });
    assert.equal(shown.status, 'shown');
    assert.equal(shown.newText, IMPORTED);
    assert.match(shown.found!.join('\n'), /1,680 images from 2026-11-23T00:00Z .*: 7,305 images a month/);
    assert.match(shown.warnings!.join('\n'), /1 row could not be read and is left out: line 6: timestamp "not-a-time"/);
    const diff = await waitFor('the diff editor', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.input)
        .find((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff),
    );
    assert.equal(diff.original.toString(), file().toString());
    const proposed = await vscode.workspace.openTextDocument(diff.modified);
    assert.equal(proposed.getText(), IMPORTED);
    const doc = await vscode.workspace.openTextDocument(file());
    assert.equal(doc.getText(), FILE);
    assert.equal(doc.isDirty, false);
  });

  it('applies it as one undoable edit that keeps every comment, and never saves', async () => {
    const applied = await run({ log: log(), apply: true });
    assert.equal(applied.status, 'applied');
    const doc = await vscode.workspace.openTextDocument(file());
    assert.equal(doc.getText(), IMPORTED);
    assert.equal(doc.isDirty, true);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(file())), FILE, 'the disk is untouched');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the file', () => doc.getText() === FILE);
  });

  it('the panel prices "your measured traffic": the volume and shape the log gave', async () => {
    const exports = await api();
    await vscode.commands.executeCommand('inferenceCost.compare', file(), 0);
    const panel = await waitFor('the panel on the imported workload', () =>
      exports.comparePanel()?.lastState?.view?.name === 'shots' ? exports.comparePanel() : undefined,
    );
    assert.match(panel.lastState!.measured ?? '', /^7,300 images\/mo, its weekly shape, from requests\.csv$/);
    assert.equal(panel.lastState!.view!.volume, 1000);
    const receive = (panel as unknown as { receive(m: unknown): void }).receive.bind(panel);
    receive({ type: 'whatIf', whatIf: { volumeFactor: 3, utilization: null, traffic: 'measured' } });
    await waitFor('the measured what-if', () => panel.lastState?.view?.volume === 21_900);
    assert.equal(panel.lastState!.view!.traffic, 'custom shape');
    assert.equal(panel.lastState!.view!.declaredVolume, 1000);
    panel.dispose();
  });

  it('a log it cannot read: the reason, and the file untouched', async () => {
    const bad = workspaceFile('usage-import', 'bad.csv');
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode('when,gpu\nyesterday,a40\n'));
    const failed = await run({ log: bad, apply: true });
    assert.equal(failed.status, 'failed');
    assert.match(failed.message!, /^bad\.csv: no timestamp column in the header \(when, gpu\)/);
    const doc = await vscode.workspace.openTextDocument(file());
    assert.equal(doc.getText(), FILE);
  });
});
