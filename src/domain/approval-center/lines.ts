import type { DescribeEnv, FormLine } from './types.ts';

/** A form value cut to fit: the Approval Center list shows a line, not a page (2048 characters at most). */
export function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export const line = (label: string, labelEn: string, value: string): FormLine => ({
  label,
  labelEn,
  value: clip(value),
});

export const personName = (env: DescribeEnv, id: string): string => env.org.person(id)?.name ?? id;

export const deptName = (env: DescribeEnv, id: string): string => env.org.department(id)?.name ?? id;
