import {
  isToWebview,
  MEASURED_TRAFFIC,
  WHAT_IF_TRAFFIC,
  type FromWebview,
  type PanelState,
  type WhatIf,
} from '../core/protocol';
import { costChart } from './chart';
import { count, h, money } from './dom';
import { offersTable, scrollableTable, type SortKey, type SortState } from './table';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let state: PanelState | undefined;
let sort: SortState = { key: 'totalUsd', ascending: true };
/** Folded offers are one click away: the button says how many there are and whose. */
let showAll = (vscode.getState() as { showAll?: unknown } | undefined)?.showAll === true;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the host's state messages are rendered; anything else is ignored.
  if (!isToWebview(event.data)) return;
  state = event.data.state;
  saveState();
  render();
});

/** What a reload brings back: the file, workload and what-if (the host reads them), and whether every offer showed. */
function saveState(): void {
  if (state) vscode.setState({ uri: state.uri, workloadIndex: state.workloadIndex, whatIf: state.whatIf, showAll });
}

vscode.postMessage({ type: 'ready' });

function render(): void {
  if (!state) return;
  const view = state.view;
  const children: Node[] = [selectors(state)];
  if (state.problem || !view) {
    children.push(h('p', { class: 'problem', role: 'status' }, state.problem ?? 'Nothing to compare.'));
  } else {
    children.push(
      h('h1', {}, view.name),
      h(
        'p',
        { class: 'summary' },
        `${view.model} · ${count(view.volume)} ${view.units}/mo${view.tokens}, ${view.traffic} · chosen `,
        h('strong', {}, view.chosen),
        ` ${money(view.totalUsd)}/mo`,
        view.cheapest ? ` · cheapest eligible ${view.cheapest} ${money(view.cheapestUsd ?? 0)}/mo` : '',
      ),
      ...(view.plan ? [h('p', { class: 'plan', role: 'note' }, view.plan)] : []),
      whatIfControls(state.whatIf, state.measured),
      h('section', { 'aria-label': 'Cost versus volume' }, costChart(view)),
      sensitivityList(view),
      scrollableTable(offersTable(view, sort, onSort, showAll)),
      ...foldToggle(view.foldedSummary),
    );
  }
  app.replaceChildren(...children);
}

function foldToggle(summary: string): HTMLElement[] {
  if (!summary) return [];
  const button = h(
    'button',
    { type: 'button', id: 'show-all', 'aria-expanded': String(showAll) },
    showAll ? 'Show the best offer of each provider only' : `Show every offer (${summary.replace(/^\+/, '')})`,
  );
  button.addEventListener('click', () => {
    showAll = !showAll;
    saveState();
    render();
  });
  return [h('p', { class: 'fold' }, button)];
}

function selectors(s: PanelState): HTMLElement {
  const file = h(
    'select',
    { id: 'file', 'aria-label': 'File' },
    ...s.files.map((f) => h('option', { value: f.uri, selected: f.uri === s.uri }, f.label)),
  );
  file.addEventListener('change', () => vscode.postMessage({ type: 'select', uri: file.value, workloadIndex: 0 }));
  const workload = h(
    'select',
    { id: 'workload', 'aria-label': 'Workload' },
    ...s.workloads.map((w) => h('option', { value: String(w.index), selected: w.index === s.workloadIndex }, w.name)),
  );
  workload.addEventListener(
    'change',
    () => s.uri && vscode.postMessage({ type: 'select', uri: s.uri, workloadIndex: Number(workload.value) }),
  );
  return h(
    'div',
    { class: 'selectors' },
    h('label', { for: 'file' }, 'File '),
    file,
    h('label', { for: 'workload' }, ' Workload '),
    workload,
  );
}

function whatIfControls(whatIf: WhatIf, measured: string | null): HTMLElement {
  const factors = [0.5, 1, 3].map((f) => {
    const input = h('input', {
      type: 'radio',
      name: 'volume',
      id: `volume-${f}`,
      value: String(f),
      checked: whatIf.volumeFactor === f,
    });
    input.addEventListener('change', () => send({ ...whatIf, volumeFactor: f }));
    return h('label', { for: `volume-${f}`, class: 'choice' }, input, `${f}x`);
  });
  const own = whatIf.utilization === null;
  const slider = h('input', {
    type: 'range',
    id: 'utilization',
    min: '0.2',
    max: '1',
    step: '0.05',
    value: String(whatIf.utilization ?? 0.7),
    disabled: own,
    'aria-valuetext': own ? "each workload's own" : `${Math.round((whatIf.utilization ?? 0.7) * 100)}%`,
  });
  slider.addEventListener('change', () => send({ ...whatIf, utilization: Number(slider.value) }));
  const ownBox = h('input', { type: 'checkbox', id: 'utilization-own', checked: own });
  ownBox.addEventListener('change', () =>
    send({ ...whatIf, utilization: ownBox.checked ? null : Number(slider.value) }),
  );
  const traffic = h(
    'select',
    { id: 'traffic' },
    h('option', { value: '', selected: whatIf.traffic === null }, "workload's own"),
    ...WHAT_IF_TRAFFIC.map((t) => h('option', { value: t, selected: whatIf.traffic === t }, t)),
    // Offered once "Import usage from a file..." has measured this workload.
    ...(measured
      ? [
          h(
            'option',
            { value: MEASURED_TRAFFIC, selected: whatIf.traffic === MEASURED_TRAFFIC },
            `your measured traffic (${measured})`,
          ),
        ]
      : []),
  );
  traffic.addEventListener('change', () =>
    send({ ...whatIf, traffic: traffic.value === '' ? null : (traffic.value as WhatIf['traffic']) }),
  );
  return h(
    'fieldset',
    { class: 'what-if' },
    h('legend', {}, 'What if'),
    h('span', { role: 'radiogroup', 'aria-label': 'Volume' }, 'Volume ', ...factors),
    h('span', {}, h('label', { for: 'traffic' }, 'Traffic '), traffic),
    h(
      'span',
      { class: 'util' },
      h('label', { for: 'utilization' }, ' Target utilization '),
      slider,
      h('output', { for: 'utilization' }, own ? '' : `${Math.round((whatIf.utilization ?? 0.7) * 100)}%`),
      h('label', { for: 'utilization-own', class: 'choice' }, ownBox, "workload's own"),
    ),
  );
}

function sensitivityList(view: NonNullable<PanelState['view']>): HTMLElement {
  const points = view.sensitivity;
  return h(
    'ul',
    { class: 'sensitivity', 'aria-label': 'Cost at other volumes' },
    ...points.map((p) =>
      h(
        'li',
        {},
        h('strong', {}, `${p.factor}x`),
        ` ${count(p.volume)} ${view.units}: ${money(p.chosenUsd)}/mo`,
        p.cheapest ? ` (cheapest ${p.cheapest} ${money(p.cheapestUsd ?? 0)})` : '',
      ),
    ),
  );
}

function send(whatIf: WhatIf): void {
  vscode.postMessage({ type: 'whatIf', whatIf });
}

function onSort(key: SortKey): void {
  sort = { key, ascending: sort.key === key ? !sort.ascending : true };
  render();
  document.querySelector<HTMLButtonElement>(`button.sort[data-key="${key}"]`)?.focus();
}
