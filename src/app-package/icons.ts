/**
 * The Teams app icons, drawn by code so they are real, reproducible PNGs: a white check mark in
 * a rounded square. `color.png` (192×192) fills the square with the accent colour; `outline.png`
 * (32×32) is white on a transparent background, as Teams requires for the app bar.
 *
 * Run `npm run build && node dist/cli/icons.js [dir]` to (re)write them into
 * `deployment/appPackage/`. The packaging tool checks whatever icons it finds there, so a
 * municipality can replace them with its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** The accent colour of the manifest and the colour icon's background. */
export const ACCENT_COLOR = '#1B6B5A';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Point = readonly [number, number];

interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 0xff, g: (n >> 8) & 0xff, b: n & 0xff };
}

/** Signed distance from (x, y) to a rounded square spanning [lo, hi]² with corner radius r. */
function roundedSquare(x: number, y: number, lo: number, hi: number, r: number): number {
  const c = (lo + hi) / 2;
  const half = (hi - lo) / 2 - r;
  const qx = Math.abs(x - c) - half;
  const qy = Math.abs(y - c) - half;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance from (x, y) to the segment a–b. */
function segment(x: number, y: number, a: Point, b: Point): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** True when (x, y) lies on the check mark drawn through three points with the given stroke width. */
function onCheck(x: number, y: number, points: readonly [Point, Point, Point], width: number): boolean {
  const [p, q, r] = points;
  return Math.min(segment(x, y, p, q), segment(x, y, q, r)) <= width / 2;
}

/** Anti-aliasing: the share of a pixel's 4×4 sub-samples for which `inside` holds. */
function coverage(px: number, py: number, inside: (x: number, y: number) => boolean): number {
  const n = 4;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (inside(px + (i + 0.5) / n, py + (j + 0.5) / n)) hits++;
    }
  }
  return hits / (n * n);
}

function encode(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}

/** 192×192: a rounded square in the accent colour with a white check mark; transparent corners. */
export function colorIcon(accent = ACCENT_COLOR): Buffer {
  const size = COLOR_ICON_SIZE;
  const bg = hexToRgb(accent);
  const check: [Point, Point, Point] = [
    [52, 100],
    [82, 130],
    [142, 66],
  ];
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const square = coverage(x, y, (sx, sy) => roundedSquare(sx, sy, 0, size, 36) <= 0);
      const mark = coverage(x, y, (sx, sy) => onCheck(sx, sy, check, 20));
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(bg.r + (255 - bg.r) * mark);
      png.data[i + 1] = Math.round(bg.g + (255 - bg.g) * mark);
      png.data[i + 2] = Math.round(bg.b + (255 - bg.b) * mark);
      png.data[i + 3] = Math.round(255 * square);
    }
  }
  return encode(png);
}

/** 32×32: the outline of the rounded square and the check mark, white on transparent. */
export function outlineIcon(): Buffer {
  const size = OUTLINE_ICON_SIZE;
  const check: [Point, Point, Point] = [
    [9, 16.5],
    [14, 21.5],
    [23, 11],
  ];
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = coverage(x, y, (sx, sy) => {
        const d = roundedSquare(sx, sy, 1, size - 1, 7);
        return (d <= 0 && d >= -2) || onCheck(sx, sy, check, 3);
      });
      const i = (y * size + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * alpha);
    }
  }
  return encode(png);
}

/** What is wrong with an icon for Teams, in Swedish; empty when it is fine. */
export function iconProblems(kind: 'color' | 'outline', file: Buffer, name = `${kind}.png`): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(file);
  } catch (error) {
    return [`${name} är ingen giltig PNG-bild (${error instanceof Error ? error.message : String(error)})`];
  }
  const size = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  if (png.width !== size || png.height !== size) {
    return [`${name} ska vara ${size}×${size} bildpunkter, inte ${png.width}×${png.height}`];
  }
  if (kind === 'color') return [];
  const problems: string[] = [];
  let transparent = 0;
  let coloured = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3] ?? 0;
    if (alpha === 0) {
      transparent++;
    } else if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) {
      coloured++;
    }
  }
  if (transparent === 0) problems.push(`${name} ska ha genomskinlig bakgrund`);
  if (coloured > 0) problems.push(`${name} får bara innehålla vitt (${coloured} bildpunkter har annan färg)`);
  return problems;
}

/** Writes color.png and outline.png into a directory. */
export function writeIcons(dir: string): { color: string; outline: string } {
  mkdirSync(dir, { recursive: true });
  const color = path.join(dir, 'color.png');
  const outline = path.join(dir, 'outline.png');
  writeFileSync(color, colorIcon());
  writeFileSync(outline, outlineIcon());
  return { color, outline };
}

/** The directory the icons ship in: `deployment/appPackage/` at the repository root. */
export const appPackageDir = fileURLToPath(new URL('../../deployment/appPackage/', import.meta.url));
