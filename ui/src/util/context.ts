import { ContextConsumer, type Context } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/** Hands a provided value to `use` as soon as (and whenever) an ancestor provides it. */
export function consume<T>(
  host: Host,
  context: Context<unknown, T>,
  use: (value: T) => void,
): ContextConsumer<Context<unknown, T>, Host> {
  return new ContextConsumer(host, {
    context,
    subscribe: true,
    callback: (value) => {
      if (value) use(value);
    },
  });
}
