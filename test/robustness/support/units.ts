/**
 * What a mandatory finding is about, for "no new mandatory violation": the blue/green pair its
 * message names (a pair's findings are about the pair, and which of its pools carries one depends
 * on the order of the pools), else its resource ("" for the stack itself).
 */
export function unitOf(f: { readonly urn?: string; readonly message: string }): string {
  const pair = /blue\/green pair "([^"]*)"/.exec(f.message);
  return pair ? `pair ${pair[1]}` : (f.urn ?? "");
}
