// Loaded with --require into the measured CLI: writes its peak RSS (bytes), CPU time (µs) and the
// V8 heap at exit to $ANTREA_MC_BENCH_OUT when it exits.
const { writeFileSync } = require("node:fs");
const v8 = require("node:v8");
process.on("exit", () => {
  const u = process.resourceUsage();
  const h = v8.getHeapStatistics();
  const m = process.memoryUsage();
  writeFileSync(
    process.env.ANTREA_MC_BENCH_OUT,
    JSON.stringify({
      maxRssBytes: u.maxRSS * 1024,
      cpuMicros: u.userCPUTime + u.systemCPUTime,
      heapTotal: h.total_heap_size,
      heapUsed: h.used_heap_size,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      peakMalloced: h.peak_malloced_memory,
    }),
  );
});
