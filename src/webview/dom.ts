type Child = Node | string | null | undefined | false;

/** Builds elements with text children only: nothing from the workspace is ever parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag: string, attrs: Record<string, string | number | undefined> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Record<string, string | number | boolean | undefined>): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function money(v: number): string {
  return usd.format(v);
}

export function unitMoney(v: number): string {
  if (v === 0) return '$0';
  const digits = Math.min(8, Math.max(4, 1 - Math.floor(Math.log10(Math.abs(v))) + 2));
  return `$${v.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export function count(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}
