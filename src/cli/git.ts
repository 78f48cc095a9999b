import type * as ChildProcess from 'node:child_process';
import { InputError } from './files';

/** A thin, synchronous view of the repository the CLI runs in. */
export class Git {
  private constructor(readonly root: string) {}

  /** The repository's top folder, or undefined outside a repository. */
  static topLevel(cwd: string): string | undefined {
    return tryGit(cwd, ['rev-parse', '--show-toplevel'])?.trim() || undefined;
  }

  static open(cwd: string): Git {
    const root = tryGit(cwd, ['rev-parse', '--show-toplevel'])?.trim();
    if (!root) throw new InputError(`not inside a git repository: ${cwd} (diff compares against a git ref)`);
    return new Git(root);
  }

  /** The given ref, or the upstream of the current branch, else main. */
  resolveBase(given: string | undefined): string {
    if (given !== undefined) {
      if (!this.isCommit(given)) throw new InputError(`--base ${given} is not a commit in this repository`);
      return given;
    }
    const upstream = tryGit(this.root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'])?.trim();
    for (const candidate of [upstream, 'main', 'origin/main'])
      if (candidate && this.isCommit(candidate)) return candidate;
    throw new InputError(
      'no base to compare with: this branch has no upstream and there is no main branch; pass --base <ref>',
    );
  }

  /** The file's text at a ref, or undefined where the ref has no such file. */
  show(ref: string, pathFromRoot: string): string | undefined {
    if (tryGit(this.root, ['cat-file', '-e', `${ref}:${pathFromRoot}`]) === undefined) return undefined;
    return git(this.root, ['show', `${ref}:${pathFromRoot}`]);
  }

  /** Every inference.yaml at a ref under a folder (relative to the root). */
  filesAt(ref: string, dirFromRoot: string): string[] {
    const out = git(this.root, ['ls-tree', '-r', '--name-only', ref, '--', dirFromRoot === '' ? '.' : dirFromRoot]);
    return out.split('\n').filter((p) => /(^|\/)inference\.yaml$/.test(p));
  }

  private isCommit(ref: string): boolean {
    return tryGit(this.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined;
  }
}

function git(cwd: string, args: string[]): string {
  return childProcess().execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

let loaded: typeof ChildProcess | undefined;

/** Loaded on first use: only `diff` runs git, and loading child_process costs every `check` a few milliseconds. */
function childProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load it on every start
  return (loaded ??= require('node:child_process') as typeof ChildProcess);
}
