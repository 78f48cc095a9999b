import type { Catalog } from '../catalog/types';
import { FINDING_CODES, type Finding } from '../findings/types';
import { declaringWorkload, hostAndModel } from './catalogMatch';
import { parseGitignore } from './gitignore';
import type { ModelUse } from './types';

/**
 * Drift (issue 33): the model uses in the code under an inference.yaml's folder that none of its workloads declares.
 * Pure, like the rest of the scanner; the CLI walks the tree (src/cli/drift.ts) and places the findings.
 */

/** What drift needs of a file: its workloads' models, its catalog (with its own models) and its `scan:` settings. */
export interface DriftTarget {
  workloads: readonly { model: string }[];
  catalog: Catalog;
  scan?: { enabled: boolean; exclude: readonly string[] };
}

/**
 * The uses no workload declares, in file order. `uses` have paths relative to the file's folder. A use whose model is
 * known only at run time is left out: no workload can be said to declare it or not.
 */
export function undeclaredUses(uses: readonly ModelUse[], target: DriftTarget): ModelUse[] {
  if (target.scan?.enabled === false) return [];
  const excluded = excludes(target.scan?.exclude ?? []);
  return uses.filter(
    (use) =>
      hostAndModel(use).raw !== undefined &&
      !excluded(use.file) &&
      declaringWorkload(use, target.workloads, target.catalog) === undefined,
  );
}

/** The `scan: exclude:` patterns, read as a .gitignore at the file's folder: a path or any folder above it. */
export function excludes(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const rules = parseGitignore(patterns.join('\n'));
  return (path) => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) if (rules.ignores(parts.slice(0, i).join('/'), true)) return true;
    return rules.ignores(path, false) === true;
  };
}

/** The warning at a use, without its place (the caller knows the code file's path as it shows it). */
export function undeclaredUseFinding(use: ModelUse, fileName: string): Omit<Finding, 'range'> {
  const model = hostAndModel(use).raw!;
  const what = use.kind === 'sdk' ? `\`${use.api}\` (${use.host}) calls \`${model}\`` : `${use.api} runs \`${model}\``;
  return {
    code: FINDING_CODES.undeclaredModelUse,
    severity: 'warning',
    message:
      `${what}, which no workload of ${fileName} declares: its cost is not in the review. ` +
      'Declare it (`inference-cost scan` drafts the workload), or leave the path out with `scan: { exclude: [...] }`.',
  };
}

/** A use's identity across two versions of a file, whatever its line: where it is, what it calls, which model. */
export function useKey(use: ModelUse): string {
  return `${use.file}\u0000${use.api}\u0000${hostAndModel(use).raw ?? use.modelExpression ?? ''}`;
}

/**
 * The uses now that the base did not have: for each key, those past the count the base had (a second call of the
 * same model in a file is new even where the first was there).
 */
export function appearedUses(now: readonly ModelUse[], base: readonly ModelUse[]): ModelUse[] {
  const before = new Map<string, number>();
  for (const use of base) before.set(useKey(use), (before.get(useKey(use)) ?? 0) + 1);
  return now.filter((use) => {
    const key = useKey(use);
    const left = before.get(key) ?? 0;
    if (left > 0) before.set(key, left - 1);
    return left === 0;
  });
}
