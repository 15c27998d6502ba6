import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';

/** How long typing must pause before the journal asks the server. */
export const SEARCH_DEBOUNCE_MS = 50;

/**
 * The journal's search box. It keeps what is typed in its own state, so a keystroke re-renders
 * this input only, not the journal's rows; the journal hears the trimmed text once typing pauses.
 */
export function SearchBox({ label, onSearch }: { label: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  useEffect(() => onSearch(q), [q, onSearch]);
  return (
    <TextInput aria-label={label} placeholder={label} value={text} autoFocus type="search"
      onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} />
  );
}
