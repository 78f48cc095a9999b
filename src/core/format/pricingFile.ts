import type { Catalog, Offer } from '../catalog/types';
import type { Finding } from '../findings/types';
import { FINDING_CODES } from '../findings/types';
import { parseInferenceYaml } from './parse';
import { readOffers } from './validate';

/**
 * The user's extra pricing file (setting or --pricing): the `offers:` section of inference.yaml on its own,
 * for negotiated prices shared across repos. Offers are marked as coming from settings.
 */
export function readExtraOffers(
  text: string,
  catalog: Catalog,
  today = new Date().toISOString().slice(0, 10),
): { offers: Offer[]; findings: Finding[] } {
  const parsed = parseInferenceYaml(text);
  if (parsed.fatal || !parsed.root) return { offers: [], findings: parsed.findings };
  if (parsed.root.kind !== 'map' || !parsed.root.entries.has('offers')) {
    return {
      offers: [],
      findings: [
        ...parsed.findings,
        {
          code: FINDING_CODES.missingField,
          severity: 'error',
          message: 'A pricing file needs an `offers:` list.',
          range: parsed.root.range,
        },
      ],
    };
  }
  const findings = [...parsed.findings];
  const { offers } = readOffers(parsed.root, catalog, findings, today);
  return {
    offers: offers.map((o) => ({ ...o, origin: 'settings' as const })),
    findings: findings.filter((f) => f.severity === 'error'),
  };
}
