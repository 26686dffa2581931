import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CairnEvent, ToastInit } from '../events.js';

/** A button on a toast, e.g. Undo. Given to `show` directly, never through an event. */
export interface ToastAction {
  label: string;
  run: () => void;
}

/** What services pass to `show`: an event's toast, optionally with an action. */
export interface ToastRequest extends ToastInit {
  action?: ToastAction;
}

export type Notify = (toast: ToastRequest) => void;

export interface Toast extends ToastRequest {
  id: number;
}

/** Collects `cairn-toast` events from anywhere below the host and expires them. */
export class ToastController implements ReactiveController {
  toasts: Toast[] = [];
  private nextId = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('cairn-toast', this.onToast);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('cairn-toast', this.onToast);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  readonly show: Notify = (init) => {
    const toast: Toast = { ...init, id: this.nextId++ };
    // Keep the stack short: the oldest goes first.
    this.toasts = [...this.toasts, toast].slice(-4);
    const lifetime = init.kind === 'error' || init.action ? 8000 : 4500;
    this.timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), lifetime),
    );
    this.host.requestUpdate();
  };

  dismiss(id: number): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.host.requestUpdate();
  }

  private readonly onToast = (ev: CairnEvent<'cairn-toast'>): void => {
    ev.stopPropagation();
    this.show(ev.detail);
  };
}
