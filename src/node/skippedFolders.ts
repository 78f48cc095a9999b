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
