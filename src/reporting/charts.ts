/**
 * The report's charts, drawn by Apache ECharts' server-side SVG renderer (no browser, no canvas)
 * and rasterised by resvg for the PNG that Word processors without SVG support show. Axes carry
 * their values and the month names, points their values, and the target line its label; the font
 * is DejaVu Sans from the `dejavu-fonts-ttf` package, so the images look the same on any machine.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { formatSwedishNumber, swedishMonthShort } from '../shared/swedish-format.js';

const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT = 'DejaVu Sans';
const TEXT = '#212121';
const TARGET = '#424242';

/** A chart as SVG, and as PNG at twice the size for sharp print. */
export interface Chart {
  readonly svg: Buffer;
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

function draw(option: echarts.EChartsOption, width: number, height: number): Chart {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT, fontSize: 13, color: TEXT },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const png = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: 'zoom', value: 2 },
  })
    .render()
    .asPng();
  return { svg: Buffer.from(svg, 'utf8'), png, width, height };
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly colour: string;
}

/** Vertical bars with their labels under them and their values on top. */
export function barChart(bars: readonly Bar[], width = 600, height = 240): Chart {
  return draw(
    {
      grid: { left: 40, right: 16, top: 28, bottom: 40 },
      xAxis: {
        type: 'category',
        data: bars.map((b) => b.label),
        axisLabel: { color: TEXT, interval: 0, fontSize: 12 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT } },
      series: [
        {
          type: 'bar',
          barWidth: '55%',
          data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.colour } })),
          label: { show: true, position: 'top', color: TEXT, fontSize: 14, fontWeight: 'bold' },
        },
      ],
    },
    width,
    height,
  );
}

export interface LineInput {
  /** 1–12, aligned with `values`. */
  readonly months: readonly number[];
  readonly values: readonly (number | null)[];
  readonly decimals: number;
  readonly target?: { readonly value: number; readonly text: string } | null;
  readonly colour?: string;
}

function step(e: { min: number; max: number }): number {
  const span = Math.max(Math.abs(e.max - e.min), Math.abs(e.max) * 0.05, 1e-9);
  return 10 ** Math.floor(Math.log10(span));
}
const niceBelow = (v: number, e: { min: number; max: number }) =>
  Math.floor(v / step(e)) * step(e) - step(e) / 2;
const niceAbove = (v: number, e: { min: number; max: number }) =>
  Math.ceil(v / step(e)) * step(e) + step(e) / 2;

/** Values per month (gaps where null), each point labelled, with the target as a labelled dashed line. */
export function lineChart(input: LineInput, width = 600, height = 240): Chart {
  const fmt = (v: number) => formatSwedishNumber(v, input.decimals);
  const target = input.target ?? null;
  return draw(
    {
      grid: { left: 64, right: 24, top: 36, bottom: 32 },
      xAxis: {
        type: 'category',
        data: input.months.map(swedishMonthShort),
        axisLabel: { color: TEXT },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        scale: true,
        // The target line is always in view, with some air around it.
        ...(target
          ? {
              min: (e: { min: number; max: number }) => niceBelow(Math.min(e.min, target.value), e),
              max: (e: { min: number; max: number }) => niceAbove(Math.max(e.max, target.value), e),
            }
          : {}),
        axisLabel: {
          color: TEXT,
          formatter: (v: number) => formatSwedishNumber(v, Number.isInteger(v) ? 0 : input.decimals),
        },
        splitLine: { lineStyle: { color: '#E0E0E0' } },
      },
      series: [
        {
          type: 'line',
          data: [...input.values],
          connectNulls: false,
          lineStyle: { width: 3, color: input.colour ?? '#1565C0' },
          itemStyle: { color: input.colour ?? '#1565C0' },
          symbolSize: 8,
          label: {
            show: true,
            color: TEXT,
            fontSize: 12,
            formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? fmt(p.value) : ''),
          },
          ...(target
            ? {
                markLine: {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { type: 'dashed', color: TARGET, width: 2 },
                  label: {
                    position: 'insideEndTop',
                    color: TARGET,
                    fontSize: 12,
                    formatter: `Målvärde ${target.text}`,
                  },
                  data: [{ yAxis: target.value }],
                },
              }
            : {}),
        },
      ],
    },
    width,
    height,
  );
}
