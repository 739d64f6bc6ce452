// Charts drawn as SVG by the page itself, each with a table of the same numbers (a button switches, so screen
// readers and keyboard users get every value). Colours: the Okabe-Ito palette, readable with colour blindness;
// the series also differ in dash pattern, so they never depend on colour alone.
const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

function svg(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

/** A line chart of several series over the same periods, with a table view. */
export function lineChart(id, title, labels, series, { fmt, tableLabel, chartLabel, period }) {
  const W = 600, H = 180, L = 40, B = 20, T = 8;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i) => L + (labels.length <= 1 ? (W - L) / 2 : (i * (W - L - 8)) / (labels.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none' });
  for (const f of [0, 0.5, 1]) {
    chart.append(svg('line', { x1: L, x2: W, y1: y(max * f), y2: y(max * f), stroke: '#d0d7de', 'stroke-width': 1 }));
    const label = svg('text', { x: L - 4, y: y(max * f) + 3, 'text-anchor': 'end' });
    label.textContent = fmt(max * f);
    chart.append(label);
  }
  // a few period labels along the bottom, never more than fit
  const step = Math.max(1, Math.ceil(labels.length / 6));
  labels.forEach((l, i) => {
    if (i % step !== 0 && i !== labels.length - 1) return;
    const label = svg('text', { x: x(i), y: H - 4, 'text-anchor': i === 0 ? 'start' : (i === labels.length - 1 ? 'end' : 'middle') });
    label.textContent = l.split(' – ')[0];
    chart.append(label);
  });
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { points, fill: 'none', stroke: COLOURS[k % 4], 'stroke-width': 2, 'stroke-dasharray': DASHES[k % 4] }));
    if (s.values.length <= 40) s.values.forEach((v, i) => chart.append(svg('circle', { cx: x(i), cy: y(v), r: 2.5, fill: COLOURS[k % 4] })));
  });
  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' }, series.map((s, k) => h('span', {}, h('span', { class: `sw sw-${k % 4}` }), s.name)));
  const table = h('table', { id: id + '-table', hidden: '' }, h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, period), series.map((s) => h('th', { scope: 'col', class: 'num' }, s.name)))),
    h('tbody', {}, labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, l), series.map((s) => h('td', { class: 'num' }, fmt(s.values[i])))))));
  const figure = h('figure', { id, class: 'figure' }, h('figcaption', { class: 'visually-hidden' }, title), chart, legend);
  const toggle = h('button', { type: 'button', class: 'toggle', 'aria-controls': id + '-table', 'aria-expanded': 'false' }, tableLabel);
  toggle.addEventListener('click', () => {
    const showTable = table.hidden;
    table.hidden = !showTable;
    figure.hidden = showTable;
    toggle.textContent = showTable ? chartLabel : tableLabel;
    toggle.setAttribute('aria-expanded', String(showTable));
  });
  return h('div', { class: 'chart-box' }, h('div', { class: 'chart-head' }, h('strong', {}, title), ' ', toggle), figure, table);
}

/** A table of labelled rows with several formatted columns. */
export function barTable(id, caption, rows, headers, cells) {
  return h('table', { id }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
    h('tbody', {}, rows.map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), cells(value).map((c) => h('td', { class: 'num' }, c))))));
}
