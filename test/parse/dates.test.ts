import { describe, expect, it } from 'vitest';
import { parseDate, parseDateSpan } from '../../src/parse/dates.ts';

const now = new Date('2026-11-26T10:00:00+08:00'); // a Thursday
const lateDecember = new Date('2026-12-20T10:00:00+08:00');

describe('parseDateSpan: forms an official types', () => {
  it.each([
    ['12月1日至12月3日', '2026-12-01', '2026-12-03'],
    ['12月1日-12月3日', '2026-12-01', '2026-12-03'],
    ['12月1日到3日', '2026-12-01', '2026-12-03'],
    ['12月1日至3日', '2026-12-01', '2026-12-03'],
    ['12月1日-3日', '2026-12-01', '2026-12-03'],
    ['12月1日～12月3日', '2026-12-01', '2026-12-03'],
    ['12月1日—12月3日', '2026-12-01', '2026-12-03'],
    ['12月1日 至 12月3日', '2026-12-01', '2026-12-03'],
    ['12月28日至1月3日', '2026-12-28', '2027-01-03'],
    ['十二月一日至十二月三日', '2026-12-01', '2026-12-03'],
    ['明天', '2026-11-27', '2026-11-27'],
    ['后天', '2026-11-28', '2026-11-28'],
    ['今天', '2026-11-26', '2026-11-26'],
    ['下周一', '2026-11-30', '2026-11-30'],
    ['明天至后天', '2026-11-27', '2026-11-28'],
    ['下周一到下周三', '2026-11-30', '2026-12-02'],
    ['2026-12-01', '2026-12-01', '2026-12-01'],
    ['2026-12-01至2026-12-05', '2026-12-01', '2026-12-05'],
    ['2026/12/1', '2026-12-01', '2026-12-01'],
    ['2026/12/1-2026/12/5', '2026-12-01', '2026-12-05'],
    ['２０２６年１２月１日', '2026-12-01', '2026-12-01'],
    ['12月5日', '2026-12-05', '2026-12-05'],
    ['11月26日', '2026-11-26', '2026-11-26'],
    ['1月5日', '2027-01-05', '2027-01-05'],
  ])('%s → %s … %s', (text, start, end) => {
    expect(parseDateSpan(text, now)).toEqual({ ok: true, start, end, rest: '' });
  });

  it('1月5日 typed in late December is next year', () => {
    expect(parseDateSpan('1月5日', lateDecember)).toMatchObject({ ok: true, start: '2027-01-05' });
  });

  it('today’s date typed in the afternoon stays this year (chrono’s implied noon)', () => {
    const afternoon = new Date('2026-11-26T15:00:00+08:00');
    expect(parseDateSpan('11月26日', afternoon)).toMatchObject({ ok: true, start: '2026-11-26' });
  });

  it('uses the Beijing date of `now`, also just after Beijing midnight', () => {
    const justAfterMidnight = new Date('2026-11-26T16:30:00Z'); // 2026-11-27 00:30 in Beijing
    expect(parseDateSpan('明天', justAfterMidnight)).toMatchObject({ ok: true, start: '2026-11-28' });
  });
});

describe('parseDateSpan: whole leave commands (§71)', () => {
  it.each([
    ['/请假 12月1日至12月3日 北京 参加培训', '2026-12-01', '2026-12-03', '北京 参加培训'],
    ['/请假 明天 沈阳 汇报工作', '2026-11-27', '2026-11-27', '沈阳 汇报工作'],
    ['12月1日至12月3日 北京 参加培训', '2026-12-01', '2026-12-03', '北京 参加培训'],
    ['12月1日到3日，北京，参加培训', '2026-12-01', '2026-12-03', '北京，参加培训'],
    ['北京 12月1日—12月3日 参加培训', '2026-12-01', '2026-12-03', '北京 参加培训'],
  ])('%s', (text, start, end, rest) => {
    expect(parseDateSpan(text, now)).toEqual({ ok: true, start, end, rest });
  });
});

describe('parseDateSpan: failures', () => {
  it.each([
    ['2月30日', 'invalid_date', '2月没有30日'],
    ['2026-02-30', 'invalid_date', '2月没有30日'],
    ['2026-13-01', 'invalid_date', '没有13月'],
    ['2026/2/30', 'invalid_date', '2月没有30日'],
    ['4月31日', 'invalid_date', '4月没有31日'],
    ['二月三十日', 'invalid_date', '2月没有30日'],
    ['2月29日', 'invalid_date', '2027年2月没有29日'],
    ['12月1日至2月30日', 'invalid_date', '2月没有30日'],
    ['11月29日到31日', 'invalid_date', '11月没有31日'],
    ['12月3日至12月1日', 'end_before_start', '结束日期12月1日早于开始日期12月3日'],
    ['2026-12-05至2026-12-01', 'end_before_start', '结束日期12月1日早于开始日期12月5日'],
    ['12月3日到1日', 'end_before_start', '结束日期12月1日早于开始日期12月3日'],
    ['北京 参加培训', 'no_date', expect.stringContaining('没有找到日期')],
    ['', 'no_date', expect.any(String)],
  ])('%s → %s', (text, reason, detail) => {
    expect(parseDateSpan(text, now)).toEqual({ ok: false, reason, detail });
  });

  it('2月29日 of a leap year is fine', () => {
    expect(parseDateSpan('2028年2月29日', now)).toMatchObject({ ok: true, start: '2028-02-29' });
  });
});

describe('parseDate: one date (form fields, the Lark date picker)', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026-12-01 +0800', '2026-12-01'],
    ['2026-12-01 -0500', '2026-12-01'],
    ['12月1日', '2026-12-01'],
    ['2026年12月1日', '2026-12-01'],
    ['明天', '2026-11-27'],
  ])('%s → %s', (text, date) => {
    expect(parseDate(text, now)).toEqual({ ok: true, date });
  });

  it.each([
    ['2026-02-30 +0800', 'invalid_date'],
    ['2026-13-01', 'invalid_date'],
    ['随便', 'no_date'],
    ['12月1日至12月3日', 'not_single_date'],
  ])('%s → %s', (text, reason) => {
    expect(parseDate(text, now)).toMatchObject({ ok: false, reason });
  });
});
