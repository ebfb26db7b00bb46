import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useChartTheme, type ChartTheme } from './chart-theme';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export interface UPlotChartProps {
  /** Builds the chart's options for a theme. Keep it stable (useCallback): a new one rebuilds the chart. */
  build: (theme: ChartTheme) => ChartOptions;
  data: uPlot.AlignedData;
  height?: number;
  /** What the chart shows, for screen readers (the numbers are in a table nearby). */
  label: string;
  testId?: string;
}

/** A uPlot chart that follows light/dark and fills its container's width as the window resizes. */
export function UPlotChart({ build, data, height = 220, label, testId }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(data);
  latest.current = data;
  const theme = useChartTheme();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = (): number => Math.max(120, Math.floor(el.clientWidth));
    const u = new uPlot({ ...build(theme), width: width(), height }, latest.current, el);
    plot.current = u;
    let lastWidth = width();
    const observer = new ResizeObserver(() => {
      const w = width();
      if (w === lastWidth) return;
      lastWidth = w;
      u.setSize({ width: w, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [build, theme, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} className="uplot-chart" role="img" aria-label={label} data-testid={testId} data-theme={theme.dark ? 'dark' : 'light'} />;
}
