import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A minimal Lit host: collects controllers and counts update requests. */
export class FakeHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(controller: ReactiveController): void {
    this.controllers.splice(this.controllers.indexOf(controller), 1);
  }
  requestUpdate(): void {
    this.updates++;
  }
  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

/** An address bar with a history stack, like the browser's, for router tests. */
export class FakeBrowser {
  private entries: string[];
  private index = 0;
  private listeners = new Set<() => void>();
  readonly location = {
    origin: 'http://127.0.0.1:5004',
    pathname: '/',
    search: '',
    hash: '',
  };
  readonly history = {
    state: null as unknown,
    pushState: (_state: unknown, _title: string, url: string) => {
      this.entries = this.entries.slice(0, this.index + 1);
      this.entries.push(url);
      this.index++;
      this.apply(url);
    },
    replaceState: (_state: unknown, _title: string, url: string) => {
      this.entries[this.index] = url;
      this.apply(url);
    },
  };

  constructor(url = '/') {
    this.entries = [url];
    this.apply(url);
  }

  get url(): string {
    return this.location.pathname + this.location.search + this.location.hash;
  }
  get length(): number {
    return this.entries.length;
  }

  addEventListener(_type: 'popstate', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'popstate', listener: () => void): void {
    this.listeners.delete(listener);
  }

  back(): void {
    this.go(-1);
  }
  forward(): void {
    this.go(1);
  }
  private go(delta: number): void {
    this.index += delta;
    this.apply(this.entries[this.index] ?? '/');
    for (const l of this.listeners) l();
  }
  private apply(url: string): void {
    const u = new URL(url, this.location.origin);
    this.location.pathname = u.pathname;
    this.location.search = u.search;
    this.location.hash = u.hash;
  }
}
