// Types for the page's plain-JS chart renderer, so the node tests can import it.
export const PALETTE: string[];
export function rowsOf(spec: unknown): Array<Record<string, unknown>>;
export function niceTicks(max: number, count?: number): number[];
export function renderChart(spec: unknown, aspect?: string): string;
