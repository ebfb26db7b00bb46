import type { ReactNode } from 'react';

/** A column heading: plain text, or text with a numeric alignment, a tooltip or rich content. */
export type Column = string | { label: ReactNode; key?: string; num?: boolean; title?: string };

/**
 * The header row every settings table uses: column headings with scope="col", numeric ones
 * right-aligned (class "num"), and an optional last column for row buttons whose heading only
 * screen readers hear (`actions`, e.g. "Actions").
 */
export function TableHead({ columns, actions }: { columns: readonly Column[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th scope="col" key={c}>
              {c}
            </th>
          ) : (
            <th scope="col" key={c.key ?? String(c.label)} className={c.num ? 'num' : undefined} title={c.title}>
              {c.label}
            </th>
          ),
        )}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** Right-aligned numeric columns, in order. */
export const numeric = (...labels: string[]): Column[] => labels.map((label) => ({ label, num: true }));
