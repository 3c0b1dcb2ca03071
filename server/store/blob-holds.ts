// Work that carries blob names outside every journal for a while: a fork between reading its
// parent's chain and writing its own journal (the parent may be deleted meanwhile), a rename
// moving a journal to a folder the sweep has not listed. A sweep marks only while none is under
// way, and marks again when one ran meanwhile (blob-sweep.ts).

export class BlobHolds {
  private active = 0;
  /** Moves at each hold's start and end, so a mark taken before tells whether any came since. */
  private generation = 0;
  private quietWaiters: (() => void)[] = [];

  /** Runs `work` as a hold. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    this.generation++;
    try {
      return await work();
    } finally {
      this.active--;
      this.generation++;
      if (this.active === 0) for (const wake of this.quietWaiters.splice(0)) wake();
    }
  }

  /** Resolves with a mark once no hold is under way. */
  async quiet(): Promise<number> {
    while (this.active > 0) await new Promise<void>((wake) => this.quietWaiters.push(wake));
    return this.generation;
  }

  /** Whether no hold ran since `quiet` gave `mark`, nor runs now. */
  unchanged(mark: number): boolean {
    return this.active === 0 && this.generation === mark;
  }
}
