import type * as ChildProcess from 'node:child_process';
import { sep } from 'node:path';
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

  /** The ref has a file or folder at this path. */
  has(ref: string, pathFromRoot: string): boolean {
    return tryGit(this.root, ['cat-file', '-e', `${ref}:${pathFromRoot}`]) !== undefined;
  }

  /**
   * Many files' texts at a ref in one git process (cat-file --batch): a diff of 50 files is one call, not 100.
   * undefined where the ref has no such file.
   */
  showAll(ref: string, pathsFromRoot: readonly string[]): Map<string, string | undefined> {
    const texts = new Map<string, string | undefined>();
    if (pathsFromRoot.length === 0) return texts;
    const out = childProcess().execFileSync('git', ['cat-file', '--batch'], {
      cwd: this.root,
      input: pathsFromRoot.map((p) => `${ref}:${p.split(sep).join('/')}\n`).join(''),
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 1024 * 1024 * 1024,
    });
    let at = 0;
    for (const path of pathsFromRoot) {
      const end = out.indexOf(10, at);
      const header = out.subarray(at, end).toString('utf8');
      at = end + 1;
      // "<sha> blob <size>", or "<name> missing" (also for a folder: "<sha> tree <size>" is not a file).
      const [, type, size] = header.split(' ');
      if (type === 'missing' || size === undefined) {
        texts.set(path, undefined);
        continue;
      }
      const bytes = Number(size);
      texts.set(path, type === 'blob' ? out.subarray(at, at + bytes).toString('utf8') : undefined);
      at += bytes + 1;
    }
    return texts;
  }

  /** Every inference.yaml at a ref under a folder (relative to the root). */
  filesAt(ref: string, dirFromRoot: string): string[] {
    const out = git(this.root, ['ls-tree', '-r', '--name-only', ref, '--', dirFromRoot === '' ? '.' : dirFromRoot]);
    return out.split('\n').filter((p) => /(^|\/)inference\.yaml$/.test(p));
  }

  /** The commit a ref names, for the JSON: a branch moves, the commit compared with does not. */
  commitOf(ref: string): string | undefined {
    return tryGit(this.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])?.trim() || undefined;
  }

  /** Which of these paths (from the root) the repository ignores (.gitignore, info/exclude): they are not priced. */
  ignored(pathsFromRoot: readonly string[]): Set<string> {
    if (pathsFromRoot.length === 0) return new Set();
    // Exit 1 means none is ignored; tracked files are never reported (git check-ignore without --no-index).
    const out = tryGit(this.root, ['check-ignore', '-z', '--stdin'], pathsFromRoot.join('\0')) ?? '';
    return new Set(out.split('\0').filter(Boolean));
  }

  private isCommit(ref: string): boolean {
    return tryGit(this.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined;
  }
}

function git(cwd: string, args: string[], input?: string): string {
  return childProcess().execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input, stdio: ['pipe', 'pipe', 'pipe'] }),
    maxBuffer: 64 * 1024 * 1024,
  });
}

function tryGit(cwd: string, args: string[], input?: string): string | undefined {
  try {
    return git(cwd, args, input);
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
