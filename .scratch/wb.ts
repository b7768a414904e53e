import { benchWorstInput } from '../bench/worst-input.ts';
const r = await benchWorstInput(3);
console.table(r.map((x) => ({ name: x.name, ...x.metrics })));
process.exit(0);
