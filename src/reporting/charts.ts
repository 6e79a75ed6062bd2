/**
 * Small PNG charts drawn pixel by pixel with pngjs: a bar chart for the status overview and a line
 * chart for an indicator's months. No text in the images (no font rendering, and screen readers
 * cannot read it): the documents print the labels and values beside each image.
 */
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

function rgb(colour: string): Rgb {
  const h = colour.replace(/^#/, '');
  return [
    Number.parseInt(h.slice(0, 2), 16),
    Number.parseInt(h.slice(2, 4), 16),
    Number.parseInt(h.slice(4, 6), 16),
  ];
}

const WHITE: Rgb = [255, 255, 255];
const AXIS: Rgb = [97, 97, 97];
const GRID: Rgb = [224, 224, 224];
const TARGET: Rgb = [117, 117, 117];

class Canvas {
  readonly png: PNG;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.png = new PNG({ width, height, colorType: 2 });
    this.fillRect(0, 0, width, height, WHITE);
  }

  set(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const i = (yi * this.width + xi) * 4;
    this.png.data[i] = c[0];
    this.png.data[i + 1] = c[1];
    this.png.data[i + 2] = c[2];
    this.png.data[i + 3] = 255;
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let yy = Math.floor(y); yy < Math.ceil(y + h); yy++) {
      for (let xx = Math.floor(x); xx < Math.ceil(x + w); xx++) this.set(xx, yy, c);
    }
  }

  disc(cx: number, cy: number, r: number, c: Rgb): void {
    for (let yy = -r; yy <= r; yy++) {
      for (let xx = -r; xx <= r; xx++) if (xx * xx + yy * yy <= r * r) this.set(cx + xx, cy + yy, c);
    }
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1, dash = 0): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    const r = Math.max(0, Math.floor(thickness / 2));
    for (let s = 0; s <= steps; s++) {
      if (dash > 0 && Math.floor(s / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      if (r === 0) this.set(x, y, c);
      else this.disc(x, y, r, c);
    }
  }

  toBuffer(): Buffer {
    return PNG.sync.write(this.png);
  }
}

export interface Bar {
  readonly value: number;
  readonly colour: string;
}

/** Vertical bars side by side on a baseline, scaled to the largest value. */
export function barChart(bars: readonly Bar[], width = 600, height = 220): Buffer {
  const c = new Canvas(width, height);
  const pad = 16;
  const base = height - pad;
  const top = pad;
  const max = Math.max(1, ...bars.map((b) => b.value));
  for (let i = 1; i <= 4; i++) {
    const y = base - ((base - top) * i) / 4;
    c.line(pad, y, width - pad, y, GRID);
  }
  const slot = (width - 2 * pad) / Math.max(1, bars.length);
  const barWidth = slot * 0.6;
  bars.forEach((bar, i) => {
    const h = ((base - top) * bar.value) / max;
    c.fillRect(pad + slot * i + (slot - barWidth) / 2, base - h, barWidth, h, rgb(bar.colour));
  });
  c.line(pad, base, width - pad, base, AXIS, 2);
  return c.toBuffer();
}

/** A line through the values (gaps where null), with an optional dashed target line. */
export function lineChart(
  values: readonly (number | null)[],
  options: { target?: number | null; colour?: string; width?: number; height?: number } = {},
): Buffer {
  const width = options.width ?? 600;
  const height = options.height ?? 220;
  const c = new Canvas(width, height);
  const pad = 20;
  const known = values.filter((v): v is number => v !== null);
  const target = options.target ?? null;
  const all = target === null ? known : [...known, target];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  // Some air above and below, and a visible band when every value is the same.
  const span = hi - lo || Math.abs(hi) || 1;
  lo -= span * 0.15;
  hi += span * 0.15;
  const x = (i: number) => pad + (width - 2 * pad) * (values.length <= 1 ? 0.5 : i / (values.length - 1));
  const y = (v: number) => height - pad - ((height - 2 * pad) * (v - lo)) / (hi - lo);
  for (let i = 0; i <= 4; i++) {
    const gy = pad + ((height - 2 * pad) * i) / 4;
    c.line(pad, gy, width - pad, gy, GRID);
  }
  for (let i = 0; i < values.length; i++) c.line(x(i), height - pad, x(i), height - pad + 5, AXIS);
  if (target !== null) c.line(pad, y(target), width - pad, y(target), TARGET, 2, 8);
  const colour = rgb(options.colour ?? '#1565C0');
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    if (a !== null && a !== undefined && b !== null && b !== undefined)
      c.line(x(i - 1), y(a), x(i), y(b), colour, 3);
  }
  values.forEach((v, i) => {
    if (v !== null) c.disc(x(i), y(v), 5, colour);
  });
  c.line(pad, height - pad, width - pad, height - pad, AXIS, 2);
  return c.toBuffer();
}
