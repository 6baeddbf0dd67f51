/**
 * ECharts, only the parts the dashboard draws (bar and line, grid, tooltip, legend; SVG renderer so
 * the charts print sharply), registered once.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** One series of a bar/line chart. */
export interface Series {
  name: string;
  data: (number | null)[];
  type?: 'bar' | 'line';
  stack?: string;
  color?: string;
}

/** Draw a category chart into `el`; returns a disposer. Horizontal bars suit long category names. */
export function categoryChart(el: HTMLElement, categories: string[], series: Series[], opts: { horizontal?: boolean; percent?: boolean; empty?: string } = {}): () => void {
  // An empty chart says so (CSS draws the text) instead of showing bare axes; plain HTML rather than
  // echarts' title component, which would add its weight to the bundle for one line of text.
  // No value at all (a rate with no decision yet is null) is nothing to chart either; a real 0 is shown.
  const empty = categories.length === 0 || series.every((s) => s.data.every((v) => v === null || v === undefined));
  if (empty && opts.empty) {
    el.dataset['empty'] = opts.empty;
    el.replaceChildren();
    return () => {};
  }
  delete el.dataset['empty'];
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  const cat = { type: 'category' as const, data: categories, axisLabel: { interval: 0, hideOverlap: true } };
  const val = { type: 'value' as const, ...(opts.percent ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}) };
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? cat : val,
    series: series.map((s) => ({ type: s.type ?? 'bar', name: s.name, data: s.data, stack: s.stack, itemStyle: s.color ? { color: s.color } : undefined, barMaxWidth: 28 })),
  });
  const onResize = (): void => chart.resize();
  window.addEventListener('resize', onResize);
  window.addEventListener('beforeprint', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    window.removeEventListener('beforeprint', onResize);
    chart.dispose();
  };
}
