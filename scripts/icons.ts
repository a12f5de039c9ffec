import { PNG } from 'pngjs';

/**
 * The app's two Teams icons, drawn in code so they can be remade and checked:
 * - color.png, 192×192: a white speech bubble holding three agenda lines, on the accent colour,
 *   the symbol inside Teams' 120×120 safe area;
 * - outline.png, 32×32: the same bubble as a white outline with two lines, on transparency.
 * Shapes are signed-distance functions sampled 4×4 per pixel, so edges are anti-aliased and the
 * output is byte-for-byte the same on every machine.
 */
export const ACCENT_COLOR = '#1F5C99';
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Rgb = [number, number, number];
/** Signed distance from (x, y) to a shape: negative inside, positive outside. */
type Shape = (x: number, y: number) => number;

const SAMPLES = 4;
// Local names for the Math functions in the inner loops: inside jest's sandbox every lookup of a
// global such as `Math` is slow, and the icons test draws both icons.
const { abs, hypot, max, min, round } = Math;

function hexToRgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

function roundedBox(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = abs(x - cx) - hx;
    const qy = abs(y - cy) - hy;
    return hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - r;
  };
}

/** A line from (ax, ay) to (bx, by) with round ends, `width` thick. */
function capsule(ax: number, ay: number, bx: number, by: number, width: number): Shape {
  return (x, y) => {
    const px = x - ax;
    const py = y - ay;
    const dx = bx - ax;
    const dy = by - ay;
    const h = max(0, min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return hypot(px - dx * h, py - dy * h) - width / 2;
  };
}

/** A triangle; the sign is exact, the distance only needs to be right near the edges. */
function triangle(points: [number, number][]): Shape {
  const edges = points.map((a, i) => {
    const b = points[(i + 1) % points.length]!;
    return { ax: a[0], ay: a[1], bx: b[0], by: b[1], distance: capsule(a[0], a[1], b[0], b[1], 0) };
  });
  return (x, y) => {
    let inside = true;
    let nearest = Infinity;
    for (const e of edges) {
      if ((e.bx - e.ax) * (y - e.ay) - (e.by - e.ay) * (x - e.ax) < 0) inside = false;
      nearest = min(nearest, e.distance(x, y));
    }
    return inside ? -nearest : nearest;
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) => {
    let d = Infinity;
    for (const shape of shapes) d = min(d, shape(x, y));
    return d;
  };
const subtract =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    max(a(x, y), -b(x, y));

/** Fraction of the pixel (px, py) that lies inside the shape. */
function coverage(shape: Shape, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    for (let j = 0; j < SAMPLES; j += 1) {
      if (shape(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES) <= 0) hits += 1;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function paint(png: PNG, shape: Shape, [r, g, b]: Rgb): void {
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const a = coverage(shape, x, y);
      if (a === 0) continue;
      const i = (y * png.width + x) * 4;
      const dstA = png.data[i + 3]! / 255;
      const outA = a + dstA * (1 - a);
      const mix = (src: number, dst: number) => round((src * a + dst * dstA * (1 - a)) / outA);
      png.data[i] = mix(r, png.data[i]!);
      png.data[i + 1] = mix(g, png.data[i + 1]!);
      png.data[i + 2] = mix(b, png.data[i + 2]!);
      png.data[i + 3] = round(outA * 255);
    }
  }
}

/** The bubble with its tail, scaled to an icon `size` pixels wide (designed on a 192 grid). */
function bubble(scale: number): Shape {
  const s = (v: number) => v * scale;
  return union(
    roundedBox(s(40), s(46), s(152), s(126), s(18)),
    triangle([
      [s(62), s(116)],
      [s(96), s(116)],
      [s(54), s(150)],
    ]),
  );
}

export function drawColorIcon(): PNG {
  const png = new PNG({ width: COLOR_ICON_SIZE, height: COLOR_ICON_SIZE });
  const accent = hexToRgb(ACCENT_COLOR);
  paint(png, roundedBox(0, 0, COLOR_ICON_SIZE, COLOR_ICON_SIZE, 0), accent);
  const lines = union(capsule(66, 70, 126, 70, 9), capsule(66, 86, 126, 86, 9), capsule(66, 102, 106, 102, 9));
  paint(png, subtract(bubble(1), lines), [255, 255, 255]);
  return png;
}

export function drawOutlineIcon(): PNG {
  const png = new PNG({ width: OUTLINE_ICON_SIZE, height: OUTLINE_ICON_SIZE });
  png.data.fill(0); // transparent
  const scale = OUTLINE_ICON_SIZE / COLOR_ICON_SIZE;
  const outer = bubble(scale * 1.12);
  // A 2-pixel white outline: the bubble less the bubble shrunk by 2 pixels.
  const shifted: Shape = (x, y) => outer(x + 2.2, y + 1.6);
  const ring = subtract(shifted, (x, y) => shifted(x, y) + 2);
  const lines = union(capsule(10, 12, 22, 12, 2), capsule(10, 16, 18, 16, 2));
  paint(png, union(ring, lines), [255, 255, 255]);
  return png;
}

export function encodePng(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}

export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}
