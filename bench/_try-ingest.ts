import { benchIngest } from '/work/main/bench/ingest.ts';
const r = await benchIngest(2000, 16);
console.table(r.map((x) => ({ b: x.name, ...x.metrics })));
process.exit(0);
