// A small SVG renderer for the VChart specs Lark cards carry in `chart` elements: bar (vertical,
// horizontal, grouped), line, area and pie, from `data.values` and the spec's fields. Enough to see
// what officials will see; not a VChart replacement.
import { escapeHtml as esc } from './markdown.js';

// VChart's default palette, so colours match what Lark draws.
export const PALETTE = [
  '#1664FF',
  '#1AC6FF',
  '#FF8A00',
  '#3CC780',
  '#7442D4',
  '#FFC400',
  '#304D77',
  '#B48DEB',
];

const SIZES = { '1:1': [480, 480], '2:1': [600, 300], '4:3': [600, 450], '16:9': [640, 360] };
const FONT = 12;

/** Width of a label in px at the chart's font size (CJK characters are twice as wide as Latin). */
const textWidth = (s) =>
  [...String(s)].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? FONT : FONT * 0.6), 0);
const cut = (s, max) => {
  const chars = [...String(s)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : String(s);
};
const first = (f) => (Array.isArray(f) ? f[0] : f);
const num = (v) => (typeof v === 'number' ? v : Number(v)) || 0;
const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The rows of a spec: `data` may be `{values}`, `[{id, values}]` or a bare array of rows. */
export function rowsOf(spec) {
  const data = spec?.data;
  if (Array.isArray(data))
    return data.flatMap((d) => (Array.isArray(d?.values) ? d.values : d && typeof d === 'object' ? [d] : []));
  return Array.isArray(data?.values) ? data.values : [];
}

/** Round tick step for a value axis: 1, 2 or 5 × 10ⁿ. */
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const s = Number.isInteger(max) && step < 1 ? 1 : step;
  const ticks = [];
  for (let v = 0; v < max + s * 0.001; v += s) ticks.push(Number(v.toFixed(6)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + s).toFixed(6)));
  return ticks;
}

/** Categories in first-seen order and, per series, the value for each category. */
function table(rows, catField, valField, seriesField) {
  const cats = [];
  const series = new Map();
  for (const r of rows) {
    const c = String(r?.[catField] ?? '');
    if (!cats.includes(c)) cats.push(c);
    const s = seriesField ? String(r?.[seriesField] ?? '') : '';
    if (!series.has(s)) series.set(s, new Map());
    series.get(s).set(c, num(r?.[valField]));
  }
  return {
    cats,
    series: [...series.entries()].map(([name, byCat]) => ({
      name,
      values: cats.map((c) => byCat.get(c) ?? 0),
    })),
  };
}

function frame(spec, aspect, legend) {
  const [w, h] = SIZES[aspect] ?? SIZES['16:9'];
  const title = typeof spec.title?.text === 'string' ? spec.title.text : '';
  let svg = '';
  if (title)
    svg += `<text class="ch-title" x="12" y="22" font-size="14" font-weight="600" fill="#1f2329">${esc(title)}</text>`;
  let top = title ? 40 : 14;
  if (legend.length > 1) {
    let x = 12;
    for (const [i, name] of legend.entries()) {
      svg += `<rect x="${x}" y="${top - 9}" width="10" height="10" rx="2" fill="${PALETTE[i % PALETTE.length]}"/>`;
      svg += `<text x="${x + 14}" y="${top}" font-size="${FONT}" fill="#646a73">${esc(cut(name, 10))}</text>`;
      x += 24 + textWidth(cut(name, 10));
    }
    top += 16;
  }
  return { w, h, top, svg };
}

function wrap(w, h, body, label) {
  return `<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg" font-family="inherit">${body}</svg>`;
}

