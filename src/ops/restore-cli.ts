// npm run restore -- <src> [--force]: puts a backup made by npm run backup into DATA_DIR, after checking
// it is whole. The bot must be stopped (the folder's lock says so); --force restores over existing data,
// moving it aside first.
import { ConfigError, loadConfig } from '../config.ts';
import { restoreDataFolder } from './restore.ts';

const args = process.argv.slice(2);
const force = args.includes('--force');
const src = args.find((a) => !a.startsWith('--'));
if (!src) {
  console.error(
    '用法 (usage): npm run restore -- <备份目录 backup folder> [--force]   （恢复到 DATA_DIR；机器人须已停止）',
  );
  process.exit(2);
}
try {
  const { dataDir } = loadConfig();
  const r = restoreDataFolder(src, dataDir, { force });
  console.log(
    `恢复完成 (restored): ${src} → ${dataDir}，截至日志第 ${r.manifest.journalAt} 条记录，备份于 ${r.manifest.createdAt}` +
      (r.movedAside ? `；原有文件已移到 ${r.movedAside}` : ''),
  );
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `恢复失败 (restore failed): ${(err as Error).message}`,
  );
  process.exit(1);
}
