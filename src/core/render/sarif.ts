import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { FINDING_CODES, type Severity } from '../findings/types';
import { placedFindings, type FileReport, type PlacedFinding } from './fileReport';
import { HELP_URI, ruleHelp } from './sarifHelp';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** The cost change of a workload between a base and the working tree (inference-cost diff). */
export const COST_INCREASE_RULE = 'cost-increase';

/** Where results point: paths relative to the repository root (%SRCROOT%), as code scanning resolves them. */
export interface SarifRoot {
  /** The root folder as an absolute file URI ending in "/". */
  uri: string;
  /** A report's path as a '/'-separated path from the root, or undefined for a file outside it. */
  fromRoot: (path: string) => string | undefined;
  /** A file outside the root, as an absolute file URI. */
  absolute: (path: string) => string;
}

const SRCROOT = '%SRCROOT%';

/** SARIF 2.1.0, one rule per stable finding code, as code-scanning tools accept it. */
export function toSarif(files: FileReport[], version: string, root: SarifRoot): Log {
  return sarifLog(files.flatMap(placedFindings), version, root);
}

/** What one SARIF result needs: a rule id, a level and a 1-based place. */
export type SarifInput = Pick<
  PlacedFinding,
  'severity' | 'message' | 'path' | 'line' | 'column' | 'endLine' | 'endColumn'
> & { code: string };

export function sarifLog(findings: SarifInput[], version: string, root: SarifRoot, extraRules: string[] = []): Log {
  const rules: ReportingDescriptor[] = [...Object.values(FINDING_CODES), ...extraRules].map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: id.replace(/-/g, ' ') },
    fullDescription: { text: ruleHelp(id) },
    help: { text: ruleHelp(id), markdown: ruleHelp(id) },
    helpUri: HELP_URI,
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f): Result => ({
    ruleId: f.code,
    ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code)! } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f, root)],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'inference-cost',
            version,
            informationUri: 'https://github.com/inference-cost-review/inference-cost',
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: root.uri } },
        results,
      },
    ],
  };
}

function location(f: SarifInput, root: SarifRoot): Location {
  const fromRoot = root.fromRoot(f.path);
  const endColumn = Math.max(f.endColumn, f.line === f.endLine ? f.column + 1 : f.endColumn);
  return {
    physicalLocation: {
      artifactLocation:
        fromRoot === undefined ? { uri: root.absolute(f.path) } : { uri: encodeURI(fromRoot), uriBaseId: SRCROOT },
      region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn },
    },
  };
}
