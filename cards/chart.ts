import type { Element } from './card.ts';

// Card `chart` elements carry a VChart spec (reference/lark-platform.md §4.1); no JavaScript in it.

export function barChart(
  title: string,
  values: Array<{ x: string; y: number }>,
  xTitle: string,
  yTitle: string,
): Element {
  return {
    tag: 'chart',
    aspect_ratio: values.length > 8 ? '4:3' : '16:9',
    chart_spec: {
      type: 'bar',
      title: { text: title },
      data: { values: values.map((v) => ({ [xTitle]: v.x, [yTitle]: v.y })) },
      xField: xTitle,
      yField: yTitle,
      label: { visible: true },
    },
  };
}

export function lineChart(
  title: string,
  values: Array<{ x: string; y: number }>,
  xTitle: string,
  yTitle: string,
): Element {
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    chart_spec: {
      type: 'line',
      title: { text: title },
      data: { values: values.map((v) => ({ [xTitle]: v.x, [yTitle]: v.y })) },
      xField: xTitle,
      yField: yTitle,
      point: { visible: true },
    },
  };
}
