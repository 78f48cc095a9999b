import type { Catalog, Offer } from '../catalog/types';
import { parseInferenceYaml } from '../format/parse';
import type { Located } from '../format/located';
import { lenientWorkload } from '../format/validate';
import type { PricedOption, Report } from '../report';
import { FleetOverhead } from './overhead';
import { rankOptions, workloadContext } from './options';

export interface ProviderChoice {
  option: PricedOption;
  /** 0 for the cheapest eligible offer, up the list; ineligible offers after every eligible one. */
  rank: number;
}

/**
 * Every offer priced for the workload being edited at `offset`, cheapest eligible first: what provider completion
 * shows. Reads that workload field by field, so it works while the file (or the workload itself) has errors.
 */
export function providerChoices(text: string, offset: number, report: Report): ProviderChoice[] | undefined {
  const item = workloadItemAt(parseInferenceYaml(text).root, offset);
  if (!item) return undefined;
  const catalog: Catalog = report.catalog;
  const placeholder = [...catalog.offers.values()].find((o) => o.operating === 'managed') as Offer;
  const workload = lenientWorkload(item.node, catalog, placeholder.id, item.index);
  if (!workload) return undefined;
  // The rest of the file's fleet, for the engineering an option on a new provider (or model) would add.
  const others = (report.model?.workloads ?? []).filter((w) => w.index !== item.index);
  const fleet = FleetOverhead.of(others, catalog, report.team);
  return rankOptions(workloadContext(catalog, workload, fleet, report.settings), workload.volume).map(
    (option, rank) => ({
      option,
      rank,
    }),
  );
}

function workloadItemAt(root: Located | undefined, offset: number): { node: Located; index: number } | undefined {
  const list = root?.kind === 'map' ? root.entries.get('workloads')?.value : undefined;
  if (list?.kind !== 'seq') return undefined;
  // The last item that starts before the cursor: a value being typed may lie just past the item's own text.
  let index = -1;
  list.items.forEach((item, i) => {
    if (item.range.start <= offset) index = i;
  });
  return index < 0 ? undefined : { node: list.items[index]!, index };
}
