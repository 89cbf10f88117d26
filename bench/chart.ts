import type { StormFigures } from './figures';
import type { ServerKind } from './ipc';
import { targetsFor } from './report';

/**
 * The storms of a run as a hand-written SVG (no charting package is
 * installed): events per visitor and p99 time-to-content, by the visitors'
 * clocks and by the server's histogram, against N; log scales, one line per
 * server and way of arriving, the p99 target at each N.
 */

const PANEL = { width: 380, height: 250, left: 62, top: 48, right: 20, bottom: 46 };
const STYLE: Record<ServerKind, { color: string; dash: string }> = {
  sidecar: { color: '#1d4ed8', dash: '' },
  baseline: { color: '#b91c1c', dash: '6 4' },
  bare: { color: '#64748b', dash: '2 2' },
  'two-node': { color: '#7c3aed', dash: '1 0' },
};
/** Visitors connected before the storm: the server's colour, a long dash and square points. */
const PRECONNECTED_DASH = '10 3';
const TARGET_STYLE = { color: '#15803d', dash: '2 3' };
const LABEL: Partial<Record<ServerKind, string>> = { bare: 'bare Socket.IO relay' };
/** A second legend line, for the note on hollow points. */
const NOTE_LINE = 18;

interface Point {
  n: number;
  value: number;
  /** A lower bound only: the run's window closed before the server was done. */
  censored: boolean;
}

interface Panel {
  title: string;
  unit: string;
  point: (f: StormFigures) => Omit<Point, 'n'>;
  target?: (holders: number) => number;
}

const PANELS: Panel[] = [
  {
    title: 'Server-to-client events per visitor',
    unit: 'events',
    point: (f) => ({ value: f.eventsPerVisitorTotal, censored: f.cutOff }),
  },
  {
    title: "p99 want to verified content, visitors' clocks",
    unit: 'ms',
    // A visitor never served has waited at least until the deadline.
    point: (f) => ({ value: f.timeToContentMs.p99 ?? f.deadlineMs, censored: f.timeToContentMs.p99 === null }),
    target: (holders) => targetsFor(holders).p99Ms,
  },
  {
    title: "p99 want to content sent, server's histogram",
    unit: 'ms',
    // Only what it served is in its histogram: a cut-off run's figure is a lower bound.
    point: (f) => ({ value: f.serverTimeToContentMs.p99 ?? f.deadlineMs, censored: f.cutOff }),
  },
];

/** One line of a chart: a server, its visitors arriving or connected before the storm. */
interface Series {
  server: ServerKind;
  preconnected: boolean;
}

const seriesOf = (figures: readonly StormFigures[]): Series[] => {
  const keys = [...new Set(figures.map((f) => `${f.server}|${f.workload.preconnected}`))];
  return keys.map((key) => {
    const [server, preconnected] = key.split('|');
    return { server: server as ServerKind, preconnected: preconnected === 'true' };
  });
};

const styleOf = ({ server, preconnected }: Series) => ({
  color: STYLE[server].color,
  dash: preconnected ? PRECONNECTED_DASH : STYLE[server].dash,
  label: `${LABEL[server] ?? server}${preconnected ? ', pre-connected' : ''}`,
});

const log10 = Math.log10;
const decades = (lo: number, hi: number) => {
  const out: number[] = [];
  for (let e = Math.floor(log10(lo)); e <= Math.ceil(log10(hi)); e++) out.push(10 ** e);
  return out;
};
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const label = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(v));

function points(figures: readonly StormFigures[], series: Series, panel: Panel): Point[] {
  return figures
    .filter((f) => f.server === series.server && f.workload.preconnected === series.preconnected)
    .map((f) => ({ n: f.workload.holders, ...panel.point(f) }))
    .sort((a, b) => a.n - b.n);
}

