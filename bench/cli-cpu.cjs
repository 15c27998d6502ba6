// Preloaded into each CLI process by bench/cli.ts: appends the process's CPU time (all threads) to the file it names.
process.on('exit', () => {
  const u = process.cpuUsage();
  require('node:fs').appendFileSync(process.env.CLIENTELA_BENCH_CPU_FILE, `${(u.user + u.system) / 1000}\n`);
});
