import type { Element } from './card.ts';

// Card `chart` elements carry a VChart spec (reference/lark-platform.md §4.1); no JavaScript in it.

type Point = { x: string; y: number };

function chart(
  type: 'bar' | 'line',
  aspect: string,
  title: string,
  values: Point[],
  xTitle: string,
  yTitle: string,
  marks: Record<string, unknown>,
): Element {
  return {
    tag: 'chart',
    aspect_ratio: aspect,
    chart_spec: {
      type,
      title: { text: title },
      data: { values: values.map((v) => ({ [xTitle]: v.x, [yTitle]: v.y })) },
      xField: xTitle,
      yField: yTitle,
      ...marks,
    },
  };
}

/** Bars carry their value as a label; many bars get a taller chart. */
export function barChart(title: string, values: Point[], xTitle: string, yTitle: string): Element {
  const aspect = values.length > 8 ? '4:3' : '16:9';
  return chart('bar', aspect, title, values, xTitle, yTitle, { label: { visible: true } });
}

/** A line with its points marked. */
export function lineChart(title: string, values: Point[], xTitle: string, yTitle: string): Element {
  return chart('line', '16:9', title, values, xTitle, yTitle, { point: { visible: true } });
}