/** Category axis along x (vertical bars, lines) or along y (horizontal bars). */
function cartesian(spec, aspect, kind) {
  const horizontal = kind === 'bar' && spec.direction === 'horizontal';
  const catField = first(horizontal ? spec.yField : spec.xField);
  const valField = first(horizontal ? spec.xField : spec.yField);
  const seriesField =
    spec.seriesField ?? (Array.isArray(spec.xField) && spec.xField.length > 1 ? spec.xField[1] : undefined);
  const { cats, series } = table(rowsOf(spec), catField, valField, seriesField);
  const f = frame(
    spec,
    aspect,
    series.map((s) => s.name),
  );
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const labelsOn = spec.label?.visible === true;
  let svg = f.svg;
  if (cats.length === 0)
    return wrap(
      f.w,
      f.h,
      `${svg}<text x="${f.w / 2}" y="${f.h / 2}" text-anchor="middle" fill="#8f959e" font-size="${FONT}">暂无数据</text>`,
      '',
    );

  if (horizontal) {
    const left = Math.min(140, Math.max(...cats.map((c) => textWidth(cut(c, 10)))) + 16);
    const plot = { x: left, y: f.top + 4, w: f.w - left - 28, h: f.h - f.top - 28 };
    const band = plot.h / cats.length;
    for (const t of ticks) {
      const x = plot.x + (t / top) * plot.w;
      svg += `<line x1="${x}" y1="${plot.y}" x2="${x}" y2="${plot.y + plot.h}" stroke="#e5e6eb"/>`;
      svg += `<text x="${x}" y="${plot.y + plot.h + 16}" text-anchor="middle" font-size="${FONT}" fill="#86909c">${fmt(t)}</text>`;
    }
    const bh = Math.min(28, (band * 0.6) / series.length);
    cats.forEach((c, i) => {
      const cy = plot.y + band * i + band / 2;
      svg += `<text x="${plot.x - 8}" y="${cy + 4}" text-anchor="end" font-size="${FONT}" fill="#646a73">${esc(cut(c, 10))}</text>`;
      series.forEach((s, k) => {
        const y = cy - (bh * series.length) / 2 + k * bh;
        const bw = (s.values[i] / top) * plot.w;
        svg += `<rect class="bar" data-x="${esc(c)}" data-y="${s.values[i]}" x="${plot.x}" y="${y}" width="${Math.max(bw, 0)}" height="${bh - 1}" rx="2" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(c)}：${fmt(s.values[i])}</title></rect>`;
        if (labelsOn)
          svg += `<text x="${plot.x + bw + 4}" y="${y + bh / 2 + 4}" font-size="${FONT}" fill="#646a73">${fmt(s.values[i])}</text>`;
      });
    });
    return wrap(f.w, f.h, svg, spec.title?.text ?? '');
  }

  const left = Math.max(...ticks.map((t) => textWidth(fmt(t)))) + 18;
  const band0 = (f.w - left - 16) / cats.length;
  const longest = Math.max(...cats.map((c) => textWidth(cut(c, 8))));
  const rotate = longest > band0 - 6;
  const bottom = rotate ? Math.min(96, longest * 0.64 + 20) : 26;
  const plot = { x: left, y: f.top + (labelsOn ? 14 : 6), w: f.w - left - 16, h: 0 };
  plot.h = f.h - plot.y - bottom;
  const band = plot.w / cats.length;
  const yOf = (v) => plot.y + plot.h - (v / top) * plot.h;
  for (const t of ticks) {
    const y = yOf(t);
    svg += `<line x1="${plot.x}" y1="${y}" x2="${plot.x + plot.w}" y2="${y}" stroke="${t === 0 ? '#c9cdd4' : '#e5e6eb'}"/>`;
    svg += `<text x="${plot.x - 8}" y="${y + 4}" text-anchor="end" font-size="${FONT}" fill="#86909c">${fmt(t)}</text>`;
  }
  cats.forEach((c, i) => {
    const cx = plot.x + band * i + band / 2;
    const ly = plot.y + plot.h + 16;
    svg += rotate
      ? `<text x="${cx}" y="${ly}" text-anchor="end" font-size="${FONT}" fill="#646a73" transform="rotate(-40 ${cx} ${ly})">${esc(cut(c, 8))}</text>`
      : `<text x="${cx}" y="${ly}" text-anchor="middle" font-size="${FONT}" fill="#646a73">${esc(c)}</text>`;
  });
  if (kind === 'bar') {
    const bw = Math.min(40, (band * 0.62) / series.length);
    cats.forEach((c, i) => {
      series.forEach((s, k) => {
        const x = plot.x + band * i + band / 2 - (bw * series.length) / 2 + k * bw;
        const y = yOf(s.values[i]);
        svg += `<rect class="bar" data-x="${esc(c)}" data-y="${s.values[i]}" x="${x}" y="${y}" width="${bw - 1}" height="${Math.max(plot.y + plot.h - y, 0)}" rx="2" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(c)}：${fmt(s.values[i])}</title></rect>`;
        if (labelsOn)
          svg += `<text x="${x + bw / 2}" y="${y - 5}" text-anchor="middle" font-size="${FONT}" fill="#646a73">${fmt(s.values[i])}</text>`;
      });
    });
  } else {
    series.forEach((s, k) => {
      const color = PALETTE[k % PALETTE.length];
      const pts = s.values.map((v, i) => [plot.x + band * i + band / 2, yOf(v)]);
      const path = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
      if (kind === 'area' && pts.length) {
        svg += `<path d="${path}L${pts[pts.length - 1][0].toFixed(1)},${yOf(0)}L${pts[0][0].toFixed(1)},${yOf(0)}Z" fill="${color}" fill-opacity="0.15"/>`;
      }
      svg += `<path class="line" d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`;
      if (spec.point?.visible !== false) {
        pts.forEach(([x, y], i) => {
          svg += `<circle class="pt" data-x="${esc(cats[i])}" data-y="${s.values[i]}" cx="${x}" cy="${y}" r="3.5" fill="#fff" stroke="${color}" stroke-width="2"><title>${esc(cats[i])}：${fmt(s.values[i])}</title></circle>`;
          if (labelsOn)
            svg += `<text x="${x}" y="${y - 8}" text-anchor="middle" font-size="${FONT}" fill="#646a73">${fmt(s.values[i])}</text>`;
        });
      }
    });
  }
  return wrap(f.w, f.h, svg, spec.title?.text ?? '');
}

