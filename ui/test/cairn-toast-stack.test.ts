// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Toast } from '../src/toasts/toast-controller.js';
import '../src/toasts/cairn-toast-stack.js';
import { $, $$, mount, record, settle, text } from './dom.js';

describe('cairn-toast-stack', () => {
  it('shows each toast in a polite live region, errors as alerts', async () => {
    const toasts: Toast[] = [
      { id: 1, kind: 'success', message: 'Created session “Work”.' },
      { id: 2, kind: 'error', message: 'Store is busy.' },
    ];
    const { el } = await mount('cairn-toast-stack', { toasts });
    expect($(el, '.stack').getAttribute('aria-live')).toBe('polite');
    const shown = $$(el, '.toast');
    expect(shown.map((t) => text(t.querySelector('.message') ?? t))).toEqual([
      'Created session “Work”.',
      'Store is busy.',
    ]);
    expect(shown.map((t) => t.getAttribute('role'))).toEqual(['none', 'alert']);
    expect(shown[1]?.classList.contains('error')).toBe(true);
  });

  it('asks for dismissal by id', async () => {
    const { el } = await mount('cairn-toast-stack', {
      toasts: [{ id: 7, kind: 'info', message: 'Hello' }],
    });
    const dismissed = record('cairn-toast-dismiss');
    $<HTMLButtonElement>(el, 'button[aria-label="Dismiss notification"]').click();
    expect(dismissed).toEqual([{ id: 7 }]);
  });

  it('runs a toast’s action, then dismisses it', async () => {
    const runs: string[] = [];
    const { el } = await mount('cairn-toast-stack', {
      toasts: [
        {
          id: 3,
          kind: 'success',
          message: 'Renamed “Work” to “Job”.',
          action: { label: 'Undo', run: () => runs.push('undo') },
        },
      ],
    });
    const dismissed = record('cairn-toast-dismiss');
    const undo = $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === 'Undo');
    undo?.click();
    expect(runs).toEqual(['undo']);
    expect(dismissed).toEqual([{ id: 3 }]);
  });

  it('follows the list it is given', async () => {
    const { el } = await mount('cairn-toast-stack', {
      toasts: [{ id: 1, kind: 'info', message: 'One' }],
    });
    el.toasts = [];
    await settle(el);
    expect($$(el, '.toast')).toHaveLength(0);
  });
});
