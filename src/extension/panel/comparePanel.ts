import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import {
  isFromWebview,
  isWhatIf,
  MEASURED_TRAFFIC,
  type FromWebview,
  type PanelState,
  type WhatIf,
} from '../../core/protocol';
import { priceWhatIf, type WhatIfChange } from '../../core/engine/whatIf';
import { formatCount } from '../../core/money';
import { costChart } from '../../core/engine/chart';
import { buildCompareView } from '../../core/render/compareView';
import { isInferenceYaml, type AnalysisService } from '../analysis';
import { PANEL_VIEW_TYPE } from '../commands/ids';
import type { Measurement, MeasuredTraffic } from '../measuredTraffic';
import { workloadIndexAt } from '../ranges';
import { panelHtml, panelResourceRoots } from './html';

export interface PanelSelection {
  uri?: string;
  workloadIndex: number;
  whatIf: WhatIf;
}

const DEFAULT_WHAT_IF: WhatIf = { volumeFactor: 1, utilization: null, traffic: null };

/** One "Compare providers" panel per workspace. It renders reports; it never edits a file. */
export class ComparePanel extends Disposable {
  private static current: ComparePanel | undefined;
  private selection: PanelSelection;
  private readonly analysis: AnalysisService;
  private readonly measured: MeasuredTraffic;
  private readonly log: vscode.LogOutputChannel;

  static show(
    extensionUri: vscode.Uri,
    { analysis, measured, log }: PanelServices,
    uri?: vscode.Uri,
    workloadIndex?: number,
  ): ComparePanel {
    const target = uri ?? activeInferenceYaml() ?? analysis.all()[0]?.uri;
    if (ComparePanel.current) {
      ComparePanel.current.panel.reveal(undefined, true);
      if (target) ComparePanel.current.select(target.toString(), workloadIndex ?? 0);
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      vscode.l10n.t('Compare providers'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      ComparePanel.options(extensionUri),
    );
    ComparePanel.current = new ComparePanel(
      panel,
      extensionUri,
      { analysis, measured, log },
      {
        uri: target?.toString(),
        workloadIndex: workloadIndex ?? 0,
        whatIf: DEFAULT_WHAT_IF,
      },
    );
    return ComparePanel.current;
  }

  /** After a reload: the webview's saved state says which file, workload and what-if it showed. */
  static restore(panel: vscode.WebviewPanel, saved: unknown, extensionUri: vscode.Uri, services: PanelServices): void {
    panel.webview.options = ComparePanel.options(extensionUri);
    services.log.info(`Restoring the Compare providers panel from its saved state: ${JSON.stringify(saved) ?? 'none'}`);
    ComparePanel.current?.dispose();
    ComparePanel.current = new ComparePanel(panel, extensionUri, services, savedSelection(saved));
  }

  static get active(): ComparePanel | undefined {
    return ComparePanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: panelResourceRoots(extensionUri),
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    services: PanelServices,
    selection: PanelSelection,
  ) {
    super();
    this.analysis = services.analysis;
    this.measured = services.measured;
    this.log = services.log;
    this.selection = selection;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.register(this.analysis.onDidChange(() => this.post()));
    this.register(this.measured.onDidChange(() => this.post()));
    this.register(
      vscode.window.onDidChangeActiveTextEditor((e) => e && isInferenceYaml(e.document.uri) && this.follow(e)),
    );
    this.register(
      vscode.window.onDidChangeTextEditorSelection(
        (e) => isInferenceYaml(e.textEditor.document.uri) && this.follow(e.textEditor),
      ),
    );
  }

  /** The state posted last, for tests and the status of the panel. */
  lastState: PanelState | undefined;

  select(uri: string, workloadIndex: number): void {
    this.selection = { ...this.selection, uri, workloadIndex };
    this.post();
  }

  override dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    super.dispose();
    this.panel.dispose();
  }

  private follow(editor: vscode.TextEditor): void {
    const report = this.analysis.get(editor.document.uri);
    if (!report) return;
    const index = workloadIndexAt(report, editor.document.offsetAt(editor.selection.active)) ?? 0;
    if (this.selection.uri === editor.document.uri.toString() && this.selection.workloadIndex === index) return;
    this.select(editor.document.uri.toString(), index);
  }

  private receive(message: unknown): void {
    if (!isFromWebview(message)) {
      this.log.warn(
        `Compare panel: ignored a message that does not match the protocol: ${JSON.stringify(message)?.slice(0, 200)}`,
      );
      return;
    }
    this.handle(message);
  }

