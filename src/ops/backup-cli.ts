// npm run backup -- <dest>: a consistent backup of DATA_DIR (the same variables as the bot, so the
// same folder), hot when the bot runs. One line on success; the reason and exit 1 otherwise.
import { ConfigError, loadConfig } from '../config.ts';
import { backupDataFolder } from './backup.ts';

const dest = process.argv[2];
if (!dest || dest.startsWith('-')) {
  console.error(
    '用法 (usage): npm run backup -- <目标目录 destination folder>   （备份 DATA_DIR；目标须为新的或空的目录）',
  );
  process.exit(2);
}
try {
  const { dataDir } = loadConfig();
  const { manifest } = await backupDataFolder(dataDir, dest);
  const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
  console.log(
    `备份完成 (backup done): ${manifest.source} → ${dest}，截至日志第 ${manifest.journalAt} 条记录 (as of journal record ${manifest.journalAt})，` +
      `${manifest.files.length} 个文件，${(bytes / 1024 / 1024).toFixed(1)} MB，${manifest.hot ? '运行中热备份 (hot, from the running bot)' : '停机备份 (cold)'}`,
  );
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `备份失败 (backup failed): ${(err as Error).message}`,
  );
  process.exit(1);
}
