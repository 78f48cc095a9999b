import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { ValueEdit } from '../../src/core/edits';
import { declaringWorkload, draftWorkloads, scanText } from '../../src/core/scan';
import { declareWorkloadEdits, uniqueWorkloadName, workloadNamesIn } from '../../src/core/scan/declareUse';
import { workloadLines } from '../../src/core/scan/draft';
import { analyze, CATALOG, workload } from './helpers';

/** The lines of a drafted workload for one call (what the editor's quick fix adds). */
function draftOf(code: string, name?: string): string[] {
  const [use] = scanText('app.py', code);
  const [draft] = draftWorkloads([use!], CATALOG);
  if (name) draft!.name = name;
  return workloadLines(draft!);
}

const IMAGE_CALL = `from openai import OpenAI
client = OpenAI()
client.images.generate(model="gpt-image-1", prompt="x", quality="high", size="1024x1024")
`;

function apply(text: string, edits: readonly ValueEdit[] | undefined): string {
  expect(edits, 'edits').toBeDefined();
  let out = text;
  for (const e of [...edits!].sort((a, b) => b.range.start - a.range.start))
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** Every line of `before` is in `after`, in order: nothing was removed or changed, only lines added. */
function keepsEveryLine(before: string, after: string): void {
  const rest = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    const found = rest.indexOf(line, at);
    expect(found, `line kept: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

const FILE = `# Our inference spend.
version: 1
workloads:
  # The chat assistant.
  - name: chat            # keep this comment
    model: gpt-4.1-mini
    requests: 20000
    input_tokens: 800
    output_tokens: 200
    provider: openai/gpt-4.1-mini
    # a note under the last workload

# Team figures below.
team:
  engineer_monthly_usd: 12000
`;

describe('declareWorkloadEdits: a scanned call added to an existing inference.yaml', () => {
  it('adds the workload after the last one, keeps every comment and line, and the file prices both', () => {
    const after = apply(FILE, declareWorkloadEdits(FILE, draftOf(IMAGE_CALL, 'app-gpt-image-1')));
    keepsEveryLine(FILE, after);
    // Below the last workload's own comment, above the file's next section and its comment.
    expect(after.indexOf('  - name: app-gpt-image-1')).toBeGreaterThan(
      after.indexOf('# a note under the last workload'),
    );
    expect(after.indexOf('  - name: app-gpt-image-1')).toBeLessThan(after.indexOf('# Team figures below.'));
    // A blank line before it, as the draft separates workloads, and the file's own blank line after it.
    expect(after).toContain(
      '    # a note under the last workload\n\n  # app.py:3: client.images.generate (openai)\n  - name: app-gpt-image-1\n',
    );
    expect(after).toContain('    resolution: 1024x1024\n\n# Team figures below.\n');
    const report = analyze(after);
    expect(report.workloads.map((w) => w.workload.name)).toEqual(['chat', 'app-gpt-image-1']);
    expect(workload(report, 1).workload.model).toBe('gpt-image-1');
    expect(workload(report, 1).chosen.offer.id).toBe('openai/gpt-image-1');
    const [use] = scanText('app.py', IMAGE_CALL);
    expect(
      declaringWorkload(
        use!,
        report.workloads.map((w) => w.workload),
        CATALOG,
      ),
    ).toBe(1);
  });

  it('follows the file’s indentation: a list at column 0 with fields at 2, or at 4 with fields at 6', () => {
    const flat =
      'version: 1\nworkloads:\n- name: a\n  model: sdxl\n  volume: 10\n  provider: replicate/a40\nteam:\n  ops_share: 0.3\n';
    const flatAfter = apply(flat, declareWorkloadEdits(flat, draftOf(IMAGE_CALL, 'b')));
    expect(flatAfter).toContain('\n- name: b\n  model: gpt-image-1\n');
    // The next top-level key at the list's own column ends the list: the workload goes before it.
    expect(flatAfter).toMatch(/resolution: 1024x1024\nteam:\n {2}ops_share: 0\.3\n$/);
    const flatReport = analyze(flatAfter);
    expect(flatReport.workloads.map((w) => w.workload.name)).toEqual(['a', 'b']);
    expect(flatReport.team.opsShare).toBe(0.3);
    const deep =
      'version: 1\nworkloads:\n    -   name: a\n        model: sdxl\n        volume: 10\n        provider: replicate/a40\n';
    const deepAfter = apply(deep, declareWorkloadEdits(deep, draftOf(IMAGE_CALL, 'b')));
    expect(deepAfter).toContain('\n    -   name: b\n        model: gpt-image-1\n');
    expect(analyze(deepAfter).workloads.map((w) => w.workload.name)).toEqual(['a', 'b']);
  });

  it('adds no blank line to a list that has none between its workloads', () => {
    const compact =
      'version: 1\nworkloads:\n  - name: a\n    model: sdxl\n    volume: 10\n    provider: replicate/a40\n  - name: c\n    model: sdxl\n    volume: 20\n    provider: replicate/a40\n';
    const after = apply(compact, declareWorkloadEdits(compact, draftOf(IMAGE_CALL, 'b')));
    expect(after).toContain('    volume: 20\n    provider: replicate/a40\n  # app.py:3:');
    expect(analyze(after).workloads.map((w) => w.workload.name)).toEqual(['a', 'c', 'b']);
  });

  it('keeps Windows line endings', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const after = apply(crlf, declareWorkloadEdits(crlf, draftOf(IMAGE_CALL, 'b')));
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(analyze(after).workloads).toHaveLength(2);
  });

  it('starts the list where there is none: no key, an empty list, `workloads:` alone, only comments, a blank file', () => {
    const lines = draftOf(IMAGE_CALL, 'b');
    for (const text of [
      'version: 1\n# nothing yet\n',
      'version: 1\nworkloads: []   # none yet\n',
      'version: 1\nworkloads:\n# none yet\nteam:\n  engineer_monthly_usd: 12000\n',
      '# only a comment',
      '',
    ]) {
      const after = apply(text, declareWorkloadEdits(text, lines));
      keepsEveryLine(text.replace('[]', ''), after);
      const report = analyze(after.includes('version:') ? after : `version: 1\n${after}`);
      expect(
        report.workloads.map((w) => w.workload.name),
        after,
      ).toEqual(['b']);
    }
  });

  it('leaves a file alone that it cannot extend as it is: broken YAML, a flow list, a top level that is a list', () => {
    const lines = draftOf(IMAGE_CALL);
    expect(declareWorkloadEdits('version: 1\nworkloads:\n  - name: [\n', lines)).toBeUndefined();
    expect(declareWorkloadEdits('version: 1\nworkloads: [{name: a, model: sdxl}]\n', lines)).toBeUndefined();
    expect(declareWorkloadEdits('- a\n- b\n', lines)).toBeUndefined();
  });

  it('names: every workload’s name counts, and a new one takes the first free suffix', () => {
    const names = workloadNamesIn(
      FILE.replace('provider: openai/gpt-4.1-mini', 'provider: openai/gpt-4.1-mini\n  - name: 7'),
    );
    expect([...names]).toEqual(['chat', '7']);
    expect(uniqueWorkloadName('chat', names)).toBe('chat-2');
    expect(uniqueWorkloadName('chat', new Set(['chat', 'chat-2']))).toBe('chat-3');
    expect(uniqueWorkloadName('new', names)).toBe('new');
    expect(parseDocument(FILE).errors).toEqual([]);
  });
});
