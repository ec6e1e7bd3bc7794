import * as pulumi from "@pulumi/pulumi";
import { whileRunning } from "./whileRunning";

/** The SDK's per-resource capture, a private static of `Resource` (pinned @pulumi/pulumi). */
interface CallsiteCapture {
  callsites?: () => unknown[];
}

const tracesOff = whileRunning(() => {
  const resource = pulumi.Resource as unknown as CallsiteCapture;
  const own = Object.prototype.hasOwnProperty.call(resource, "callsites");
  const callsites =
    own && typeof resource.callsites === "function" ? resource.callsites : undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  if (callsites) resource.callsites = () => [];
  return () => {
    Error.stackTraceLimit = limit;
    if (callsites) resource.callsites = callsites;
  };
});

/**
 * Turns the SDK's stack traces off while a program runs offline; returns what turns them back
 * on (once every run that turned them off has done so: runs may overlap). The SDK captures one
 * for every promise of every output (bounded by `Error.stackTraceLimit`) and, whatever that
 * limit, one of unbounded depth for every resource it constructs (`Resource.callsites`, which
 * sends the engine the program's source positions). Offline nothing reads them, and formatting
 * them through ts-node's source maps is most of what registering a resource allocates: the
 * deeper a resource sits in components, the longer its trace. `OKEPOOLS_STACK_TRACES=1` keeps
 * them, to debug a program.
 */
export function stackTracesOff(): () => void {
  if (process.env.OKEPOOLS_STACK_TRACES === "1") return () => undefined;
  return tracesOff();
}
