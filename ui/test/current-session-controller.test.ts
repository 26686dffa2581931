import { describe, expect, it } from 'vitest';
import { CurrentSessionController } from '../src/sessions/current-session-controller.js';
import { connectedClient, flush, makeEntry } from './fake-socket.js';
import { FakeHost } from './fake-host.js';

async function setup(key: string) {
  const { client, socket } = await connectedClient();
  const host = new FakeHost();
  const navigations: [string, boolean][] = [];
  const deleted: string[] = [];
  const current = new CurrentSessionController(host, {
    navigate: (url, replace) => navigations.push([url, replace]),
    deleted: (k, label) => deleted.push(`${k}/${label}`),
  });
  host.connect();
  current.attach(client);
  current.setKey(key);
  return { current, socket, navigations, deleted };
}

describe('CurrentSessionController', () => {
  it('loads the entry for the key', async () => {
    const { current, socket } = await setup('work');
    expect(current.status).toBe('loading');
    socket.reply(socket.last('sessions.get'), { entry: makeEntry('work') });
    await flush();
    expect(current.status).toBe('ready');
    expect(current.entry?.label).toBe('Work');
  });

  it('resolves a name in the URL and redirects to its key', async () => {
    const { socket, navigations } = await setup('Project');
    socket.fail(socket.last('sessions.get'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    expect(socket.last('sessions.resolve').params).toEqual({ name: 'Project' });
    socket.reply(socket.last('sessions.resolve'), { entry: makeEntry('project-x') });
    await flush();
    expect(navigations).toEqual([['/chat?session=project-x', true]]);
  });

  it('reports an unknown key as missing', async () => {
    const { current, socket } = await setup('nope');
    socket.fail(socket.last('sessions.get'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    socket.fail(socket.last('sessions.resolve'), { code: 'NOT_FOUND', message: 'no' });
    await flush();
    expect(current.status).toBe('missing');
    expect(current.entry).toBeNull();
  });

  it('follows patches and reports deletion of the current session', async () => {
    const { current, socket, deleted } = await setup('work');
    socket.reply(socket.last('sessions.get'), { entry: makeEntry('work') });
    await flush();
    socket.event('sessions.changed', {
      reason: 'patched',
      key: 'work',
      entry: makeEntry('work', { label: 'Job', persistent: false }),
    });
    expect(current.entry).toMatchObject({ label: 'Job', persistent: false });
    socket.event('sessions.changed', { reason: 'deleted', key: 'other' });
    expect(deleted).toEqual([]);
    socket.event('sessions.changed', { reason: 'deleted', key: 'work' });
    expect(deleted).toEqual(['work/Job']);
    expect(current.status).toBe('missing');
  });

  it('switches by pushing and falls back to main by replacing', async () => {
    const { current, navigations } = await setup('work');
    current.switchSession('home');
    current.switchSession('work'); // already there
    current.fallBackToMain();
    expect(navigations).toEqual([
      ['/chat?session=home', false],
      ['/chat?session=main', true],
    ]);
  });

  it('shows other errors with the server message', async () => {
    const { current, socket } = await setup('work');
    socket.fail(socket.last('sessions.get'), { code: 'UNAVAILABLE', message: 'Store is busy.' });
    await flush();
    expect(current.status).toBe('error');
    expect(current.error).toBe('Store is busy.');
  });
});
