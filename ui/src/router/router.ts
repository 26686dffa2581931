import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseLocation, type Route } from './routes.js';

export interface RouterEnv {
  location: Pick<Location, 'pathname' | 'search' | 'origin'>;
  history: Pick<History, 'pushState' | 'replaceState'>;
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

export interface NavigateOptions {
  replace?: boolean;
}

/**
 * Holds the current route, read from the address bar. `navigate` pushes (or replaces) history;
 * back/forward arrive as popstate and re-read the address bar.
 */
export class RouterController implements ReactiveController {
  route: Route;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly env: RouterEnv = window,
  ) {
    host.addController(this);
    this.route = this.read();
  }

  hostConnected(): void {
    this.env.addEventListener('popstate', this.onPopState);
  }

  hostDisconnected(): void {
    this.env.removeEventListener('popstate', this.onPopState);
  }

  navigate(url: string, options: NavigateOptions = {}): void {
    const current = this.env.location.pathname + this.env.location.search;
    if (url === current && !options.replace) return;
    if (options.replace) this.env.history.replaceState(null, '', url);
    else this.env.history.pushState(null, '', url);
    this.route = this.read();
    this.host.requestUpdate();
  }

  /**
   * Turns a plain click on a same-origin link into `navigate`, so elements can use ordinary
   * `<a href>` (which also keeps open-in-new-tab working).
   */
  readonly onClick = (ev: MouseEvent): void => {
    if (
      ev.defaultPrevented ||
      ev.button !== 0 ||
      ev.metaKey ||
      ev.ctrlKey ||
      ev.shiftKey ||
      ev.altKey
    )
      return;
    const anchor = ev
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, this.env.location.origin);
    if (url.origin !== this.env.location.origin) return;
    ev.preventDefault();
    this.navigate(url.pathname + url.search);
  };

  private readonly onPopState = (): void => {
    this.route = this.read();
    this.host.requestUpdate();
  };

  private read(): Route {
    const parsed = parseLocation(this.env.location.pathname, this.env.location.search);
    if (parsed.canonical) this.env.history.replaceState(null, '', parsed.canonical);
    return parsed.route;
  }
}
