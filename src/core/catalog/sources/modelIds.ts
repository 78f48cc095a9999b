import aliasData from '../data/modelAliases.json';
import imageAliasData from '../data/imageModelAliases.json';

const SLUG = /^[a-z0-9][a-z0-9._-]*$/;

let explicit: Map<string, string> | undefined;

/** Hosts' spellings of the text and image models we know, lower case -> canonical id. */
export function explicitAliases(): ReadonlyMap<string, string> {
  explicit ??= new Map(
    [aliasData.aliases, imageAliasData.aliases].flatMap((table) =>
      Object.entries(table as Record<string, string[]>).flatMap(([canonical, spellings]) =>
        spellings.map((s) => [s.toLowerCase(), canonical] as const),
      ),
    ),
  );
  return explicit;
}

/** Bedrock's cross-region inference prefix of a model id (`us.`, `global.`, ...). */
export const BEDROCK_REGION = /^(us|eu|apac|global|us-gov|jp|au|ca)\./;

/**
 * Our id for a model as a provider's API spells it: the alias table first, else the vendor's name lower-cased with
 * the host's decorations taken off (a path, Bedrock's region and vendor prefix, a version suffix), and Anthropic's
 * version digits joined by a dot (claude-sonnet-4-5 -> claude-sonnet-4.5). Undefined where no valid id remains.
 */
export function canonicalModelId(apiId: string, bedrock = false): string | undefined {
  const lower = apiId.toLowerCase();
  const known = explicitAliases().get(lower);
  if (known) return known;
  let id = lower.slice(lower.lastIndexOf('/') + 1);
  // Bedrock spells models <region>.<vendor>.<model>-v1:0.
  if (bedrock) id = id.replace(BEDROCK_REGION, '').replace(/^[a-z0-9-]+\.(?=[a-z])/, '');
  id = id.replace(/-v\d+:\d+$/, '').replace(/:\d+$/, '');
  if (id.startsWith('claude-')) id = id.replace(/-latest$/, '').replace(/(?<=\d)-(?=\d(?:-|$))/g, '.');
  return SLUG.test(id) && id.length <= 64 ? id : undefined;
}
