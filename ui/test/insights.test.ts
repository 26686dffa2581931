// @vitest-environment happy-dom
/** The /insights page, the session Insights dialog (from the session menu), the range helpers. */
import { describe, expect, it, vi } from 'vitest';
import type { AnalyticsOverviewResult, AnalyticsSessionResult } from '../src/gateway/protocol.js';
import '../src/chat/cairn-session-menu.js';
import '../src/insights/cairn-insights-view.js';
import '../src/insights/cairn-session-insights-dialog.js';
import { chartSummary } from '../src/insights/chart-text.js';
import { presetOf, presetRange, readDay, readRange } from '../src/insights/date-range.js';
import { cost, duration } from '../src/insights/session-insights-text.js';
import { insightsUrl, parseLocation } from '../src/router/routes.js';
import { connectedClient, makeEntry } from './fake-socket.js';
import { $, $$, mount, record, settle, text } from './dom.js';

/** Each row of a table as its cells' texts, joined by spaces. */
const rows = (el: Element) =>
  $$(el, 'tbody tr').map((tr) => [...tr.children].map((c) => text(c)).join(' '));

const NOW = Date.parse('2026-03-10T12:00:00Z');

const OVERVIEW: AnalyticsOverviewResult = {
  from: '2026-03-08',
  to: '2026-03-10',
  sessionsCreated: 5,
  switches: 7,
  resetsBlocked: 1,
  createErrors: 2,
  days: [
    {
      day: '2026-03-08',
      sessionsCreated: 1,
      switches: 0,
      resetsBlocked: 0,
      createErrors: 0,
      activeSessions: 1,
    },
    {
      day: '2026-03-09',
      sessionsCreated: 4,
      switches: 3,
      resetsBlocked: 1,
      createErrors: 2,
      activeSessions: 3,
    },
    {
      day: '2026-03-10',
      sessionsCreated: 0,
      switches: 4,
      resetsBlocked: 0,
      createErrors: 0,
      activeSessions: 2,
    },
  ],
  byKind: [
    { name: 'main', count: 1 },
    { name: 'named', count: 4 },
  ],
  byPersistence: [
    { name: 'persistent', count: 2 },
    { name: 'temporary', count: 3 },
  ],
  topSessions: [{ key: 'work', label: 'Work', inputTokens: 120, outputTokens: 80, tokens: 200 }],
  byTag: [{ tag: 'client', count: 2 }],
};

const SESSION: AnalyticsSessionResult = {
  key: 'work',
  label: 'Work',
  from: '2026-02-09',
  to: '2026-03-10',
  model: 'echo',
  messages: 4,
  inputTokens: 30,
  outputTokens: 40,
  compactions: 1,
  resets: 2,
  replies: { final: 2, error: 1, aborted: 0 },
  medianFirstTokenMs: 250,
  medianTotalMs: 1500,
  days: [
    { day: '2026-03-09', messages: 0, inputTokens: 0, outputTokens: 0, replies: 0 },
    { day: '2026-03-10', messages: 4, inputTokens: 30, outputTokens: 40, replies: 3 },
  ],
};

describe('insights range and words', () => {
  it('reads only real dates from the URL and round-trips the route', () => {
    expect(readDay('2026-02-30')).toBeUndefined();
    expect(readDay('2026-2-3')).toBeUndefined();
    expect(readRange(new URLSearchParams('from=2026-03-01&to=nope'))).toEqual({
      from: '2026-03-01',
    });
    const url = insightsUrl({ from: '2026-03-01', to: '2026-03-10' });
    expect(url).toBe('/insights?from=2026-03-01&to=2026-03-10');
    const [path, query] = url.split('?');
    expect(parseLocation(path ?? '', `?${query ?? ''}`).route).toEqual({
      name: 'insights',
      range: { from: '2026-03-01', to: '2026-03-10' },
    });
  });

  it('computes presets ending today (UTC) and recognises them', () => {
    expect(presetRange(7, NOW)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetOf({ from: '2026-02-09', to: '2026-03-10' }, NOW)).toBe(30);
    expect(presetOf({ from: '2026-03-01', to: '2026-03-10' }, NOW)).toBeUndefined();
  });

  it('summarises a chart: totals and the busiest day per series', () => {
    const days = ['2026-03-08', '2026-03-09'];
    const summary = chartSummary('Switches per day', days, [
      { label: 'Switches', values: [1, 3], color: 'red' },
      { label: 'Errors', values: [0, 0], color: 'red' },
    ]);
    expect(summary).toMatch(
      /^Switches per day, .+\. Switches: 4 in all, most on .+ \(3\); Errors: none\.$/,
    );
  });

  it('writes durations and costs', () => {
    expect(duration(250)).toBe('250 ms');
    expect(duration(null)).toBe('—');
    expect(cost(null)).toBe('No price configured');
    expect(cost(0.0125)).toMatch(/0.0125/);
  });
});

