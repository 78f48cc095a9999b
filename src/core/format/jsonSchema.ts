import { toJSONSchema } from 'zod';
import { fileSchema } from './schema';

/** The JSON schema contributed to the YAML extension: generated at build time, checked against schemas/ by a test. */
export function fileJsonSchema(): Record<string, unknown> {
  const schema = toJSONSchema(fileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: 'https://inference-cost-review.dev/schemas/inference.schema.json', title: 'inference.yaml' };
}
