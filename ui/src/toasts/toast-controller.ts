import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ToastInit } from '../events.js';

export interface Toast extends ToastInit {
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

  show(init: ToastInit): void {
    const toast: Toast = { ...init, id: this.nextId++ };
    // Keep the stack short: the oldest goes first.
    this.toasts = [...this.toasts, toast].slice(-4);
    const lifetime = init.kind === 'error' || init.action ? 8000 : 4500;
    this.timers.set(
      toast.id,
      setTimeout(() => this.dismiss(toast.id), lifetime),
    );
    this.host.requestUpdate();
  }

  dismiss(id: number): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.host.requestUpdate();
  }

  private readonly onToast = (ev: CustomEvent<ToastInit>): void => {
    ev.stopPropagation();
    this.show(ev.detail);
  };
}
