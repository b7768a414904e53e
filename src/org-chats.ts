import { runOrgChats } from './org-sync/cli.ts';

// `npm run org:chats`: the group chats the bot is in, to fill in the roles file's "chats".
runOrgChats(process.env, { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      `读取群列表失败 (listing chats failed): ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  },
);