function pie(spec, aspect) {
  const cat = spec.categoryField;
  const val = spec.valueField;
  const rows = rowsOf(spec).map((r) => ({ c: String(r?.[cat] ?? ''), v: Math.max(0, num(r?.[val])) }));
  const f = frame(spec, aspect, []);
  const total = rows.reduce((s, r) => s + r.v, 0);
  const cx = f.w * 0.36;
  const cy = f.top + (f.h - f.top) / 2;
  const r = Math.min(f.w * 0.3, (f.h - f.top) / 2 - 10);
  const inner = Math.max(0, Math.min(0.9, num(spec.innerRadius))) * r;
  let svg = f.svg;
  let a = -Math.PI / 2;
  rows.forEach((row, i) => {
    const color = PALETTE[i % PALETTE.length];
    const share = total ? row.v / total : 0;
    const b = a + share * Math.PI * 2;
    const large = b - a > Math.PI ? 1 : 0;
    const p = (ang, rad) =>
      `${(cx + Math.cos(ang) * rad).toFixed(1)},${(cy + Math.sin(ang) * rad).toFixed(1)}`;
    const d =
      share >= 0.9999
        ? `M${p(a, r)}A${r},${r} 0 1 1 ${p(a + Math.PI, r)}A${r},${r} 0 1 1 ${p(a, r)}Z`
        : `M${inner ? p(a, inner) : `${cx},${cy}`}L${p(a, r)}A${r},${r} 0 ${large} 1 ${p(b, r)}${inner ? `L${p(b, inner)}A${inner},${inner} 0 ${large} 0 ${p(a, inner)}` : ''}Z`;
    svg += `<path class="slice" data-x="${esc(row.c)}" data-y="${row.v}" d="${d}" fill="${color}" stroke="#fff"><title>${esc(row.c)}：${fmt(row.v)}</title></path>`;
    const ly = f.top + 10 + i * 20;
    svg += `<rect x="${f.w * 0.7}" y="${ly - 9}" width="10" height="10" rx="2" fill="${color}"/><text x="${f.w * 0.7 + 16}" y="${ly}" font-size="${FONT}" fill="#646a73">${esc(cut(row.c, 10))} ${fmt(row.v)}</text>`;
    a = b;
  });
  if (inner) svg += `<circle cx="${cx}" cy="${cy}" r="${inner}" fill="#fff"/>`;
  return wrap(f.w, f.h, svg, spec.title?.text ?? '');
}

/** A `chart` element's spec as SVG markup. */
export function renderChart(spec, aspect = '16:9') {
  const type = spec?.type;
  if (type === 'bar' || type === 'line' || type === 'area') return cartesian(spec, aspect, type);
  if (type === 'pie') return pie(spec, aspect);
  return `<div class="chart-unsupported">图表（${esc(String(type ?? '未知类型'))}）暂不支持预览</div>`;
}
