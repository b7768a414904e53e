// `npm run org:import`: Lark's directory plus the roles file → the org file (see README).
// Beijing dates whatever the host's zone, set before anything that reads a date is loaded (as main.ts).
process.env.TZ = 'Asia/Shanghai';

const { runOrgImport } = await import('./org-sync/cli.ts');
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
