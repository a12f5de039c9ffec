/** At most `size` holders at once; the rest wait in order, or give up when their signal aborts. */
export class Slots {
  private free: number;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(size: number) {
    this.free = size;
  }

  /** A slot's release at once, or null when every slot is held. */
  tryTake(): (() => void) | null {
    if (this.free === 0) return null;
    this.free -= 1;
    return this.releaser();
  }

  /** A slot's release; without a signal, the holder waits for as long as it takes. */
  take(signal?: AbortSignal, onAbort: () => Error = () => new Error('gave up waiting')): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(onAbort());
    const now = this.tryTake();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', abandon);
          resolve(this.releaser());
        },
      };
      const abandon = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(onAbort());
      };
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.free += 1;
    };
  }
}