  private handle(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        this.post();
        return;
      case 'select':
        this.select(message.uri, message.workloadIndex);
        return;
      case 'whatIf':
        this.selection = { ...this.selection, whatIf: message.whatIf };
        this.post();
        return;
      case 'openSource':
        this.log.info(`Source of ${message.offer} requested from the panel`);
        return;
    }
  }

  private post(): void {
    this.lastState = this.buildState();
    void this.panel.webview.postMessage({ type: 'state', state: this.lastState });
  }

  private buildState(): PanelState {
    const files = this.analysis
      .all()
      .map((f) => ({ uri: f.uri.toString(), label: vscode.workspace.asRelativePath(f.uri) }));
    const uri =
      this.selection.uri && files.some((f) => f.uri === this.selection.uri)
        ? this.selection.uri
        : (files[0]?.uri ?? null);
    const report = uri ? this.analysis.all().find((f) => f.uri.toString() === uri)?.report : undefined;
    const base: PanelState = {
      files,
      uri,
      workloads: [],
      workloadIndex: 0,
      whatIf: this.selection.whatIf,
      measured: null,
      view: null,
      problem: null,
    };
    if (!report)
      return {
        ...base,
        problem: files.length
          ? null
          : vscode.l10n.t(
              'No inference.yaml in this workspace. Run "Inference Cost: Create inference.yaml from a template".',
            ),
      };
    const workloads = report.workloads.map((w, i) => ({ index: i, name: w.workload.name }));
    if (workloads.length === 0)
      return {
        ...base,
        workloads,
        problem: vscode.l10n.t('This file has no workload that can be priced; see the Problems panel.'),
      };
    const index = Math.min(this.selection.workloadIndex, workloads.length - 1);
    const workload = report.workloads[index]!.workload;
    const measurement = this.measured.get(vscode.Uri.parse(uri!), workload.name);
    // "Your measured traffic" with nothing measured for this workload is the workload's own.
    const whatIf =
      this.selection.whatIf.traffic === MEASURED_TRAFFIC && !measurement
        ? { ...this.selection.whatIf, traffic: null }
        : this.selection.whatIf;
    const priced = priceWhatIf(report, index, whatIfChange(whatIf, measurement));
    return {
      ...base,
      workloads,
      workloadIndex: index,
      whatIf,
      measured: measurement ? measurementLabel(measurement, workload.unit) : null,
      view: priced ? buildCompareView(priced, costChart(report, priced), workload.volume, report.plan) : null,
    };
  }
}

export interface PanelServices {
  analysis: AnalysisService;
  measured: MeasuredTraffic;
  log: vscode.LogOutputChannel;
}

/** The panel's what-if as the engine prices it: a built-in shape, or the measured volume and shape. */
function whatIfChange(whatIf: WhatIf, measurement: Measurement | undefined): WhatIfChange {
  const { volumeFactor, utilization } = whatIf;
  switch (whatIf.traffic) {
    case null:
      return { volumeFactor, utilization, traffic: null };
    case 'batch':
      return { volumeFactor, utilization, traffic: { kind: 'batch', maxWaitHours: 24 } };
    case MEASURED_TRAFFIC:
      return {
        volumeFactor,
        utilization,
        traffic: measurement?.shape ? { kind: 'custom', ...measurement.shape } : null,
        ...(measurement?.volume !== undefined ? { volume: measurement.volume } : {}),
      };
    default:
      return { volumeFactor, utilization, traffic: { kind: whatIf.traffic } };
  }
}

function measurementLabel(m: Measurement, unit: 'image' | 'request'): string {
  const volume =
    m.volume === undefined
      ? vscode.l10n.t("the file's volume")
      : `${formatCount(m.volume)} ${unit === 'image' ? 'images' : 'requests'}/mo`;
  const shape = m.shape ? vscode.l10n.t('its weekly shape') : vscode.l10n.t("the workload's own shape");
  return vscode.l10n.t('{0}, {1}, from {2}', volume, shape, m.log);
}

function activeInferenceYaml(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && isInferenceYaml(uri) ? uri : undefined;
}

function savedSelection(saved: unknown): PanelSelection {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  return {
    uri: typeof s.uri === 'string' ? s.uri : undefined,
    workloadIndex:
      Number.isInteger(s.workloadIndex) && (s.workloadIndex as number) >= 0 ? (s.workloadIndex as number) : 0,
    whatIf: isWhatIf(s.whatIf) ? s.whatIf : DEFAULT_WHAT_IF,
  };
}
