import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/javascript';
import { evidenceOf, known, lineStartsOf, positionOf, receiverArgs, type CallSite, type Value } from './values';

export type JsDialect = 'js' | 'jsx' | 'ts' | 'tsx';

/** What the SDK rules need from one JavaScript or TypeScript file: its imports and its calls. */
export interface JavaScriptFile {
  imports: Set<string>;
  /** An imported name -> its module (import { fal } from '@fal-ai/client': fal -> @fal-ai/client). */
  importedFrom: Map<string, string>;
  calls: CallSite[];
}

const MAX_DEPTH = 8;
const parsers = new Map<JsDialect, typeof parser>();

function parserFor(dialect: JsDialect): typeof parser {
  let found = parsers.get(dialect);
  if (!found) {
    const dialects = { js: '', jsx: 'jsx', ts: 'ts', tsx: 'ts jsx' } as const;
    found = parser.configure({ dialect: dialects[dialect] });
    parsers.set(dialect, found);
  }
  return found;
}

export function readJavaScript(text: string, dialect: JsDialect): JavaScriptFile {
  const tree = parserFor(dialect).parse(text);
  const reader = new JavaScriptReader(text);
  reader.collect(tree.topNode);
  return reader.file(tree.topNode);
}

interface Receiver {
  className: string;
  args: ReadonlyMap<string, Value>;
}

class JavaScriptReader {
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

  collect(top: SyntaxNode): void {
    const cursor = top.cursor();
    do {
      const node = cursor.node;
      switch (cursor.name) {
        case 'ImportDeclaration':
          this.readImport(node);
          break;
        case 'VariableDeclaration':
          this.readDeclaration(node);
          break;
        case 'AssignmentExpression':
          this.readAssignment(node);
          break;
        case 'ParamList':
        case 'ObjectPattern':
          this.readDefaults(node);
          break;
        case 'CallExpression':
          this.readRequire(node);
          break;
      }
    } while (cursor.next());
  }

  private readImport(node: SyntaxNode): void {
    const moduleNode = node.getChild('String');
    if (!moduleNode) return;
    const module = unquote(this.src(moduleNode));
    this.imports.add(module);
    const cursor = node.cursor();
    const end = node.to;
    while (cursor.next() && cursor.from < end)
      if (cursor.name === 'VariableDefinition') this.importedFrom.set(this.src(cursor.node), module);
  }

  /** const x = require('openai'): the module counts as imported, x as from it. */
  private readRequire(node: SyntaxNode): void {
    const callee = node.firstChild;
    if (callee?.name !== 'VariableName' || this.src(callee) !== 'require') return;
    const arg = node.getChild('ArgList')?.getChild('String');
    if (!arg) return;
    const module = unquote(this.src(arg));
    this.imports.add(module);
    const declaration = node.parent;
    const name = declaration?.name === 'VariableDeclaration' ? declaration.getChild('VariableDefinition') : null;
    if (name) this.importedFrom.set(this.src(name), module);
  }

