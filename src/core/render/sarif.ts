import { FINDING_CODES, type Severity } from '../findings/types';
import { placedFindings, type FileReport, type PlacedFinding } from './fileReport';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The cost change of a workload between a base and the working tree (inference-cost diff). */
export const COST_INCREASE_RULE = 'cost-increase';

/** SARIF 2.1.0, one rule per stable finding code, as code-scanning tools accept it. */
export function toSarif(files: FileReport[], version: string): Record<string, unknown> {
  return sarifLog(files.flatMap(placedFindings), version);
}

/** What one SARIF result needs: a rule id, a level and a 1-based place. */
export type SarifInput = Pick<PlacedFinding, 'severity' | 'message' | 'path' | 'line' | 'column' | 'endLine' | 'endColumn'> & { code: string };

export function sarifLog(findings: SarifInput[], version: string, extraRules: string[] = []): Record<string, unknown> {
  const rules = [...Object.values(FINDING_CODES), ...extraRules].map((id) => ({ id, name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()), shortDescription: { text: id.replace(/-/g, ' ') } }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.path.split('\\').join('/') },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.line === f.endLine ? f.column + 1 : f.endColumn) },
        },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'inference-cost', version, informationUri: 'https://github.com/inference-cost-review/inference-cost', rules } }, results }],
  };
}
