import { UnstyledButton } from '@mantine/core';
import type { PointerEvent } from 'react';
import { resizeColumn, sortBy, type Column, type ViewState } from './columns.js';
import classes from './journal.module.css';

/** Column headers: click to sort (aria-sort says how), drag the right edge to resize. */
export function JournalHeader({
  view,
  columns,
  template,
  onChange,
}: {
  view: ViewState;
  columns: (Column & { width: number })[];
  template: string;
  onChange: (v: ViewState) => void;
}) {
  const handleResize = (field: string, startWidth: number) => (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    const startX = e.clientX;
    let latest = view;
    const move = (ev: globalThis.PointerEvent) => {
      latest = resizeColumn(view, field, startWidth + ev.clientX - startX);
      onChange(latest);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div className={classes.header} role="row" style={{ gridTemplateColumns: template }}>
      {columns.map((c) => {
        const sorted = view.sort === c.field ? (view.dir === 'asc' ? 'ascending' : 'descending') : 'none';
        return (
          <span key={c.field} role="columnheader" aria-sort={c.sortable ? sorted : undefined} className={classes.headerCell}>
            {c.sortable ? (
              <UnstyledButton className={classes.sortButton} onClick={() => onChange(sortBy(view, c.field))}>
                {c.label} {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
              </UnstyledButton>
            ) : (
              c.label
            )}
            <span className={classes.resizer} onPointerDown={handleResize(c.field, c.width)} aria-hidden="true" />
          </span>
        );
      })}
    </div>
  );
}
