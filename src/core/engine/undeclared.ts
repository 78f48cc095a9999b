import type { Catalog } from '../catalog/types';
import type { FileModel, Workload } from '../format/model';
import type { EngineSettings } from '../report';
import { FleetOverhead } from './overhead';
import { rankOptions, workloadContext, type PriceAges } from './options';

/**
 * A workload without `provider:` is a planning question (issue 33): it is priced over every offer that can serve it,
 * on the cheapest eligible one. That offer becomes its chosen one, marked `providerUndeclared`, so everything after
 * (totals, findings, the plan, the renderers) reads it as any other; the findings say it is assumed.
 * With no eligible offer, the cheapest that runs it (its findings then say why not eligible); with none, the first.
 */
export function withAssumedProviders(model: FileModel, catalog: Catalog, settings: EngineSettings): FileModel {
  if (!model.workloads.some((w) => w.providerUndeclared)) return model;
  // Engineering as the declared workloads pay it: an offer on a provider they already run on shares it.
  const declared = FleetOverhead.of(
    model.workloads.filter((w) => !w.providerUndeclared),
    catalog,
    model.team,
  );
  const ages: PriceAges = new Map();
  const workloads = model.workloads.map((w) =>
    w.providerUndeclared ? { ...w, provider: cheapestOffer(w, catalog, declared, settings, ages) } : w,
  );
  return { ...model, workloads };
}

function cheapestOffer(
  workload: Workload,
  catalog: Catalog,
  overhead: FleetOverhead,
  settings: EngineSettings,
  ages: PriceAges,
): string {
  // Ranked eligible first, then runnable, each cheapest first (options.ts).
  const ranked = rankOptions(workloadContext(catalog, workload, overhead, settings, ages), workload.volume);
  return ranked[0]?.offer.id ?? '';
}
