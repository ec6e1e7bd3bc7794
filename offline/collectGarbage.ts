import * as v8 from "v8";
import * as vm from "vm";

let gc: (() => void) | undefined;

/**
 * A full garbage collection, for the one moment the offline preview knows most of its heap is
 * dead: the program's run has ended and the mock monitor's state is released. V8 would grow the
 * heap further before collecting (there is memory to spare), so without it the policy phase's
 * allocations land on top of the program's garbage and set the preview's peak. Exposed the way
 * Jest's `--logHeapUsage` does it when Node was not started with `--expose-gc`.
 */
export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === "function") gc = exposed;
    else {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    }
  }
  gc();
}
