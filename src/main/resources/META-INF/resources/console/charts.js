// The console's charts: Apache ECharts (SVG renderer) behind this one module, each chart with a table of the same
// numbers behind a button (screen readers and keyboard users get every value). ECharts comes from its mvnpm jar;
// /console/lib/echarts/ redirects to the version on the class path, whose files are cached for good.
// The "common" build is the smallest one with the SVG renderer and tooltips; it is a UMD script that sets
// globalThis.echarts (its ES module build is the full library, half as large again). Loaded beside the page, so
// the rest of the console neither waits for it nor fails without it (the tables are shown instead).
let echarts = null;
let library = null;
/**
 * Runs the library (once). The page fetches it at once (modulepreload) but runs it only when its first requests are
 * out: running it takes the main thread for a while, which would otherwise delay sending them.
 */
export function loadCharts() {
  library ||= Promise.all([import('/console/lib/echarts/dist/echarts.common.min.js'), import('/console/lib/echarts/lib/i18n/langDE.js')])
    .then(([, de]) => {
      echarts = globalThis.echarts;
      echarts.registerLocale('DE', de.default);
    });
  return library;
}

// Okabe-Ito colours. Each series also has its own symbol, dash pattern and width, drawn widest first, so series
// with equal values stay apart (the earlier ones show around the later ones) and none depends on colour alone.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];
const LOOKS = [
  { symbol: 'circle', symbolSize: 12, width: 5, type: 'solid' },
  { symbol: 'rect', symbolSize: 8, width: 3, type: [7, 4] },
  { symbol: 'triangle', symbolSize: 7, width: 1.5, type: [2, 3] },
  { symbol: 'diamond', symbolSize: 5, width: 1, type: [8, 3, 2, 3] },
];
const SVG = 'http://www.w3.org/2000/svg';
const MUTED = '#57606a';
const LINE = '#d0d7de';

/** The charts on the page by id: a chart drawn again under the same id, or taken off the page, is disposed. */
const live = new Map();
const sweeper = new MutationObserver(() => {
  for (const [id, c] of live) if (!c.dom.isConnected) dispose(id);
});
function dispose(id) {
  const c = live.get(id);
  if (!c) return;
  c.disposed = true;
  c.observer.disconnect();
  c.chart?.dispose();
  live.delete(id);
  if (!live.size) sweeper.disconnect();
}

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A series' key as the chart draws it: its line with its dash, and its symbol in the middle. */
function keyIcon(k) {
  const look = LOOKS[k % LOOKS.length];
  const colour = COLOURS[k % COLOURS.length];
  const icon = svg('svg', { width: 30, height: 14, viewBox: '0 0 30 14' });
  icon.append(svg('line', { x1: 0, x2: 30, y1: 7, y2: 7, stroke: colour, 'stroke-width': Math.min(look.width, 3),
    'stroke-dasharray': Array.isArray(look.type) ? look.type.join(' ') : 'none' }));
  const r = Math.min(look.symbolSize, 10) / 2;
  const shapes = {
    circle: () => svg('circle', { cx: 15, cy: 7, r }),
    rect: () => svg('rect', { x: 15 - r, y: 7 - r, width: 2 * r, height: 2 * r }),
    triangle: () => svg('polygon', { points: `15,${7 - r} ${15 + r},${7 + r} ${15 - r},${7 + r}` }),
    diamond: () => svg('polygon', { points: `15,${7 - r} ${15 + r},7 15,${7 + r} ${15 - r},7` }),
  };
  const symbol = shapes[look.symbol]();
  symbol.setAttribute('fill', colour);
  icon.append(symbol);
  return icon;
}

