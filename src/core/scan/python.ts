import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { evidenceOf, known, lineStartsOf, positionOf, receiverArgs, type CallSite, type Value } from './values';

/** What the SDK rules need from one Python file: its imports, its calls and its decorators. */
export interface PythonFile {
  imports: Set<string>;
  /** An imported name -> what it names (from litellm import completion: completion -> litellm.completion). */
  importedFrom: Map<string, string>;
  calls: CallSite[];
  /** `@app.function(gpu=...)` and the like: a decorator with arguments, and the strings of what it decorates. */
  decorators: { call: CallSite; bodyStrings: string[] }[];
  /** Module-level names bound to strings (MODEL_ID = "..."), for a deployment that names its model there. */
  constants: Map<string, string>;
}

const MAX_DEPTH = 8;

export function readPython(text: string): PythonFile {
  const tree = parser.parse(text);
  const reader = new PythonReader(text);
  reader.collect(tree.topNode);
  return reader.file(tree.topNode);
}

interface Receiver {
  className: string;
  args: ReadonlyMap<string, Value>;
}

class PythonReader {
  private readonly symbols = new Map<string, SyntaxNode>();
  private readonly moduleSymbols = new Set<string>();
  private readonly receivers = new Map<string, Receiver>();
  private readonly imports = new Set<string>();
  private readonly importedFrom = new Map<string, string>();
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** First pass: imports, names bound to values (module level first), parameter defaults and client objects. */
  collect(top: SyntaxNode): void {
    const cursor = top.cursor();
    do {
      const node = cursor.node;
      if (cursor.name === 'ImportStatement') this.readImport(node);
      else if (cursor.name === 'AssignStatement') this.readAssign(node);
      else if (cursor.name === 'ParamList') this.readDefaults(node);
    } while (cursor.next());
  }

  /** import a.b as c: c -> a.b; from a.b import c as d: d -> a.b.c (a call through d is a call of a.b.c). */
  private readImport(node: SyntaxNode): void {
    const isFrom = node.firstChild?.name === 'from';
    const module: string[] = [];
    let c = node.firstChild?.nextSibling ?? null;
    for (; c && (c.name === 'VariableName' || c.name === '.'); c = c.nextSibling)
      if (c.name === 'VariableName') module.push(this.src(c));
    const moduleName = module.join('.');
    if (moduleName) this.imports.add(moduleName);
    if (!isFrom) {
      if (c?.name === 'as' && c.nextSibling?.name === 'VariableName')
        this.importedFrom.set(this.src(c.nextSibling), moduleName);
      return;
    }
    let previous: string | undefined;
    for (; c; c = c.nextSibling) {
      if (c.name !== 'VariableName') continue;
      const name = this.src(c);
      if (c.prevSibling?.name === 'as' && previous) this.importedFrom.set(name, `${moduleName}.${previous}`);
      else {
        this.importedFrom.set(name, `${moduleName}.${name}`);
        previous = name;
      }
    }
  }

  private readAssign(node: SyntaxNode): void {
    const target = node.firstChild;
    const value = node.lastChild;
    if (!target || !value || value.from === target.from) return;
    const name =
      target.name === 'VariableName'
        ? this.src(target)
        : target.name === 'MemberExpression'
          ? target.lastChild && target.lastChild.name === 'PropertyName'
            ? this.src(target.lastChild)
            : undefined
          : undefined;
    if (!name) return;
    const atModule = node.parent?.name === 'Script';
    if (atModule) {
      this.symbols.set(name, value);
      this.moduleSymbols.add(name);
    } else if (!this.moduleSymbols.has(name) && !this.symbols.has(name)) this.symbols.set(name, value);
    if (value.name === 'CallExpression') {
      const callee = this.calleePath(value.firstChild!);
      const className = callee[callee.length - 1];
      if (className && /^[A-Z]/.test(className))
        this.receivers.set(name, { className, args: receiverArgs(this.argsOf(value.getChild('ArgList'))) });
    }
  }

