import type { JsDialect } from './javascript';

/**
 * The extensions the scanner reads, and how. A module of its own: `check` asks whether a folder has any such file
 * before it loads the scanner and its parsers (src/cli/drift.ts).
 */
export const LANGUAGES: Record<string, 'python' | JsDialect | 'yaml'> = {
  py: 'python',
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'tsx',
  yaml: 'yaml',
  yml: 'yaml',
};

export const SCANNED_EXTENSIONS: readonly string[] = Object.keys(LANGUAGES);

export function languageOf(path: string): (typeof LANGUAGES)[string] | undefined {
  if (/\.d\.[mc]?ts$/.test(path)) return undefined;
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : LANGUAGES[path.slice(dot + 1).toLowerCase()];
}
