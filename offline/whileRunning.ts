/**
 * A process-wide setting that must hold while any of several overlapping runs is going on: the
 * first run applies it, the release of the last one undoes it. Each release counts once; a
 * setting that fails to apply counts no run.
 */
export function whileRunning(apply: () => () => void): () => () => void {
  let undo: (() => void) | undefined;
  let runs = 0;
  return () => {
    if (runs === 0) undo = apply(); // a throw leaves nothing counted
    runs++;
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
