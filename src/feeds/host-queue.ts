/** One request at a time per host: tasks for one host run in order, different hosts in parallel. */
export class HostQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Hosts with a request running now (tests and the bench watch this). */
  readonly active = new Map<string, number>();

  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      this.active.set(key, (this.active.get(key) ?? 0) + 1);
      try {
        return await task();
      } finally {
        const left = (this.active.get(key) ?? 1) - 1;
        if (left) this.active.set(key, left);
        else this.active.delete(key);
      }
    });
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
