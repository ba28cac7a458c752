// BarChart: one chart.js bar chart on a canvas with role="img" and a summary as its aria-label (the table under it
// holds the numbers). chart.js is imported here only, on first use, with just the parts bar charts need.
import type { Chart, ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { formatPence } from '../../../../shared/eligibility/format';
import { formatCount, NHS_COLOURS } from './figures';

/** How values read on the axis and in tooltips: counts, percentages (0 to 100) or pence. */
export type ValueFormat = 'count' | 'percent' | 'money';

export interface BarSeries {
  label: string;
  values: number[];
  colour: string;
}

/** The design system's font stack (the app never downloads Frutiger). */
const FONT_FAMILY = '"Frutiger W01", Arial, Helvetica, sans-serif';
const FONT_SIZE_PX = 16;

let loading: Promise<typeof Chart> | null = null;

/** chart.js with the bar controller, its element, two scales, legend and tooltip registered, once. */
function loadChartJs(): Promise<typeof Chart> {
  loading ??= import('chart.js').then(
    ({ Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip }) => {
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
      Chart.defaults.font.family = FONT_FAMILY;
      Chart.defaults.font.size = FONT_SIZE_PX;
      Chart.defaults.color = NHS_COLOURS.text;
      return Chart;
    },
  );
  return loading;
}

function formatValue(value: number, format: ValueFormat): string {
  if (format === 'percent') return `${value.toFixed(1)}%`;
  if (format === 'money') return formatPence(value);
  return formatCount(value);
}

/** An axis tick: as formatValue, but whole percentages without a decimal place ("14%", "2.5%"). */
const formatTick = (value: number, format: ValueFormat): string =>
  format === 'percent' ? `${Number(value.toFixed(1))}%` : formatValue(value, format);

function configuration(props: BarChartProps): ChartConfiguration<'bar', number[], string> {
  const valueAxis = props.horizontal ? 'x' : 'y';
  const categoryAxis = props.horizontal ? 'y' : 'x';
  const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  return {
    type: 'bar',
    data: {
      labels: props.categories,
      datasets: props.series.map((series) => ({
        label: series.label,
        data: series.values,
        backgroundColor: series.colour,
      })),
    },
    options: {
      indexAxis: categoryAxis,
      aspectRatio: props.aspectRatio ?? 2,
      animation: reducedMotion ? false : { duration: 400 },
      plugins: {
        legend: { display: props.series.length > 1, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatValue(Number(item.raw), props.format)}`,
          },
        },
      },
      scales: {
        [categoryAxis]: {
          stacked: props.stacked ?? false,
          grid: { display: false },
          title: { display: Boolean(props.categoryTitle), text: props.categoryTitle ?? '' },
        },
        [valueAxis]: {
          stacked: props.stacked ?? false,
          beginAtZero: true,
          ticks: {
            precision: props.format === 'count' ? 0 : undefined,
            callback: (value: string | number) => formatTick(Number(value), props.format),
          },
          grid: { color: '#d8dde0' },
        },
      },
    },
  };
}

export interface BarChartProps {
  /** The summary screen readers hear instead of the drawing. */
  label: string;
  categories: string[];
  /** The category axis's title, when its labels need one ("IMD 2025 decile"). */
  categoryTitle?: string;
  series: BarSeries[];
  format: ValueFormat;
  stacked?: boolean;
  /** Bars along the side: for long category names (districts, partners). */
  horizontal?: boolean;
  /** Width over height (chart.js keeps it as the page narrows); 2 unless said. */
  aspectRatio?: number;
}

export function BarChart(props: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify([
    props.categories,
    props.categoryTitle,
    props.series,
    props.format,
    props.stacked,
    props.horizontal,
  ]);
  useEffect(() => {
    const element = canvas.current;
    // A browser that cannot draw on a canvas still has the table under the chart.
    if (!element?.getContext('2d')) return;
    let live = true;
    let chart: Chart<'bar', number[], string> | null = null;
    loadChartJs().then(
      (ChartJs) => {
        if (live) chart = new ChartJs(element, configuration(props));
      },
      // chart.js could not be loaded (an app update mid-visit): the table under the chart has the numbers.
      () => undefined,
    );
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [key, props.label]);
  return (
    <div class="app-reach-chart nhsuk-u-margin-bottom-4">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
