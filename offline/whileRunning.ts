/**
 * A process-wide setting that must hold while any of several overlapping runs is going on: the
 * first run applies it, the release of the last one undoes it. Each release counts once.
 */
export function whileRunning(apply: () => () => void): () => () => void {
  let undo: (() => void) | undefined;
  let runs = 0;
  return () => {
    if (runs++ === 0) undo = apply();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--runs > 0) return;
      undo?.();
      undo = undefined;
    };
  };
}