  private readDeclaration(node: SyntaxNode): void {
    const atModule = node.parent?.name === 'Script' || node.parent?.parent?.name === 'Script';
    // const a = 1, b = 2: each VariableDefinition with the value after its `=`.
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'VariableDefinition') continue;
      let value = c.nextSibling;
      if (value?.name === 'TypeAnnotation') value = value.nextSibling;
      if (value?.name !== 'Equals' || !value.nextSibling) continue;
      this.bind(this.src(c), value.nextSibling, atModule);
    }
  }

  /** this.client = new OpenAI(): `client` is an OpenAI client wherever the class uses it. */
  private readAssignment(node: SyntaxNode): void {
    const target = node.firstChild;
    const value = node.lastChild;
    if (!target || !value || target.from === value.from) return;
    const name =
      target.name === 'VariableName'
        ? this.src(target)
        : target.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName'
          ? this.src(target.lastChild)
          : undefined;
    if (name) this.bind(name, value, false);
  }

  private bind(name: string, value: SyntaxNode, atModule: boolean): void {
    if (atModule) {
      this.symbols.set(name, value);
      this.moduleSymbols.add(name);
    } else if (!this.symbols.has(name)) this.symbols.set(name, value);
    const made = unwrap(value);
    if (made.name === 'NewExpression' || made.name === 'CallExpression') {
      const calleeNode = made.name === 'NewExpression' ? made.firstChild?.nextSibling : made.firstChild;
      const callee = calleeNode ? this.calleePath(calleeNode) : [];
      const className = callee[callee.length - 1];
      if (className && /^[A-Z]/.test(className))
        this.receivers.set(name, { className, args: receiverArgs(this.argsOf(made.getChild('ArgList'), 0)) });
    }
  }

  /** function f(model = "x") and ({ size = "1024x1024" }) => ...: the default binds the name. */
  private readDefaults(node: SyntaxNode): void {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const holder = c.name === 'PatternProperty' ? c : node;
      const nameNode = c.name === 'PatternProperty' ? c.getChild('VariableDefinition') : c;
      if (nameNode?.name !== 'VariableDefinition') continue;
      const equals = holder === node ? c.nextSibling : holder.getChild('Equals');
      if (equals?.name === 'Equals' && equals.nextSibling && !this.symbols.has(this.src(nameNode)))
        this.symbols.set(this.src(nameNode), equals.nextSibling);
    }
  }

  file(top: SyntaxNode): JavaScriptFile {
    const calls: CallSite[] = [];
    const cursor = top.cursor();
    do {
      if (cursor.name === 'CallExpression' || cursor.name === 'NewExpression') {
        const call = this.callSite(cursor.node, cursor.name === 'NewExpression');
        if (call) calls.push(call);
      }
    } while (cursor.next());
    return { imports: this.imports, importedFrom: this.importedFrom, calls };
  }

  private callSite(node: SyntaxNode, isNew: boolean): CallSite | undefined {
    const calleeNode = isNew ? node.firstChild?.nextSibling : node.firstChild;
    if (!calleeNode) return undefined;
    const callee = this.calleePath(calleeNode);
    if (callee.length === 0) return undefined;
    const { positional, keywords } = this.argsOf(node.getChild('ArgList'), 0);
    const first = callee[0] === 'this' ? callee[1] : callee[0];
    const receiver = first === undefined ? undefined : this.receivers.get(first);
    const { line, column } = positionOf(this.lineStarts, node.from);
    return {
      callee,
      ...(receiver ? { receiverClass: receiver.className, receiverArgs: receiver.args } : {}),
      positional,
      keywords,
      isNew,
      line,
      column,
      end: positionOf(this.lineStarts, node.to),
      evidence: evidenceOf(this.text.slice(node.from, Math.min(node.to, node.from + 400))),
    };
  }

  private calleePath(node: SyntaxNode): string[] {
    switch (node.name) {
      case 'VariableName':
        return [this.src(node)];
      case 'this':
        return ['this'];
      case 'MemberExpression': {
        const object = node.firstChild;
        const property = node.lastChild;
        if (!object || property?.name !== 'PropertyName') return [];
        const head = this.calleePath(object);
        return head.length ? [...head, this.src(property)] : [];
      }
      case 'CallExpression':
      case 'AwaitExpression':
      case 'ParenthesizedExpression':
        return node.firstChild ? this.calleePath(node.name === 'CallExpression' ? node.firstChild : unwrap(node)) : [];
      default:
        return [];
    }
  }

  private argsOf(argList: SyntaxNode | null, depth: number): { positional: Value[]; keywords: Map<string, Value> } {
    const positional: Value[] = [];
    let keywords = new Map<string, Value>();
    if (!argList || depth > MAX_DEPTH) return { positional, keywords };
    for (let c = argList.firstChild; c; c = c.nextSibling) {
      if (c.name === '(' || c.name === ')' || c.name === ',' || c.name === 'Spread') continue;
      const value = this.evaluate(c, depth);
      positional.push(value);
      if (positional.length === 1 && value.kind === 'object') keywords = new Map(value.entries);
    }
    return { positional, keywords };
  }

  evaluate(node: SyntaxNode, depth: number): Value {
    const dynamic: Value = { kind: 'dynamic', text: this.src(node).slice(0, 200) };
    if (depth > MAX_DEPTH) return dynamic;
    switch (node.name) {
      case 'String':
        return { kind: 'string', value: unquote(this.src(node)) };
      case 'TemplateString':
        // A template with ${...} is only known at run time.
        return node.firstChild ? dynamic : { kind: 'string', value: this.src(node).slice(1, -1) };
      case 'Number': {
        const n = Number(this.src(node).replace(/_/g, ''));
        return Number.isFinite(n) ? { kind: 'number', value: n } : dynamic;
      }
      case 'BooleanLiteral':
        return { kind: 'boolean', value: this.src(node) === 'true' };
      case 'ParenthesizedExpression':
      case 'AwaitExpression':
      case 'NonNullExpression':
        return unwrap(node) === node ? dynamic : this.evaluate(unwrap(node), depth);
      case 'VariableName': {
        const bound = this.symbols.get(this.src(node));
        return bound && bound.from !== node.from ? known(this.evaluate(bound, depth + 1), dynamic) : dynamic;
      }
      case 'MemberExpression':
        return known(this.member(node, depth) ?? dynamic, dynamic);
      case 'BinaryExpression':
        return this.binary(node, depth) ?? dynamic;
      case 'ObjectExpression':
        return this.object(node, depth);
      case 'ArrayExpression': {
        const items: Value[] = [];
        for (let c = node.firstChild; c; c = c.nextSibling)
          if (!['[', ']', ',', 'Spread'].includes(c.name)) items.push(this.evaluate(c, depth + 1));
        return { kind: 'list', items };
      }
      default:
        return dynamic;
    }
  }

  /** CONFIG.model follows CONFIG; process.env.X is known only at run time. */
  private member(node: SyntaxNode, depth: number): Value | undefined {
    const object = node.firstChild;
    const property = node.lastChild;
    if (!object || property?.name !== 'PropertyName') return undefined;
    const base = this.evaluate(object, depth + 1);
    if (base.kind === 'object') return base.entries.get(this.src(property));
    // this.model, settings.model: the property's own binding, where the file makes one.
    const bound = this.symbols.get(this.src(property));
    return bound && /^(this|self|config|settings|cfg|options|opts)$/i.test(this.src(object))
      ? this.evaluate(bound, depth + 1)
      : undefined;
  }

  /** `process.env.X ?? 'd'`, `|| 'd'`: the default where the left is only known at run time; `x as const`. */
  private binary(node: SyntaxNode, depth: number): Value | undefined {
    const left = node.firstChild;
    const operator = left?.nextSibling;
    if (!left || !operator) return undefined;
    if (operator.name === 'as' || operator.name === 'satisfies') return this.evaluate(left, depth);
    const op = this.src(operator);
    if (op !== '??' && op !== '||') return undefined;
    const leftValue = this.evaluate(left, depth + 1);
    return leftValue.kind === 'dynamic' && node.lastChild ? this.evaluate(node.lastChild, depth + 1) : leftValue;
  }

  private object(node: SyntaxNode, depth: number): Value {
    const entries = new Map<string, Value>();
    for (const property of node.getChildren('Property')) {
      const key = property.firstChild;
      if (!key || key.name === 'Spread') continue;
      const name =
        key.name === 'String' ? unquote(this.src(key)) : key.name === 'PropertyDefinition' ? this.src(key) : undefined;
      if (name === undefined) continue;
      const value = property.lastChild;
      // { model } is { model: model }.
      const resolved =
        value && value.from !== key.from
          ? this.evaluate(value, depth + 1)
          : this.evaluateName(name, depth + 1, this.src(key));
      entries.set(name, resolved);
    }
    return { kind: 'object', entries };
  }

  private evaluateName(name: string, depth: number, text: string): Value {
    const bound = this.symbols.get(name);
    return bound ? this.evaluate(bound, depth) : { kind: 'dynamic', text };
  }
}

function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (current.name === 'AwaitExpression' || current.name === 'NonNullExpression') {
      const inner = current.lastChild ?? current.firstChild;
      if (!inner || inner === current || inner.name === 'await' || inner.name === 'LogicOp') return current;
      current = current.name === 'AwaitExpression' ? current.lastChild! : current.firstChild!;
    } else if (current.name === 'ParenthesizedExpression') {
      const inner = current.firstChild?.nextSibling;
      if (!inner || inner.name === ')') return current;
      current = inner;
    } else return current;
  }
}

function unquote(text: string): string {
  const quote = text[0];
  if ((quote === '"' || quote === "'") && text.endsWith(quote) && text.length >= 2) {
    try {
      return quote === '"'
        ? (JSON.parse(text) as string)
        : (JSON.parse(`"${text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
    } catch {
      return text.slice(1, -1);
    }
  }
  return text;
}
