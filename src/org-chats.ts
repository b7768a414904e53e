// `npm run org:chats`: the group chats the bot is in, to fill in the roles file's "chats".
// Beijing dates whatever the host's zone, set before anything that reads a date is loaded (as main.ts).
process.env.TZ = 'Asia/Shanghai';

const { runOrgChats } = await import('./org-sync/cli.ts');
runOrgChats(process.env, { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      `读取群列表失败 (listing chats failed): ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  },
);
