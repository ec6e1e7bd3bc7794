// Loaded into a process through NODE_OPTIONS="--require <this file>" by bench/run.ts: when the
// process ends (normally or on SIGTERM, which is how the analyzer driver stops a policy pack), it
// appends one JSON line to $BENCH_RSS_FILE: its pid, its parent's, its entry script and its peak
// resident set size (getrusage ru_maxrss). Nothing else changes in the process.
"use strict";
const { appendFileSync } = process.getBuiltinModule("node:fs");

const file = process.env.BENCH_RSS_FILE;
if (file) {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const line = {
      pid: process.pid,
      ppid: process.ppid,
      script: process.argv[1] ?? "",
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // the measurement is lost, the process is not disturbed
    }
  };
  process.on("exit", write);
  process.once("SIGTERM", () => {
    write();
    process.exit(143);
  });
}
