import { html } from 'lit';

export interface CountRow {
  name: string;
  count: number;
}

/** A small "name, count" table of a breakdown (by kind, persistence or tag), or a note when empty. */
export function countTable(heading: string, column: string, rows: CountRow[]) {
  return html`<section class="panel" aria-labelledby=${`h-${column}`}>
    <h3 id=${`h-${column}`}>${heading}</h3>
    ${
      rows.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<table class="data">
            <thead>
              <tr>
                <th scope="col">${column}</th>
                <th scope="col">Sessions</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr>
                    <td>${r.name}</td>
                    <td>${r.count.toLocaleString()}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}
