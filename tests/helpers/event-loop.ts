/** How many times the event loop turned while `work` ran (a setImmediate chain counts each turn). */
export async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const count = () => {
    if (!running) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}
