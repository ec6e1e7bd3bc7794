/**
 * The clock the policies use: `OKEPOOLS_NOW` (an ISO date, read once when the pack starts) for
 * tests that drive the pack through the protocol, else the real time. Not a user setting.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.OKEPOOLS_NOW;
  if (fixed !== undefined && fixed !== "") {
    const at = new Date(fixed);
    if (!Number.isNaN(at.getTime())) return () => at;
  }
  return () => new Date();
}