  /** def f(model="x"): the default counts as the value of `model` where nothing nearer binds it. */
  private readDefaults(node: SyntaxNode): void {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'AssignOp') continue;
      let nameNode = c.prevSibling;
      if (nameNode?.name === 'TypeDef') nameNode = nameNode.prevSibling;
      const value = c.nextSibling;
      if (nameNode?.name === 'VariableName' && value && !this.symbols.has(this.src(nameNode)))
        this.symbols.set(this.src(nameNode), value);
    }
  }

  file(top: SyntaxNode): PythonFile {
    const calls: CallSite[] = [];
    const decorators: PythonFile['decorators'] = [];
    const cursor = top.cursor();
    do {
      if (cursor.name === 'CallExpression') {
        const call = this.callSite(cursor.node);
        if (call) calls.push(call);
      } else if (cursor.name === 'Decorator') {
        const call = this.decoratorSite(cursor.node);
        if (call) decorators.push({ call, bodyStrings: this.stringsIn(cursor.node.parent?.lastChild ?? null) });
      }
    } while (cursor.next());
    const constants = new Map<string, string>();
    for (const name of this.moduleSymbols) {
      const value = this.evaluate(this.symbols.get(name)!, 0);
      if (value.kind === 'string') constants.set(name, value.value);
    }
    return { imports: this.imports, importedFrom: this.importedFrom, calls, decorators, constants };
  }

  private callSite(node: SyntaxNode): CallSite | undefined {
    const calleeNode = node.firstChild;
    if (!calleeNode) return undefined;
    const callee = this.calleePath(calleeNode);
    if (callee.length === 0) return undefined;
    const { positional, keywords } = this.argsOf(node.getChild('ArgList'));
    return { ...this.site(node, callee, positional, keywords) };
  }

  private decoratorSite(node: SyntaxNode): CallSite | undefined {
    const names: string[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling)
      if (c.name === 'VariableName' || c.name === 'PropertyName') names.push(this.src(c));
    const argList = node.getChild('ArgList');
    if (!argList || names.length === 0) return undefined;
    const { positional, keywords } = this.argsOf(argList);
    return this.site(node, names, positional, keywords);
  }

  private site(node: SyntaxNode, callee: string[], positional: Value[], keywords: Map<string, Value>): CallSite {
    const receiver = this.receiverOf(callee);
    const { line, column } = positionOf(this.lineStarts, node.from);
    return {
      callee,
      ...(receiver ? { receiverClass: receiver.className, receiverArgs: receiver.args } : {}),
      positional,
      keywords,
      isNew: false,
      line,
      column,
      end: positionOf(this.lineStarts, node.to),
      evidence: evidenceOf(this.text.slice(node.from, Math.min(node.to, node.from + 400))),
    };
  }

  /** client.images.generate -> the client's class; self.client.x -> the class `client` was made from anywhere. */
  private receiverOf(callee: string[]): Receiver | undefined {
    const first = callee[0] === 'self' || callee[0] === 'cls' ? callee[1] : callee[0];
    return first === undefined ? undefined : this.receivers.get(first);
  }

  /** a.b.c() -> [a, b, c]; a().b() -> [a, b] (a call in the chain keeps its name); anything else stops the path. */
  private calleePath(node: SyntaxNode): string[] {
    if (node.name === 'VariableName') {
      const name = this.src(node);
      const from = this.importedFrom.get(name);
      // from litellm import completion: completion() is litellm.completion().
      return from ? from.split('.') : [name];
    }
    if (node.name === 'MemberExpression') {
      const property = node.lastChild;
      const object = node.firstChild;
      if (!object || property?.name !== 'PropertyName') return [];
      const head = this.calleePath(object);
      return head.length ? [...head, this.src(property)] : [];
    }
    if (node.name === 'CallExpression' && node.firstChild) return this.calleePath(node.firstChild);
    return [];
  }

  private argsOf(argList: SyntaxNode | null): { positional: Value[]; keywords: Map<string, Value> } {
    const positional: Value[] = [];
    const keywords = new Map<string, Value>();
    if (!argList) return { positional, keywords };
    let group: SyntaxNode[] = [];
    const flush = () => {
      if (group.length === 3 && group[0]!.name === 'VariableName' && group[1]!.name === 'AssignOp')
        keywords.set(this.src(group[0]!), this.evaluate(group[2]!, 0));
      else if (group.length === 1) positional.push(this.evaluate(group[0]!, 0));
      group = [];
    };
    for (let c = argList.firstChild; c; c = c.nextSibling) {
      if (c.name === '(' || c.name === ')') continue;
      if (c.name === ',') flush();
      else group.push(c);
    }
    flush();
    return { positional, keywords };
  }

  /** A Python expression as a value, following names to what they are bound to. */
  evaluate(node: SyntaxNode, depth: number): Value {
    const dynamic: Value = { kind: 'dynamic', text: this.src(node).slice(0, 200) };
    if (depth > MAX_DEPTH) return dynamic;
    switch (node.name) {
      case 'String':
      case 'FormatString':
        return this.stringValue(node, depth) ?? dynamic;
      case 'ContinuedString': {
        const parts = node.getChildren('String').map((s) => this.stringValue(s));
        return parts.every((p): p is Value & { kind: 'string' } => p?.kind === 'string')
          ? { kind: 'string', value: parts.map((p) => p.value).join('') }
          : dynamic;
      }
      case 'Number': {
        const n = Number(this.src(node).replace(/_/g, ''));
        return Number.isFinite(n) ? { kind: 'number', value: n } : dynamic;
      }
      case 'Boolean':
        return { kind: 'boolean', value: this.src(node) === 'True' };
      case 'ParenthesizedExpression':
        return node.firstChild?.nextSibling ? this.evaluate(node.firstChild.nextSibling, depth) : dynamic;
      case 'VariableName': {
        const bound = this.symbols.get(this.src(node));
        return bound && bound.from !== node.from ? known(this.evaluate(bound, depth + 1), dynamic) : dynamic;
      }
      case 'MemberExpression': {
        // settings.MODEL, self.model, Config.MODEL: the attribute's own binding, wherever the file makes it.
        const last = node.lastChild;
        if (last?.name !== 'PropertyName') return dynamic;
        const bound = this.symbols.get(this.src(last));
        return bound ? known(this.evaluate(bound, depth + 1), dynamic) : dynamic;
      }
      case 'BinaryExpression':
        return this.binary(node, depth) ?? dynamic;
      case 'CallExpression':
        return this.callValue(node, depth) ?? dynamic;
      case 'DictionaryExpression':
        return this.dictionary(node, depth);
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items: Value[] = [];
        for (let c = node.firstChild; c; c = c.nextSibling)
          if (!['[', ']', '(', ')', ','].includes(c.name)) items.push(this.evaluate(c, depth + 1));
        return { kind: 'list', items };
      }
      default:
        return dynamic;
    }
  }

  private stringValue(node: SyntaxNode, depth = 0): Value | undefined {
    const raw = node.firstChild ? this.formatted(node, depth) : this.src(node);
    if (raw === undefined) return undefined;
    const match = /^([a-zA-Z]*)("""|'''|"|')([\s\S]*)\2$/.exec(raw);
    if (!match) return undefined;
    if (/f/i.test(match[1]!) && !node.firstChild && match[3]!.includes('{')) return undefined;
    return { kind: 'string', value: match[3]! };
  }

  /** f"vllm serve {MODEL} --tp {TP}": the text with each replacement's value, where every one is known. */
  private formatted(node: SyntaxNode, depth: number): string | undefined {
    let out = '';
    let at = node.from;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'FormatReplacement') continue;
      const inner = c.firstChild?.nextSibling;
      const value = inner && inner.name !== '}' ? this.evaluate(inner, depth + 1) : undefined;
      if (value?.kind !== 'string' && value?.kind !== 'number') return undefined;
      out += this.text.slice(at, c.from) + String(value.value);
      at = c.to;
    }
    return out + this.text.slice(at, node.to);
  }

  /** `x or "default"`: the default where the left side is only known at run time. */
  private binary(node: SyntaxNode, depth: number): Value | undefined {
    const operator = node.firstChild?.nextSibling;
    if (operator?.name !== 'or' || !node.firstChild || !node.lastChild) return undefined;
    const left = this.evaluate(node.firstChild, depth + 1);
    return left.kind === 'dynamic' ? this.evaluate(node.lastChild, depth + 1) : left;
  }

  /** os.getenv("X", "d") and os.environ.get("X", "d") give their default; Foo(a=1) gives its keywords as an object. */
  private callValue(node: SyntaxNode, depth: number): Value | undefined {
    const callee = this.calleePath(node.firstChild!);
    const last = callee[callee.length - 1];
    const args = this.argsOfAt(node.getChild('ArgList'), depth);
    const isEnv = last === 'getenv' || (last === 'get' && callee[callee.length - 2] === 'environ');
    if (isEnv) {
      const fallback = args.positional[1] ?? args.keywords.get('default');
      const name = args.positional[0]?.kind === 'string' ? args.positional[0].value : '?';
      return fallback && fallback.kind !== 'dynamic' ? fallback : { kind: 'dynamic', text: `env ${name}` };
    }
    if ((last === 'str' || last === 'int' || last === 'float') && args.positional[0]) return args.positional[0];
    if (args.keywords.size > 0 && args.positional.length === 0) return { kind: 'object', entries: args.keywords };
    return undefined;
  }

  private argsOfAt(argList: SyntaxNode | null, depth: number): ReturnType<PythonReader['argsOf']> {
    return depth > MAX_DEPTH ? { positional: [], keywords: new Map() } : this.argsOf(argList);
  }

  private dictionary(node: SyntaxNode, depth: number): Value {
    const entries = new Map<string, Value>();
    const items: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) if (!['{', '}', ',', ':'].includes(c.name)) items.push(c);
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = this.evaluate(items[i]!, depth + 1);
      if (key.kind === 'string') entries.set(key.value, this.evaluate(items[i + 1]!, depth + 1));
    }
    return { kind: 'object', entries };
  }

  /** Every string literal under a node (a decorated function's body: `vllm serve <model>` in a command). */
  private stringsIn(node: SyntaxNode | null): string[] {
    if (!node) return [];
    const found: string[] = [];
    const cursor = node.cursor();
    const end = node.to;
    do {
      if (cursor.from >= end) break;
      if (cursor.name === 'String' || cursor.name === 'FormatString' || cursor.name === 'VariableName') {
        const value = this.evaluate(cursor.node, 0);
        if (value.kind === 'string') found.push(value.value);
      }
    } while (cursor.next());
    return found;
  }
}
