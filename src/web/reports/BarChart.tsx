import { useTranslation } from 'react-i18next';
import { formatMoney } from '../money.js';
import type { Bar } from './rating.js';
import { formatNumber } from '../format.js';

const ROW = 26;

/**
 * Horizontal bars drawn as inline SVG (no chart library: the reports chunk stays small and
 * prints as vectors). Each bar is labelled with its value; the whole has an accessible name.
 */
export function BarChart({
  title,
  items,
  show = 'value',
  color = 'var(--mantine-color-blue-6)',
}: {
  title: string;
  items: Bar[];
  show?: 'value' | 'percent';
  color?: string;
}) {
  const { i18n } = useTranslation();
  const fmt = (b: Bar) => (show === 'percent' ? `${formatNumber(b.percent)} %` : formatMoney(b.value, i18n.language));
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>{title}</figcaption>
      <svg width="100%" height={items.length * ROW} role="img" aria-label={`${title}: ${items.map((b) => `${b.label} ${fmt(b)}`).join('; ')}`}>
        {items.map((b, i) => (
          <g key={i} transform={`translate(0, ${i * ROW})`}>
            <text x="0" y={ROW / 2 + 4} fontSize="12" fill="currentColor" style={{ overflow: 'hidden' }}>
              {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
            </text>
            <rect x="38%" y="4" height={ROW - 8} width={`${(b.percent * 0.44).toFixed(2)}%`} rx="2" fill={color} />
            <text x={`${(38 + b.percent * 0.44 + 1).toFixed(2)}%`} y={ROW / 2 + 4} fontSize="12" fill="currentColor">
              {fmt(b)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
