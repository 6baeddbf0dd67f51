/**
 * One run per key at a time: callers asking for a key already being worked on wait for that run and share
 * its result. Three requests for one photo's annotated copy decoded it three times at once (6.2 GB);
 * now they cost one decode.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current;
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  /** Keys being worked on now. */
  get size(): number {
    return this.running.size;
  }
}