describe('cairn-insights-view', () => {
  it('asks for the URL range, shows totals, tables and top sessions, and navigates on a preset', async () => {
    const { client, socket } = await connectedClient();
    const { el } = await mount(
      'cairn-insights-view',
      { from: '2026-03-08', to: '2026-03-10' },
      client,
    );
    expect(text($(el, '[role="status"]'))).toBe('Loading insights…');
    expect(socket.sent.filter((r) => r.method === 'analytics.overview')).toHaveLength(1);
    expect(socket.last('analytics.overview').params).toEqual({
      from: '2026-03-08',
      to: '2026-03-10',
    });
    socket.reply(socket.last('analytics.overview'), OVERVIEW);
    await settle(el);

    const totals = $$(el, '.stat').map(text);
    expect(totals).toEqual([
      'Sessions created 5',
      'Switches 7',
      'Blocked resets 1',
      'Creation errors 2',
    ]);
    const charts = $$(el, 'cairn-day-chart');
    expect(charts).toHaveLength(2);
    const first = charts[0] as HTMLElement;
    expect($(first, '.plot').getAttribute('aria-label')).toContain('Created: 5 in all');
    expect(rows(first)[1]).toBe('2026-03-09 4 3');
    expect(text(el.shadowRoot as unknown as Node)).toContain('client');
    const link = $<HTMLAnchorElement>(el, 'td a');
    expect(link.getAttribute('href')).toBe('/chat?session=work');
    expect(text(link)).toBe('Work');
    expect($$(el, '.empty')).toHaveLength(0);

    const navigations = record('cairn-navigate');
    const range = $(el, 'cairn-date-range');
    ($$<HTMLButtonElement>(range, 'button')[0] as HTMLButtonElement).click();
    expect(navigations).toHaveLength(1);
    expect(navigations[0]?.url).toMatch(
      /^\/insights\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
    );
  });

  it('says when nothing happened, and shows an error when the call fails', async () => {
    const { client, socket } = await connectedClient();
    const { el } = await mount('cairn-insights-view', {}, client);
    expect(socket.last('analytics.overview').params).toEqual({});
    const days = OVERVIEW.days.map((d) => ({
      ...d,
      sessionsCreated: 0,
      switches: 0,
      resetsBlocked: 0,
      createErrors: 0,
      activeSessions: 0,
    }));
    socket.reply(socket.last('analytics.overview'), {
      ...OVERVIEW,
      sessionsCreated: 0,
      switches: 0,
      resetsBlocked: 0,
      createErrors: 0,
      days,
      topSessions: [],
    });
    await settle(el);
    expect(text($(el, '.empty'))).toContain('No activity between');
    expect(text(el.shadowRoot as unknown as Node)).toContain('No tokens used in this range.');

    el.from = '2026-03-01';
    await settle(el);
    socket.fail(socket.last('analytics.overview'), {
      code: 'INVALID_REQUEST',
      message: 'from: not a date',
    });
    await settle(el);
    expect(text($(el, '[role="alert"]'))).toContain('not a date');
  });
});

describe('session Insights dialog', () => {
  async function openDialog() {
    const { client, socket } = await connectedClient();
    const { el: menu } = await mount(
      'cairn-session-menu',
      { entry: makeEntry('work', { label: 'Work' }) },
      client,
    );
    $<HTMLButtonElement>(menu, '.trigger').click();
    await settle(menu);
    const item = $$<HTMLButtonElement>(menu, '[role="menuitem"]').find(
      (b) => text(b) === 'Insights…',
    );
    item?.click();
    const dialog = $(menu, 'cairn-session-insights-dialog');
    // The menu loads the dialog's module on first use: wait for it to open.
    await vi.waitFor(() => expect($<HTMLDialogElement>(dialog, 'dialog').open).toBe(true));
    await settle(menu);
    return { socket, menu, dialog };
  }

  it('opens from the session menu, asks analytics.session and shows the numbers', async () => {
    const { socket, dialog } = await openDialog();
    expect($<HTMLDialogElement>(dialog, 'dialog').open).toBe(true);
    expect(text($(dialog, 'h2'))).toBe('Insights: Work');
    expect(socket.last('analytics.session').params).toEqual({ key: 'work' });
    socket.reply(socket.last('analytics.session'), SESSION);
    await settle(dialog);
    const stats = $$(dialog, '.stat').map(text);
    expect(stats).toContain('Messages 4');
    expect(stats).toContain('Estimated cost No price configured');
    expect(stats).toContain('Median to first token 250 ms');
    expect(stats).toContain('Median to final 1.5 s');
    expect($$(dialog, '.panel tbody tr').map(text).slice(0, 3)).toEqual([
      'Finished 2',
      'Failed 1',
      'Stopped 0',
    ]);
    const chart = $(dialog, 'cairn-day-chart');
    expect(rows(chart)).toEqual(['2026-03-09 0 0', '2026-03-10 4 3']);
  });

  it('asks again for a new range and shows a cost when the model has a price', async () => {
    const { socket, dialog } = await openDialog();
    socket.reply(socket.last('analytics.session'), { ...SESSION, estimatedCost: 0.5 });
    await settle(dialog);
    expect($$(dialog, '.stat').map(text)).toContain(`Estimated cost ${cost(0.5)}`);
    const to = $<HTMLInputElement>($(dialog, 'cairn-date-range'), 'input[name="to"]');
    to.value = '2026-03-05';
    to.dispatchEvent(new Event('change'));
    await settle(dialog);
    expect(socket.last('analytics.session').params).toEqual({
      key: 'work',
      from: '2026-02-09',
      to: '2026-03-05',
    });
  });
});
