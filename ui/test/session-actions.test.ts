import { describe, expect, it } from 'vitest';
import type { ToastRequest } from '../src/toasts/toast-controller.js';
import { SessionActions } from '../src/sessions/session-actions.js';
import { connectedClient, flush, makeEntry } from './fake-socket.js';

async function setup() {
  const { client, socket } = await connectedClient();
  const toasts: ToastRequest[] = [];
  const urls: string[] = [];
  const actions = new SessionActions(
    client,
    (t) => toasts.push(t),
    (url) => urls.push(url),
  );
  return { actions, socket, toasts, urls };
}

describe('SessionActions', () => {
  it('toggles persistent with expectedRev and undoes it', async () => {
    const { actions, socket, toasts } = await setup();
    const entry = makeEntry('work', { persistent: true, rev: 4 });
    const done = actions.togglePersistent(entry);
    expect(socket.last('sessions.patch').params).toEqual({
      key: 'work',
      persistent: false,
      expectedRev: 4,
    });
    socket.reply(socket.last('sessions.patch'), {
      entry: makeEntry('work', { persistent: false, rev: 5 }),
    });
    expect((await done)?.persistent).toBe(false);
    expect(toasts[0]).toMatchObject({ kind: 'success', action: { label: 'Undo' } });

    toasts[0]?.action?.run();
    expect(socket.last('sessions.patch').params).toEqual({
      key: 'work',
      persistent: true,
      expectedRev: 5,
    });
    socket.reply(socket.last('sessions.patch'), {
      entry: makeEntry('work', { persistent: true, rev: 6 }),
    });
    await flush();
    expect(toasts[1]?.action).toBeUndefined(); // no undo of the undo
  });

  it('reports a refused reset with the server message', async () => {
    const { actions, socket, toasts } = await setup();
    const done = actions.resetSession(makeEntry('work'));
    socket.fail(socket.last('sessions.reset'), {
      code: 'SESSION_PERSISTENT',
      message: 'Work is persistent; turn persistence off to reset it.',
    });
    expect(await done).toBeNull();
    expect(toasts).toEqual([
      { kind: 'error', message: 'Work is persistent; turn persistence off to reset it.' },
    ]);
  });

  it('lets create errors reach the form', async () => {
    const { actions, socket } = await setup();
    const done = actions.createSession({ label: 'Work', persistent: true });
    socket.fail(socket.last('sessions.create'), {
      code: 'CONFLICT',
      message: 'label taken',
      details: { field: 'label' },
    });
    await expect(done).rejects.toMatchObject({ code: 'CONFLICT', field: 'label' });
  });

  it('renames with an undo that restores the old label', async () => {
    const { actions, socket, toasts } = await setup();
    const done = actions.renameSession(makeEntry('work'), ' Job ');
    expect(socket.last('sessions.patch').params).toEqual({ key: 'work', label: 'Job' });
    socket.reply(socket.last('sessions.patch'), { entry: makeEntry('work', { label: 'Job' }) });
    await done;
    toasts[0]?.action?.run();
    expect(socket.last('sessions.patch').params).toEqual({ key: 'work', label: 'Work' });
  });

  it('moves to the trash, and Undo restores', async () => {
    const { actions, socket, toasts, urls } = await setup();
    const done = actions.deleteSession(makeEntry('work'));
    expect(socket.last('sessions.delete').params).toEqual({ key: 'work' });
    socket.reply(socket.last('sessions.delete'), { key: 'work', deleted: true });
    expect(await done).toBe(true);
    expect(toasts[0]).toMatchObject({
      message: 'Moved “Work” to the trash.',
      action: { label: 'Undo' },
    });
    toasts[0]?.action?.run();
    expect(socket.last('sessions.restore').params).toEqual({ key: 'work' });
    socket.reply(socket.last('sessions.restore'), { entry: makeEntry('work') });
    await flush();
    expect(toasts[1]?.message).toBe('Restored “Work”.');
    expect(urls).toEqual([]);
  });

  it('reopens a session restored from the chat', async () => {
    const { actions, socket, urls } = await setup();
    actions.announceTrashed('work', 'Work', true);
    const done = actions.restoreSession('work', 'Work', true);
    socket.reply(socket.last('sessions.restore'), { entry: makeEntry('work') });
    await done;
    expect(urls).toEqual(['/chat?session=work']);
  });

  it('archives with Undo, and purges', async () => {
    const { actions, socket, toasts } = await setup();
    const archiving = actions.setArchived(makeEntry('work'), true);
    expect(socket.last('sessions.archive').params).toEqual({ key: 'work' });
    socket.reply(socket.last('sessions.archive'), { entry: makeEntry('work', { archived: true }) });
    expect((await archiving)?.archived).toBe(true);
    toasts[0]?.action?.run();
    expect(socket.last('sessions.unarchive').params).toEqual({ key: 'work' });

    const purging = actions.purgeSession(makeEntry('old', { trashed: true }));
    expect(socket.last('sessions.purge').params).toEqual({ key: 'old' });
    socket.reply(socket.last('sessions.purge'), { key: 'old', purged: true });
    expect(await purging).toBe(true);
  });
});