function options(title, labels, series, fmt) {
  const integers = series.every((s) => s.values.every((v) => v == null || Number.isInteger(v)));
  return {
    animation: false,
    // ECharts describes the series and their values in the chart's aria-label (the values without their index)
    aria: { enabled: true, decal: { show: true }, label: { data: { excludeDimensionId: [0] } } },
    title: { text: title, show: false },
    color: COLOURS,
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
    // the key is the page's (below): ECharts does not move the plot aside for a legend that wraps
    grid: { left: 8, right: 16, top: 12, bottom: 4, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'axis', confine: true, axisPointer: { type: 'line' },
      // built as elements: ECharts' own tooltip markup carries inline style attributes, which the CSP refuses
      formatter: (points) => h('div', { class: 'chart-tip' }, h('div', { class: 'chart-tip-head' }, labels[points[0].dataIndex]),
        points.map((p) => h('div', {}, h('span', { class: `sw sw-${p.seriesIndex % 4}` }), `${p.seriesName}: `, h('strong', {}, fmt(p.value))))),
    },
    xAxis: {
      type: 'category', boundaryGap: false, data: labels.map((l) => l.split(' – ')[0]),
      axisLine: { lineStyle: { color: LINE } }, axisTick: { alignWithLabel: true },
      axisLabel: { color: MUTED, hideOverlap: true },
    },
    yAxis: {
      type: 'value', minInterval: integers ? 1 : 0,
      axisLabel: { color: MUTED, formatter: (v) => fmt(v) }, splitLine: { lineStyle: { color: LINE } },
    },
    series: series.map((s, k) => {
      const look = LOOKS[k % LOOKS.length];
      return {
        type: 'line', name: s.name, data: s.values, z: 2 + k,
        symbol: look.symbol, symbolSize: look.symbolSize,
        // every point up to a month of days (ECharts would otherwise thin them out, the last one too), fewer beyond
        showAllSymbol: s.values.length <= 31 ? true : 'auto',
        lineStyle: { width: look.width, type: look.type },
        emphasis: { focus: 'series' },
      };
    }),
  };
}

// Each chart is drawn in a task of its own: a page of charts drawn in one go kept the page from answering a click
// for a third of a second on a first visit (the library's code is compiled as it first runs).
let queue = Promise.resolve();
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Settles when every chart put on the page so far is drawn (or its table shown instead). */
export function drawn() {
  return loadCharts().then(() => queue, () => undefined);
}

/** Draws the chart once the library is there and the chart on the page, then follows the container's size. */
function mount(id, dom, option) {
  const entry = { dom, chart: null, observer: null, disposed: false };
  const draw = () => {
    if (entry.disposed || !echarts || !dom.isConnected || !dom.clientWidth) return; // or its table is shown
    if (!entry.chart) {
      entry.chart = echarts.init(dom, null, { renderer: 'svg', locale: document.documentElement.lang === 'de' ? 'DE' : 'EN' });
      entry.chart.setOption(option);
    } else if (entry.chart.getWidth() !== dom.clientWidth || entry.chart.getHeight() !== dom.clientHeight) {
      entry.chart.resize();
    }
  };
  entry.observer = new ResizeObserver(draw);
  entry.observer.observe(dom);
  live.set(id, entry);
  sweeper.observe(document.body, { childList: true, subtree: true });
  // the caller puts the chart on the page in the same task; once the library is loaded it is drawn after the
  // charts before it, each in the next task
  return loadCharts().then(() => {
    const mine = queue.then(nextTask).then(draw);
    queue = mine.catch(() => undefined);
    return mine;
  });
}

/** A line chart of several series over the same periods, with a table view. */
export function lineChart(id, title, labels, series, { fmt, tableLabel, chartLabel, period }) {
  dispose(id);
  const canvas = h('div', { class: 'chart' });
  const table = h('table', { id: id + '-table', hidden: '' }, h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, period), series.map((s) => h('th', { scope: 'col', class: 'num' }, s.name)))),
    h('tbody', {}, labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, l), series.map((s) => h('td', { class: 'num' }, fmt(s.values[i])))))));
  const key = h('div', { class: 'legend', 'aria-hidden': 'true' }, series.map((s, k) => h('span', {}, keyIcon(k), s.name)));
  const figure = h('figure', { id, class: 'figure' }, h('figcaption', { class: 'visually-hidden' }, title), key, canvas);
  const toggle = h('button', { type: 'button', class: 'toggle', 'aria-controls': id + '-table', 'aria-expanded': 'false' }, tableLabel);
  const show = (showTable) => {
    table.hidden = !showTable;
    figure.hidden = showTable;
    toggle.textContent = showTable ? chartLabel : tableLabel;
    toggle.setAttribute('aria-expanded', String(showTable));
  };
  toggle.addEventListener('click', () => show(table.hidden));
  mount(id, canvas, options(title, labels, series, fmt)).catch(() => {
    show(true);
    toggle.hidden = true;
  });
  return h('div', { class: 'chart-box' }, h('div', { class: 'chart-head' }, h('strong', {}, title), ' ', toggle), figure, table);
}

/** A table of labelled rows with several formatted columns. */
export function barTable(id, caption, rows, headers, cells) {
  return h('table', { id }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
    h('tbody', {}, rows.map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), cells(value).map((c) => h('td', { class: 'num' }, c))))));
}
