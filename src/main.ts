// The entry point. Every date in the rules is a Beijing date, and chinese-days and chrono-node read the
// process time zone: it is set here, before any module that could compute a date is loaded (hence the
// dynamic import — static imports would be evaluated before this line). Node applies a TZ assigned at
// run time to every Date and Intl call that follows.
process.env.TZ = 'Asia/Shanghai';

const { boot } = await import('./boot.ts');
await boot();
