import type { CompareView } from '../core/protocol';
import { compactCount, compactMoney, count, h, money, s } from './dom';

const W = 640;
const H = 300;
// Room for compact labels: "$100k" at the left, half of "10M" past the last tick at the right.
const PAD = { left: 48, right: 24, top: 16, bottom: 40 };

/**
 * The chart and its legend: the legend is a list under the plot, never over the lines, and wraps at any width.
 */
export function costChart(view: CompareView): HTMLElement {
  return h('figure', { class: 'cost-chart' }, costPlot(view), legend(view));
}

function legend(view: CompareView): HTMLElement {
  return h(
    'ul',
    { class: 'chart-legend', 'aria-label': 'Lines' },
    ...view.chart.series.map((line, i) =>
      h(
        'li',
        { class: line.chosen ? 'chosen' : undefined },
        s(
          'svg',
          { class: 'swatch', width: 10, height: 10, 'aria-hidden': 'true' },
          s('rect', { class: `s${i}`, width: 10, height: 10 }),
        ),
        `${line.offer}${line.chosen ? ' (chosen)' : ''}`,
      ),
    ),
  );
}

/** Cost versus volume on log-log axes: one line per offer, break-even points and the declared volume marked. */
function costPlot(view: CompareView): SVGElement {
  const { volumes, series, breakEvens } = view.chart;
  const all = series.flatMap((x) => x.usd).filter((v) => v > 0);
  const yMin = Math.max(0.01, Math.min(...all));
  const yMax = Math.max(...all, yMin * 10);
  const x = scale(volumes[0]!, volumes[volumes.length - 1]!, PAD.left, W - PAD.right);
  const y = scale(yMin, yMax, H - PAD.bottom, PAD.top);
  const lines = series.map((line, i) =>
    s('polyline', {
      class: `series s${i}${line.chosen ? ' chosen' : ''}`,
      points: line.usd.map((v, j) => `${x(volumes[j]!).toFixed(1)},${y(Math.max(v, yMin)).toFixed(1)}`).join(' '),
      'data-offer': line.offer,
    }),
  );
  const marks = breakEvens.map((b) =>
    s(
      'circle',
      { class: 'break-even', cx: x(b.volume).toFixed(1), cy: y(Math.max(b.usd, yMin)).toFixed(1), r: 5 },
      s('title', {}, `Break-even with ${b.offer}: ${count(b.volume)} ${view.units}/mo at ${money(b.usd)}/mo`),
    ),
  );
  const declared = x(view.volume);
  const title = `Monthly cost versus volume for ${view.name}`;
  const desc = `${series.length} offers from ${count(volumes[0]!)} to ${count(volumes[volumes.length - 1]!)} ${view.units} a month; ${breakEvens.length} break-even points; declared volume ${count(view.declaredVolume)}.`;
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart' },
    s('title', { id: 'chart-title' }, title),
    s('desc', { id: 'chart-desc' }, desc),
    ...axes(volumes, yMin, yMax, x, y, view.units),
    s('line', { class: 'declared', x1: declared, x2: declared, y1: PAD.top, y2: H - PAD.bottom }),
    s(
      'text',
      // Above the plot, on the side with room, so it covers no line and is not cut at the edge.
      {
        class: 'axis-label',
        x: declared > W / 2 ? declared - 4 : declared + 4,
        y: PAD.top - 4,
        'text-anchor': declared > W / 2 ? 'end' : 'start',
      },
      `${view.volume === view.declaredVolume ? 'declared' : 'what-if'} ${count(view.volume)}`,
    ),
    ...lines,
    ...marks,
  );
}

function axes(
  volumes: number[],
  yMin: number,
  yMax: number,
  x: (v: number) => number,
  y: (v: number) => number,
  units: string,
): SVGElement[] {
  const xTicks = decades(volumes[0]!, volumes[volumes.length - 1]!);
  const yTicks = decades(yMin, yMax);
  return [
    s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom }),
    s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }),
    ...xTicks.map((v) =>
      s('text', { class: 'tick', x: x(v), y: H - PAD.bottom + 16, 'text-anchor': 'middle' }, compactCount(v)),
    ),
    ...yTicks.map((v) =>
      s('text', { class: 'tick', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, compactMoney(v)),
    ),
    s(
      'text',
      { class: 'axis-label', x: (PAD.left + W - PAD.right) / 2, y: H - 4, 'text-anchor': 'middle' },
      `${units} per month`,
    ),
  ];
}

function scale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return (v) => from + ((Math.log10(Math.max(v, lo)) - a) / (b - a || 1)) * (to - from);
}

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}
