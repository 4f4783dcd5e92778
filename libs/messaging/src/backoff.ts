/** Exponential back-off: `base`, then doubling on every further attempt, never above `max`. */
export function backoffDelay(attempt: number, base: number, max: number): number {
  if (attempt < 1) return 0;
  return Math.min(base * 2 ** Math.min(attempt - 1, 30), max);
}

/** A sleep that `wake()` cuts short (new work, or shutting down). */
export class Sleeper {
  private wakeNow?: () => void;
  private woken = false;

  /** `unref`: the wait alone does not keep the process alive. */
  sleep(ms: number, options: { unref?: boolean } = {}): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      if (options.unref) timer.unref();
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeNow = undefined;
        self.woken = false;
        resolve();
      }
      this.wakeNow = done;
    });
  }

  wake(): void {
    if (this.wakeNow) this.wakeNow();
    else this.woken = true;
  }
}
