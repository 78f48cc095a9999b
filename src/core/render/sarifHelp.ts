/**
 * What each SARIF rule means and what to do about it: code scanning shows it beside every alert of the rule. Keyed
 * by finding code (and diff's cost-increase); a code without an entry gets a line pointing at the docs.
 */
export const RULE_HELP: Record<string, string> = {
  'yaml-syntax':
    'The file is not valid YAML, so nothing in it is priced. Fix the syntax at the place shown (an unclosed bracket or quote, a tab, a bad indent).',
  'file-too-large':
    'The file is over the size limit and is not read. An inference.yaml lists workloads; split a generated one.',
  'invalid-encoding': 'The file is not UTF-8 and is not read. Save it as UTF-8.',
  'empty-file': 'The file is empty: it needs `version: 1` and a `workloads:` list.',
  'multiple-documents':
    'Only the first YAML document of a file is read; remove the `---` and what follows, or move it to its own file.',
  'duplicate-key': 'A key appears twice in one mapping; only its first value is used. Remove the other.',
  'nesting-too-deep': 'The YAML nests deeper than an inference.yaml ever needs; the file is not read.',
  'alias-expansion-too-large': 'YAML aliases expand to too many values (an alias bomb?); the expansion is cut.',
  'alias-cycle': 'A YAML alias refers to a value that contains it; it is not expanded.',
  'invalid-value':
    'A value is out of range or of the wrong type; the item it is in is not priced. The message says what is allowed.',
  'unknown-key':
    'A key that inference.yaml does not have, likely a typo; it is ignored. The message suggests the closest known key.',
  'missing-field': 'A required field is missing; the item is not priced (or, for `version`, read as version 1).',
  'unsupported-version': 'This build reads `version: 1` files only; the file is not priced.',
  'unknown-model':
    "The model is not in the catalog or the file's `models:`; the workload is not priced. Fix the name or declare the model.",
  'unknown-offer':
    "The `provider:` names no offer of the catalog or the file's `offers:`; the workload is not priced. Fix the id (`inference-cost catalog` lists them) or declare the offer.",
  'unknown-gpu': 'A `seconds_per_image` entry names a GPU the catalog does not know; that measurement is not used.',
  'offer-without-price': 'An offer declared in the file has no price field; it cannot be priced.',
  'duplicate-name': 'Two workloads share a name; names must be unique (a diff matches workloads by name).',
  'verified-in-future': "An offer's `verified` date is in the future; its age cannot be judged.",
  'zero-volume': 'The volume is 0: only fixed monthly costs are counted.',
  'renamed-id': "A model or offer id is read as the catalog's current id; write that id to be explicit.",
  'no-provider':
    "The workload has no `provider:`: it is a planning question, priced over every offer that can serve its model, on the cheapest eligible one, and the file's total assumes that offer. Add `provider:` to choose (the quick fix writes the cheapest).",
  'placeholder-figure':
    'A volume or token figure carries the placeholder comment `inference-cost scan` writes where the code cannot tell it: the cost is for a made-up figure. Set it, or import a request log (`inference-cost usage import`).',
  'above-break-even':
    'Another eligible offer serves this workload for less, beyond both break-even thresholds (10 % and $50 a month by default). The message names the offer, the saving and the volume where the two cross; the quick fix switches `provider:`.',
  'batch-exceeds-vram':
    "The batch does not fit in the GPU's memory: it would fail in production. Use the batch size the message gives, or a larger GPU.",
  'model-not-served':
    'The chosen offer cannot run this model at all; the workload has no cost. Pick an offer that serves it (the quick fix lists the cheapest).',
  'latency-target-unmet':
    "The chosen offer misses the workload's latency target (cold starts, queueing or speed); the message says by how much.",
  'spot-on-latency-critical':
    'Spot GPUs are reclaimed with 30-60 s notice; requests in flight fail. Avoid spot for a latency target.',
  'spot-unavailable': '`spot: true` is set but the offer has no spot price; it is priced on demand.',
  'low-utilization':
    'Rented GPUs or replicas are busy under the threshold share of the hours paid, and a cheaper eligible offer exists.',
  'stale-price': 'The price was verified long ago (or never); check it at its source or override it under `offers:`.',
  'over-budget': "The monthly cost is over `budget_usd_per_month` (the workload's or the file's).",
  'marketplace-for-interactive':
    'Marketplace capacity (community hosts) serves interactive traffic; set `allow_marketplace: true` if that is a risk you take, or `serving: batch`.',
  'retired-offer': 'The provider withdrew this offer; the message gives the date and the replacement.',
  'unlisted-offer': "The provider's current price list does not have this offer: it is priced as named, never advised.",
  'quote-required': 'The offer has no public price; add your quote under `offers:`.',
  'file-plan':
    "The file's cheapest plan moves several workloads, each provider's engineering paid once; the message lists the moves and the saving.",
  'undeclared-model-use':
    "The code calls a model (an SDK call, a deployment) that no workload of the folder's inference.yaml declares, so its cost is not reviewed. Declare it (`inference-cost scan` drafts the workload), or exclude the path under `scan: { exclude: [...] }` in inference.yaml.",
  'measurement-on-other-gpu':
    "A plain `seconds_per_image` (or `tokens_per_second`) is a measurement on the chosen offer's GPU. The change switched to an offer on another GPU and kept the figure, so it is applied to a GPU it was not measured on. The message gives the figure scaled to the new GPU; key the measurement by its GPU (`{a100: 2.1}`) or measure again.",
  'cost-increase':
    'The monthly cost of this workload rises against the base of the comparison (inference-cost diff): the message gives before and after, what changed and which cost parts moved. It is an error where the total rises over the `--fail-on-increase` limit.',
};

export const HELP_URI = 'https://github.com/inference-cost-review/inference-cost/blob/main/docs/cost-model.md#findings';

export function ruleHelp(id: string): string {
  return RULE_HELP[id] ?? `See the findings table in docs/cost-model.md for \`${id}\`.`;
}
