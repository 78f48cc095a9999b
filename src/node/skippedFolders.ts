/**
 * Folders the scanner never reads: dependencies, virtual environments, build outputs, caches and version control.
 * A module of its own: `check` walks a folder with it before it loads the scanner (src/cli/drift.ts).
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.venv',
  'venv',
  'dist',
  'build',
  'out',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.next',
  '.nuxt',
  '.turbo',
  '.cache',
  'site-packages',
  'bower_components',
  '.terraform',
]);

/** Test code: a test's model calls are not production traffic (a mocked call, a smoke test). */
const TEST_FOLDERS: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', 'spec', 'e2e']);
const TEST_FILE = /^(test_.*\.py|.*_test\.py|conftest\.py|.*\.(test|spec)\.[cm]?[jt]sx?)$/;

/** Whether a folder or file (by name) holds tests, which the scanner leaves out. */
export function isTestCode(name: string, isFolder: boolean): boolean {
  return isFolder ? TEST_FOLDERS.has(name) : TEST_FILE.test(name);
}
