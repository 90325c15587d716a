// Loaded with --require into the measured CLI: writes its peak RSS (bytes) and CPU time (µs) to
// $ANTREA_MC_BENCH_OUT when it exits.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const u = process.resourceUsage();
  writeFileSync(
    process.env.ANTREA_MC_BENCH_OUT,
    JSON.stringify({ maxRssBytes: u.maxRSS * 1024, cpuMicros: u.userCPUTime + u.systemCPUTime }),
  );
});
