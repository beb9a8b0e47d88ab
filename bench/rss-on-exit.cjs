// Preloaded into a measured process: reports its peak resident memory and its own CPU time
// (user + system) when it exits. CPU time of child processes (e.g. a native binary) is read by
// the parent from the shell's `times`, see bench/synth.ts.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${u.maxRSS}\nBENCH_CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
