import type { CompareRow, CompareView } from '../core/protocol';
import { count, h, money, s, unitMoney } from './dom';

export type SortKey = 'offer' | 'billing' | 'totalUsd' | 'perUnitUsd' | 'eligible' | 'breakEven';

/** The columns, labelled in the workload's units ("$/image", or "$/1k requests" for a text model). */
function columns(view: Pick<CompareView, 'units' | 'perUnit'>): { key: SortKey; label: string; numeric?: boolean }[] {
  return [
    { key: 'offer', label: 'Offer' },
    { key: 'billing', label: 'Billing' },
    { key: 'totalUsd', label: '$/mo', numeric: true },
    { key: 'perUnitUsd', label: `$${view.perUnit}`, numeric: true },
    { key: 'breakEven', label: `Break-even (${view.units}/mo)`, numeric: true },
    { key: 'eligible', label: 'Eligible' },
  ];
}

export interface SortState {
  key: SortKey;
  ascending: boolean;
}

/** Every offer side by side; a column header is a button, so sorting works from the keyboard too. */
export function offersTable(
  view: Pick<CompareView, 'rows' | 'units' | 'perUnit'>,
  sort: SortState,
  onSort: (key: SortKey) => void,
  showAll = true,
): HTMLTableElement {
  // Folded rows wait for "show every offer": the best of each provider and billing model come first.
  const sorted = view.rows.filter((r) => showAll || !r.folded).sort((a, b) => compare(a, b, sort));
  const head = h(
    'tr',
    {},
    ...columns(view).map((c) => {
      const active = sort.key === c.key;
      const button = h(
        'button',
        { type: 'button', class: 'sort', 'data-key': c.key },
        c.label,
        active ? (sort.ascending ? ' ▲' : ' ▼') : '',
      );
      button.addEventListener('click', () => onSort(c.key));
      return h(
        'th',
        {
          scope: 'col',
          'aria-sort': active ? (sort.ascending ? 'ascending' : 'descending') : 'none',
          class: c.numeric ? 'num' : undefined,
        },
        button,
      );
    }),
  );
  return h(
    'table',
    { class: 'offers', 'aria-label': 'Every offer for this workload' },
    h('thead', {}, head),
    h('tbody', {}, ...sorted.map(rowElement)),
  );
}

function rowElement(r: CompareRow): HTMLTableRowElement {
  const classes = [r.chosen ? 'chosen' : '', r.eligible ? '' : 'ineligible'].filter(Boolean).join(' ');
  const offer = h(
    'th',
    { scope: 'row' },
    h('span', { class: 'offer-id' }, r.offer),
    r.chosen ? h('span', { class: 'badge' }, 'chosen') : null,
    r.stale ? h('span', { class: 'badge stale', title: `verified ${r.verified ?? 'never'}` }, 'stale price') : null,
    r.estimate.length > 0
      ? h(
          'span',
          { class: 'badge estimate', title: `estimated: ${r.estimate.join(' and ')}` },
          `estimated ${r.estimate.join(' and ')}`,
        )
      : null,
    h('div', { class: 'sub' }, `${r.tier} · ${r.operating}`),
  );
  const total =
    r.totalUsd === null
      ? h('td', { class: 'num', title: 'cannot run this model' }, '—')
      : h(
          'td',
          { class: 'num total' },
          money(r.totalUsd),
          breakdownBar(r),
          h(
            'div',
            { class: 'sub', title: r.overheadNote ?? '' },
            r.breakdown.map((p) => `${money(p.usd)} ${p.label}`).join(' + '),
          ),
        );
  return h(
    'tr',
    { class: classes || undefined, 'data-offer': r.offer },
    offer,
    h('td', {}, r.billing, h('div', { class: 'sub' }, r.rate)),
    total,
    h('td', { class: 'num' }, r.perUnitUsd === null ? '–' : unitMoney(r.perUnitUsd)),
    h('td', { class: 'num' }, r.chosen ? '–' : r.breakEven === null ? 'never' : count(r.breakEven)),
    h(
      'td',
      {},
      r.eligible ? 'yes' : `no: ${r.why ?? ''}`,
      h('div', { class: 'sub source' }, `${r.priceOrigin}: ${r.source} · price of ${r.verified ?? 'unknown date'}`),
    ),
  );
}

/** One observer for the one table on screen: each render replaces the table, and the observer follows it. */
let overflowWatch: ResizeObserver | undefined;

/**
 * The table in a box that scrolls sideways when the panel is too narrow for it even with every cell wrapped, with a
 * visible cue ("more columns →" and a shaded edge) while columns are out of view.
 */
export function scrollableTable(table: HTMLTableElement): HTMLElement {
  const cue = h(
    'p',
    { class: 'scroll-cue', 'aria-hidden': 'true', hidden: true },
    'Scroll sideways for more columns →',
  );
  const box = h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Offers' }, table);
  const update = () => {
    const hiddenRight = box.scrollWidth - box.clientWidth - box.scrollLeft > 1;
    box.classList.toggle('more-right', hiddenRight);
    cue.hidden = !(box.scrollWidth - box.clientWidth > 1);
  };
  box.addEventListener('scroll', update, { passive: true });
  overflowWatch?.disconnect();
  overflowWatch = new ResizeObserver(update);
  overflowWatch.observe(box);
  overflowWatch.observe(table);
  return h('div', { class: 'offers-wrap' }, cue, box);
}

const BAR_WIDTH = 120;

/** The total as a stacked bar, one segment a part, so "$812" reads as busy + idle + cold starts at a glance. */
function breakdownBar(r: CompareRow): SVGElement {
  const total = r.breakdown.reduce((sum, p) => sum + p.usd, 0);
  let x = 0;
  const segments = r.breakdown.map((p) => {
    const width = total > 0 ? (p.usd / total) * BAR_WIDTH : 0;
    const rect = s(
      'rect',
      { x, y: 0, width, height: 8, class: `part ${p.part}` },
      s('title', {}, `${p.label}: ${money(p.usd)}`),
    );
    x += width;
    return rect;
  });
  return s(
    'svg',
    {
      class: 'breakdown',
      // Drawn in a 120-wide box and scaled to the cell: the bar narrows with the column instead of widening it.
      viewBox: `0 0 ${BAR_WIDTH} 8`,
      preserveAspectRatio: 'none',
      height: 8,
      role: 'img',
      'aria-label': r.breakdown.map((p) => `${p.label} ${money(p.usd)}`).join(', '),
    },
    ...segments,
  );
}

/** Eligible offers stay on top whatever the column, so sorting by cost never leads with one that cannot serve. */
function compare(a: CompareRow, b: CompareRow, sort: SortState): number {
  if (sort.key !== 'eligible' && a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  const dir = sort.ascending ? 1 : -1;
  const va = a[sort.key];
  const vb = b[sort.key];
  if (va === vb) return (a.totalUsd ?? Infinity) - (b.totalUsd ?? Infinity);
  if (va === null) return 1;
  if (vb === null) return -1;
  if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * dir;
  return String(va).localeCompare(String(vb)) * dir;
}
