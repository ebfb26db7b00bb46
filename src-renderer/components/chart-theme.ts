import { useEffect, useState } from 'react';
import './uplot-chart.css';

// Chart colours come from the page's CSS variables, so canvases follow light and dark like the
// rest of the UI (a canvas cannot use var() itself).

export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  grid: string;
  panel: string;
  /** Series colours, in order (--chart-1 …). */
  series: string[];
}

const DARK = '(prefers-color-scheme: dark)';

/** Reads the chart colours from the document's CSS variables now. */
export function readChartTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    dark: window.matchMedia(DARK).matches,
    text: v('--text', '#1d1f23'),
    muted: v('--muted', '#626874'),
    grid: v('--border', '#dfe1e6'),
    panel: v('--panel', '#ffffff'),
    series: [1, 2, 3, 4, 5].map((i) => v(`--chart-${i}`, '#2f6fde')),
  };
}

/** The chart colours, updated when the OS switches between light and dark. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readChartTheme);
  useEffect(() => {
    const media = window.matchMedia(DARK);
    const onChange = (): void => setTheme(readChartTheme());
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return theme;
}

/** A #rgb / #rrggbb colour with an alpha, as canvas fill styles need it. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
