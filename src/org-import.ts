import { runOrgImport } from './org-sync/cli.ts';

// `npm run org:import`: Lark's directory plus the roles file → the org file (see README).
runOrgImport(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`导入失败 (org import failed): ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