function drawPanel(figures: readonly StormFigures[], panel: Panel, x0: number): string {
  const lines = seriesOf(figures);
  const all = lines.flatMap((s) => points(figures, s, panel));
  const ns = [...new Set(all.map((p) => p.n))].sort((a, b) => a - b);
  const targets = panel.target ? ns.map((n) => ({ n, value: panel.target!(n) })) : [];
  const values = [...all.map((p) => p.value), ...targets.map((t) => t.value)];
  const yTicks = decades(Math.min(...values), Math.max(...values));
  const w = PANEL.width - PANEL.left - PANEL.right;
  const h = PANEL.height - PANEL.top - PANEL.bottom;
  const [nLo, nHi] = [log10(ns[0]) - 0.15, log10(ns[ns.length - 1]) + 0.15];
  const [yLo, yHi] = [log10(yTicks[0]), log10(yTicks[yTicks.length - 1])];
  const x = (n: number) => x0 + PANEL.left + ((log10(n) - nLo) / (nHi - nLo)) * w;
  const y = (v: number) => PANEL.top + h - ((log10(v) - yLo) / (yHi - yLo || 1)) * h;

  const parts = [
    `<text x="${x0 + PANEL.left}" y="22" font-weight="600">${esc(panel.title)}</text>`,
    `<rect x="${x0 + PANEL.left}" y="${PANEL.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`,
    ...yTicks.map(
      (v) =>
        `<line x1="${x0 + PANEL.left}" x2="${x0 + PANEL.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>` +
        `<text x="${x0 + PANEL.left - 6}" y="${y(v) + 4}" text-anchor="end">${label(v)}</text>`,
    ),
    `<text x="${x0 + 14}" y="${PANEL.top + h / 2}" transform="rotate(-90 ${x0 + 14} ${PANEL.top + h / 2})" text-anchor="middle">${panel.unit} (log)</text>`,
    ...ns.map((n) => `<text x="${x(n)}" y="${PANEL.top + h + 16}" text-anchor="middle">${n}</text>`),
    `<text x="${x0 + PANEL.left + w / 2}" y="${PANEL.top + h + 34}" text-anchor="middle">N holders (log)</text>`,
    ...(targets.length > 0
      ? [
          `<polyline fill="none" stroke="${TARGET_STYLE.color}" stroke-width="2" stroke-dasharray="${TARGET_STYLE.dash}" points="${targets
            .map((t) => `${x(t.n)},${y(t.value)}`)
            .join(' ')}"/>`,
        ]
      : []),
  ];
  for (const series of lines) {
    const { color, dash } = styleOf(series);
    const pts = points(figures, series, panel);
    const marker = (p: Point) => {
      const fill = p.censored ? 'white' : color;
      return series.preconnected
        ? `<rect x="${x(p.n) - 4}" y="${y(p.value) - 4}" width="8" height="8" fill="${fill}" stroke="${color}" stroke-width="2"/>`
        : `<circle cx="${x(p.n)}" cy="${y(p.value)}" r="4" fill="${fill}" stroke="${color}" stroke-width="2"/>`;
    };
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}" points="${pts
        .map((p) => `${x(p.n)},${y(p.value)}`)
        .join(' ')}"/>`,
      ...pts.map(marker),
    );
  }
  return parts.join('\n');
}

export function renderChart(figures: readonly StormFigures[], caption: string): string {
  const width = PANEL.width * PANELS.length;
  const censoredPoints = PANELS.some((panel) => figures.some((f) => panel.point(f).censored));
  const height = PANEL.height + 50 + (censoredPoints ? NOTE_LINE : 0);
  const legendY = PANEL.height + 38;
  const entries = [...seriesOf(figures).map(styleOf), { ...TARGET_STYLE, label: 'target p99 at each N' }];
  let lx = PANEL.left;
  const legend = entries.map(({ color, dash, label }) => {
    const at = lx;
    lx += 44 + label.length * 7;
    return (
      `<line x1="${at}" x2="${at + 28}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}"/>` +
      `<text x="${at + 34}" y="${legendY + 4}">${esc(label)}</text>`
    );
  });
  const censored = censoredPoints
    ? [
        `<text x="${PANEL.left}" y="${legendY + 4 + NOTE_LINE}">hollow: at least this (the deadline cut the run off)</text>`,
      ]
    : [];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...PANELS.map((panel, i) => drawPanel(figures, panel, i * PANEL.width)),
    ...legend,
    ...censored,
    `<text x="${PANEL.left}" y="${legendY - 18}" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
