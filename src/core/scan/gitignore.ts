/**
 * A .gitignore reader (gitignore(5)): comments, negation with !, a trailing / for directories only, a pattern with a
 * slash anchored to the file's folder, *, ?, [a-z], and ** for any depth. Last matching line wins; a folder's own
 * .gitignore is asked before its parents'. A file under an ignored folder is never reached: the walker stops there.
 */
export interface IgnoreRules {
  /** The folder the file is in, relative to the scanned root ('' for the root), forward slashes. */
  base: string;
  /** true: ignored, false: re-included by a ! line, undefined: no line speaks of it. */
  ignores(path: string, isDirectory: boolean): boolean | undefined;
}

interface Rule {
  regex: RegExp;
  negate: boolean;
  directoryOnly: boolean;
  /** No slash in the pattern: it matches a name at any depth. */
  basenameOnly: boolean;
}

export function parseGitignore(text: string, base = ''): IgnoreRules {
  const rules: Rule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const rule = parseLine(rawLine);
    if (rule) rules.push(rule);
  }
  return {
    base,
    ignores(path: string, isDirectory: boolean): boolean | undefined {
      const relative = base === '' ? path : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
      if (relative === undefined || relative === '') return undefined;
      const name = relative.slice(relative.lastIndexOf('/') + 1);
      for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i]!;
        if (rule.directoryOnly && !isDirectory) continue;
        if (rule.regex.test(rule.basenameOnly ? name : relative)) return !rule.negate;
      }
      return undefined;
    },
  };
}

function parseLine(rawLine: string): Rule | undefined {
  // Trailing spaces go unless escaped with a backslash.
  let line = rawLine.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  let directoryOnly = false;
  if (line.endsWith('/')) {
    directoryOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  const basenameOnly = !line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  return { regex: new RegExp(`^${globToRegex(line)}$`), negate, directoryOnly, basenameOnly };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length;
      const beforeSlash = glob[i + 2] === '/';
      if (atStart && beforeSlash) {
        // **/ : zero or more folders.
        out += '(?:.*/)?';
        i += 2;
      } else if (atStart && atEnd) {
        // /** at the end: everything inside.
        out += '.*';
        i += 1;
      } else {
        out += '[^/]*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 1;
    } else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
