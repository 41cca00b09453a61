/** The shape of one report.html chart (report/charts.ts builds them, report/assets/charts.js draws them with uPlot). */
export interface ChartSeries {
  label: string;
  /** One value per x; null where this series has no point (a gap). */
  values: Array<number | null>;
  /** Drawn dashed: the baseline, a limit. */
  dashed?: boolean;
  /** Drawn as separate points (a stage p95's bounds). */
  points?: boolean;
  /** A colour that means something (held / not held); else the palette's next. */
  color?: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** `time`: x is seconds since the scenario's start, zoomable; `bars`: x indexes `categories`; `xy`: a plain x axis. */
  kind: 'time' | 'bars' | 'xy';
  xLabel: string;
  yLabel: string;
  x: number[];
  categories?: string[];
  series: ChartSeries[];
  /** Time charts with the same group zoom together. */
  group?: string;
}
