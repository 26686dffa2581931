// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ScrollFollower } from '../src/chat/scroll-follower.js';
import { FakeHost } from './fake-host.js';

/** A scroller with a settable layout (happy-dom does none): height of content and of the window. */
function scroller(contentHeight: number, clientHeight = 500) {
  const log = document.createElement('div');
  const content = document.createElement('div');
  log.append(content);
  let top = 0;
  const layout = { contentHeight };
  Object.defineProperty(log, 'scrollHeight', { get: () => layout.contentHeight });
  Object.defineProperty(log, 'clientHeight', { get: () => clientHeight });
  Object.defineProperty(log, 'scrollTop', {
    get: () => top,
    set: (v: number) => {
      top = Math.max(0, Math.min(v, layout.contentHeight - clientHeight));
    },
  });
  /** The user scrolls (the browser fires `scroll`). */
  const userScroll = (to: number) => {
    log.scrollTop = to;
    log.dispatchEvent(new Event('scroll'));
  };
  return { log, content, layout, userScroll };
}

function follower() {
  const host = new FakeHost();
  let nearTop = 0;
  const f = new ScrollFollower(host, () => nearTop++);
  return { host, f, nearTop: () => nearTop };
}

describe('ScrollFollower', () => {
  it('opens at the bottom and follows growth while pinned', () => {
    const { f } = follower();
    const { log, content, layout } = scroller(3000);
    f.observe(log, content);
    expect(log.scrollTop).toBe(2500);
    layout.contentHeight = 3400;
    f.settle();
    expect(log.scrollTop).toBe(2900);
    expect(f.stuck).toBe(true);
  });

  it('lets go when the user scrolls up, and pins again at the bottom or on follow()', () => {
    const { f, host } = follower();
    const { log, content, layout, userScroll } = scroller(3000);
    f.observe(log, content);
    userScroll(2000);
    expect(f.stuck).toBe(false);
    expect(host.updates).toBeGreaterThan(0);
    layout.contentHeight = 3600;
    f.settle();
    expect(log.scrollTop).toBe(2000);
    userScroll(3090);
    expect(f.stuck).toBe(true);
    userScroll(100);
    f.follow();
    expect(f.stuck).toBe(true);
    expect(log.scrollTop).toBe(3100);
  });

  it('ignores the scroll events its own scrolling causes', () => {
    const { f } = follower();
    const { log, content, layout } = scroller(3000);
    f.observe(log, content);
    layout.contentHeight = 5000; // grew after our scroll, before the browser's scroll event
    log.dispatchEvent(new Event('scroll'));
    expect(f.stuck).toBe(true);
  });

  it('keeps the reading position when earlier messages arrive above, and asks for them near the top', () => {
    const { f, nearTop } = follower();
    const { log, content, layout, userScroll } = scroller(3000);
    f.observe(log, content);
    userScroll(50);
    expect(nearTop()).toBe(1);
    f.keepPosition();
    layout.contentHeight = 6000;
    f.settle();
    expect(log.scrollTop).toBe(3050);
    expect(f.stuck).toBe(false);
  });
});
