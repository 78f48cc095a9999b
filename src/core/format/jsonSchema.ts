import { toJSONSchema } from 'zod';
import { builtinCatalog } from '../catalog/builtin';
import type { Catalog } from '../catalog/types';
import { trafficKinds } from '../engine/traffic';
import { FIELD_EXAMPLES, fileSchema } from './schema';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/**
 * The JSON schema contributed to the YAML extension: the zod schema's shape, with what completes well added from
 * the built-in catalog (model and offer ids with what they are) and an example for every field. Generated at build
 * time and checked against schemas/ by a test.
 */
export function fileJsonSchema(catalog: Catalog = builtinCatalog()): Record<string, unknown> {
  const schema = toJSONSchema(fileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const props = schema.properties!;
  withExamples(props, FIELD_EXAMPLES.file);
  withExamples(props.team!.properties!, FIELD_EXAMPLES.team);
  withExamples(props.offers!.items!.properties!, FIELD_EXAMPLES.offer);
  withExamples(props.models!.items!.properties!, FIELD_EXAMPLES.model);
  const workload = props.workloads!.items!.properties!;
  withExamples(workload, FIELD_EXAMPLES.workload);
  const models = [...catalog.models.values()];
  workload.model = {
    ...workload.model,
    anyOf: [
      { enum: models.map((m) => m.id), enumDescriptions: models.map((m) => m.name) },
      { type: 'string', description: "A model declared under models: in this file, or a provider's spelling of one." },
    ],
  };
  const offers = [...catalog.offers.values()].filter((o) => !o.retired);
  workload.provider = {
    ...workload.provider,
    anyOf: [
      {
        enum: offers.map((o) => o.id),
        enumDescriptions: offers.map((o) => `${o.billing}${o.gpu ? ` on ${o.gpu}` : ''}: ${o.source}`),
      },
      { type: 'string', description: 'An offer declared under offers: in this file.' },
    ],
  };
  // A text model counts requests and tokens, an image model images: the editor asks for the right fields.
  const textIds = models.filter((m) => m.kind === 'text').map((m) => m.id);
  props.workloads!.items!.allOf = [
    {
      if: { properties: { model: { enum: textIds } }, required: ['model'] },
      then: { required: ['requests', 'input_tokens', 'output_tokens'] },
      else: { required: ['volume'] },
    },
  ];
  const words = workload.traffic!.anyOf![0]!;
  const kinds = trafficKinds(catalog.assumptions);
  words.enumDescriptions = (words.enum as string[]).map((w) => kinds[w] ?? w);
  return { ...schema, $id: 'https://inference-cost-review.dev/schemas/inference.schema.json', title: 'inference.yaml' };
}

function withExamples(properties: Record<string, JsonSchema>, examples: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(examples)) if (properties[field]) properties[field].examples = [value];
}
