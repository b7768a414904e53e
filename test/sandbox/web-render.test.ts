import { beforeAll, describe, expect, it } from 'vitest';
import { button, card, columns, datePicker, form, hr, input, md, select } from '../../cards/card.ts';
import { barChart, lineChart } from '../../cards/chart.ts';
import { LEAVE_ACTIONS } from '../../cards/leave.ts';
import { buildLeaveFormCard } from '../../cards/leave-form.ts';
import { esc } from '../../cards/markdown.ts';
import type { OrgIndex } from '../../src/domain/org.ts';
import { loadOrg } from '../../src/org-loader.ts';
import { renderCard } from '../../src/sandbox/web/public/card.js';
import { niceTicks, renderChart } from '../../src/sandbox/web/public/chart.js';
import { renderMarkdown, renderText } from '../../src/sandbox/web/public/markdown.js';

// The page's renderers run in the browser; they are plain ES modules, so they are tested here in node
// against the cards the bot really builds.

const names: Record<string, string> = { ou_caomin: '曹敏' };
const ctx = { nameOf: (id: string) => names[id], botName: '政务督办助手' };
const attrs = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1]);

describe('card markdown as Lark shows it', () => {
  it.each([
    ['bold', '孙海燕 **同意**', '孙海燕 <strong>同意</strong>'],
    ['font colour', "<font color='red'>⚠ 迟报</font>", '<span class="fc fc-red">⚠ 迟报</span>'],
    [
      'bold inside colour',
      "<font color='red'>**催办**</font>",
      '<span class="fc fc-red"><strong>催办</strong></span>',
    ],
    [
      'mention by open_id, shown as the name',
      '<at id=ou_caomin></at> 请办理',
      '<span class="at">@曹敏</span> 请办理',
    ],
    ['mention of everyone', '<at id=all></at>', '<span class="at at-all">@所有人</span>'],
    ['link', '[台账](https://example.gov.cn/a?b=1&c=2)', 'href="https://example.gov.cn/a?b=1&amp;c=2"'],
    ['strike and code', '~~旧~~ `Q0001`', '<del>旧</del> <code>Q0001</code>'],
  ])('%s', (_n, src, html) => {
    expect(renderMarkdown(src, ctx)).toContain(html);
  });

  it('shows what an official typed as characters: the bot’s entities decode after the markup is read', () => {
    const typed = '<at id=all></at> **不行** [x](https://evil.example) <script>alert(1)</script>';
    const html = renderMarkdown(esc(typed), ctx);
    expect(html).not.toContain('<strong>');
    expect(html).not.toContain('class="at');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;at id=all&gt;&lt;/at&gt; **不行** [x](https://evil.example) &lt;script&gt;');
  });

  it('never links a javascript: URL, and escapes raw HTML', () => {
    expect(renderMarkdown('[点我](javascript:alert(1))')).not.toContain('<a ');
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('lists (bulleted, numbered, nested), headings, rules, and the progress lines’ full-width indent', () => {
    const html = renderMarkdown(
      '**逾期事项**\n- 一\n- 二\n  - 二之一\n1. 甲\n2. 乙\n---\n# 标题\n　孙海燕 **同意**',
    );
    expect(html.match(/<ul class="md-list">/g)).toHaveLength(2);
    expect(html.match(/<ol class="md-list">/g)).toHaveLength(1);
    expect(html.match(/<li>/g)).toHaveLength(5);
    expect(html).toContain('<hr class="md-hr">');
    expect(html).toContain('<div class="md-h md-h1">标题</div>');
    expect(html).toContain('<div class="md-line">　孙海燕 <strong>同意</strong></div>');
  });

  it('text messages: <at user_id> and @_user_1 mentions, links, line breaks, nothing else', () => {
    const html = renderText(
      '@_user_1 /请假\n<at user_id="ou_caomin">曹敏</at> <b>x</b> https://a.example/x',
      ctx,
    );
    expect(html).toBe(
      '<span class="at">@政务督办助手</span> /请假<br><span class="at">@曹敏</span> &lt;b&gt;x&lt;/b&gt; <a href="https://a.example/x" target="_blank" rel="noopener noreferrer">https://a.example/x</a>',
    );
  });
});

describe('charts from chart_spec', () => {
  it('the digest’s bar chart (cards/chart.ts): one bar per unit, heights in proportion, labels and title', () => {
    const spec = barChart(
      '各单位逾期事项数',
      [
        { x: '区教育局', y: 4 },
        { x: '区司法局', y: 2 },
      ],
      '单位',
      '逾期数',
    ).chart_spec;
    const svg = renderChart(spec, '16:9');
    expect(attrs(svg, /class="bar" data-x="([^"]+)"/g)).toEqual(['区教育局', '区司法局']);
    const heights = attrs(svg, /class="bar"[^>]* height="([\d.]+)"/g).map(Number);
    expect(heights[0]! / heights[1]!).toBeCloseTo(2, 5);
    expect(svg).toContain('aria-label="各单位逾期事项数"');
    expect(svg).toContain('>4</text>'); // label: { visible: true }
  });

  it('a standard VChart bar spec and the `data: [{id, values}]` shape', () => {
    const values = [
      { dept: '财政局', count: 3 },
      { dept: '教育局', count: 1 },
      { dept: '司法局', count: 0 },
    ];
    for (const data of [{ values }, [{ id: 'overdue', values }]]) {
      const svg = renderChart({ type: 'bar', data, xField: 'dept', yField: 'count' });
      expect(attrs(svg, /data-y="([\d.]+)"/g)).toEqual(['3', '1', '0']);
    }
  });

  it('the weekly line chart (cards/chart.ts): a path through one point per week', () => {
    const spec = lineChart(
      '逾期趋势',
      ['11-06', '11-13', '11-20'].map((x, i) => ({ x, y: [5, 3, 4][i]! })),
      '周',
      '逾期数',
    ).chart_spec;
    const svg = renderChart(spec);
    expect(svg.match(/class="line"/g)).toHaveLength(1);
    expect(attrs(svg, /class="pt" data-x="([^"]+)"/g)).toEqual(['11-06', '11-13', '11-20']);
  });

  it('series (grouped bars with a legend), horizontal bars, pie, and an unknown type', () => {
    const grouped = renderChart({
      type: 'bar',
      data: {
        values: [
          { d: 'A', k: '逾期', n: 2 },
          { d: 'A', k: '到期', n: 1 },
          { d: 'B', k: '逾期', n: 1 },
        ],
      },
      xField: ['d', 'k'],
      yField: 'n',
      seriesField: 'k',
    });
    expect(grouped.match(/class="bar"/g)).toHaveLength(4);
    expect(grouped).toContain('>逾期</text>');
    const horizontal = renderChart({
      type: 'bar',
      direction: 'horizontal',
      data: { values: [{ u: 'A', n: 2 }] },
      xField: 'n',
      yField: 'u',
    });
    expect(horizontal).toMatch(/class="bar" data-x="A" data-y="2"/);
    const pie = renderChart({
      type: 'pie',
      data: {
        values: [
          { t: '请假', v: 1 },
          { t: '批示', v: 3 },
        ],
      },
      categoryField: 't',
      valueField: 'v',
    });
    expect(pie.match(/class="slice"/g)).toHaveLength(2);
    expect(renderChart({ type: 'wordCloud' })).toContain('暂不支持预览');
  });

  it('escapes labels and rounds the value axis to 1, 2 or 5 steps', () => {
    expect(
      renderChart({ type: 'bar', data: { values: [{ x: '<b>', y: 1 }] }, xField: 'x', yField: 'y' }),
    ).toContain('&lt;b&gt;');
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(2)).toEqual([0, 1, 2]);
    expect(niceTicks(130)).toEqual([0, 50, 100, 150]);
  });
});

describe('cards (Card JSON 2.0) from the bot’s own builders', () => {
  let org: OrgIndex;
  beforeAll(async () => {
    org = (await loadOrg('data/org.example.json')).index;
  });

  it('the /请假 form: header colour, labelled inputs, date pickers, selects, multiline, and a submit part', () => {
    const { html, actions } = renderCard(buildLeaveFormCard({ org, submitter: 'cao-min' }), ctx);
    expect(html).toContain('<div class="c-head t-blue"><div class="c-title">请假 / 离阜报备</div>');
    expect(html).toMatch(/<form class="c-form" data-form="leave_form"/);
    expect(html).toMatch(/<input class="c-input c-date" type="date" data-field="start"/);
    expect(html).toMatch(/<textarea [^>]*data-field="reason"/);
    expect(html).toMatch(/<select [^>]*data-field="type"[^>]*>.*<option value="out_of_city" selected>/s);
    expect(html).toContain('<span class="c-label">去向</span>');
    const submit = actions.find((a) => a.submit);
    expect(submit).toMatchObject({
      kind: 'button',
      form: 'leave_form',
      value: { action: LEAVE_ACTIONS.submit },
    });
  });

  it('subtitle, columns, buttons of every type, hr, a chart, and a part it does not know', () => {
    const c = card(
      '请假审批 · 曹敏',
      'orange',
      [
        md('**申请人**：曹敏'),
        hr(),
        columns([
          [button('同意', { answer: 'approve' }, 'primary_filled')],
          [button('不同意', { answer: 'reject' }, 'danger')],
        ]),
        form(
          'f',
          [
            input('comment', '意见', { required: true }),
            datePicker('d', '日期'),
            select('s', '类别', [{ label: '甲', value: 'a' }]),
          ],
          {
            label: '提交',
            value: { action: 'x' },
          },
        ),
        {
          tag: 'multi_select_static',
          name: 'm',
          options: [{ text: { tag: 'plain_text', content: '区财政局' }, value: 'finance' }],
          selected_values: ['finance'],
        },
        barChart('t', [{ x: 'A', y: 1 }], 'x', 'y'),
        { tag: 'mystery' },
      ],
      'Q0001 · 办理中',
    );
    const { html, actions } = renderCard(c, ctx);
    expect(html).toContain('<div class="c-sub">Q0001 · 办理中</div>');
    expect(html).toContain('c-head t-orange');
    expect(html).toMatch(/class="c-cols"><div class="c-col" style="flex:1 1 0/);
    expect(html).toMatch(/class="c-btn b-primary_filled" data-act="0">同意</);
    expect(html).toMatch(/class="c-btn b-danger" data-act="1">不同意</);
    expect(html).toContain('<hr class="c-hr">');
    expect(html).toMatch(/data-field="comment"[^>]*data-required/);
    expect(html).toMatch(
      /<details class="c-input c-multi" data-field="m"[^>]*><summary>区财政局<\/summary>.*value="finance"[^>]* checked/s,
    );
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('[暂不支持预览的组件：mystery]');
    expect(actions.slice(0, 2)).toEqual([
      expect.objectContaining({ kind: 'button', value: { answer: 'approve' }, submit: false }),
      expect.objectContaining({ kind: 'button', value: { answer: 'reject' }, submit: false }),
    ]);
  });

  it('decodes entities in plain text and never lets a title carry markup', () => {
    const { html } = renderCard({
      header: { title: { tag: 'plain_text', content: '<b>&#42;</b>' }, template: 'nope' },
      body: { elements: [] },
    });
    expect(html).toContain('<div class="c-head t-default"><div class="c-title">&lt;b&gt;*&lt;/b&gt;</div>');
  });
});
