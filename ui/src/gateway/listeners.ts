export type Listener<T> = (value: T) => void;

/** Listeners called in the order they were added; `add` returns the function that removes one. */
export class Listeners<T> {
  private readonly listeners = new Set<Listener<T>>();

  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T): void {
    // A copy: a listener may remove itself (or another) while being called.
    for (const listener of [...this.listeners]) listener(value);
  }
}
