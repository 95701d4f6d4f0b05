// Silkgate operations dashboard. Vanilla JS, no dependencies, served by /ops/ops.js.
// The API key lives in sessionStorage (this tab only), is sent only as an Authorization header to
// /graphql, never in a URL, and is never written to the console.
'use strict';
(() => {
  const KEY_STORAGE = 'silkgate.ops.apiKey';
  const HOURS = 48;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // ---------------------------------------------------------------------------------------------
  // Panels. Each panel asks for its own data under its own alias, picks its rows from the answer,
  // and draws them. To point a panel at another module's GraphQL field, change only `selection`
  // and `rows` (the drawing functions take plain rows). All selections go in one request.
  // ---------------------------------------------------------------------------------------------
  const PANELS = [
    {
      id: 'flow',
      title: `Parcels per hour, last ${HOURS} hours`,
      wide: true,
      selection: 'flow: opsOverview(hours: $hours) { hourly { hour declared received released dispatched } }',
      rows: (d) => d.flow.hourly,
      isEmpty: (rows) => rows.every((r) => !r.declared && !r.received && !r.released && !r.dispatched),
      draw: drawHourly,
      source: 'Tracking events: EMA declared, EMB received, EXC/EDC released by customs, EMC dispatched.',
      empty: 'No data yet: no parcel was declared, received, released or dispatched in this window.',
    },
    {
      id: 'status',
      title: 'Parcels by status',
      selection: 'status: opsOverview(hours: $hours) { statusCounts { status count } }',
      rows: (d) => d.status.statusCounts.map((r) => ({ label: humanize(r.status), value: r.count })),
      draw: drawBars,
      source: 'Current status of every parcel of the hub.',
      empty: 'No data yet: no parcels have been declared.',
    },
    {
      id: 'customs-queue',
      title: 'Customs queue by lane',
      selection: 'customsQueue: opsOverview(hours: $hours) { customsQueue { lane count oldestSince } }',
      rows: (d) => d.customsQueue.customsQueue.map((r) => ({ label: humanize(r.lane), value: r.count, note: r.oldestSince ? `oldest declared ${timeAgo(r.oldestSince)}` : '' })),
      draw: drawBars,
      source: 'Parcels waiting for a customs decision, by lane.',
      empty: 'No data yet: no parcels are waiting for customs.',
    },
    {
      id: 'dwell',
      title: 'Parcels in the hub by time since received',
      selection: 'dwell: opsOverview(hours: $hours) { dwellBands { band label count } }',
      rows: (d) => d.dwell.dwellBands.map((r) => ({ label: r.label, value: r.count })),
      isEmpty: (rows) => rows.every((r) => r.value === 0),
      draw: drawBars,
      source: 'Parcels received at the hub and not yet dispatched, by hours since the hub received them.',
      empty: 'No data yet: no parcels are in the hub.',
    },
    {
      id: 'receptacles',
      title: 'Open receptacles',
      selection: 'receptacles: opsOverview(hours: $hours) { openReceptacles { receptacleId lane { destinationOffice mailCategory mailSubclass carrier { code } } destinationCountry parcelCount weightGrams maxWeightGrams } }',
      rows: (d) => d.receptacles.openReceptacles,
      draw: drawReceptacles,
      source: 'Bags open at the hub, with fill weight against the bag limit.',
      empty: 'No data yet: no receptacles are open at the hub.',
    },
    {
      id: 'carriers',
      title: 'Carrier delivery health',
      selection: 'carriers: opsOverview(hours: $hours) { carrierHealth { carrierCode carrierName delivered failedAttempts messageFailures deadLetters } }',
      rows: (d) => d.carriers.carrierHealth,
      draw: drawCarriers,
      source: `Deliveries (EMI) and failed attempts (EMH) reported by carriers in the last ${HOURS} hours; webhook messages to the carrier with a failed attempt, and dead letters (given up after every retry), in the same window.`,
      empty: 'No data yet: carriers have reported no deliveries or failures in this window.',
    },
  ];

  const QUERY = `query OpsDashboard($hours: Int) {
  me { role apiKey { label } }
  scope: opsOverview(hours: $hours) { hubCode generatedAt }
  ${PANELS.map((p) => p.selection).join('\n  ')}
}`;

  // ---------------------------------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  const form = $('signin');
  const keyInput = $('api-key');
  const message = $('message');
  const dashboard = $('dashboard');
  const signinSection = $('signin-section');

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const c of [].concat(children)) node.append(c);
    return node;
  }

  function svgEl(tag, attrs = {}, children = []) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    for (const c of [].concat(children)) node.append(c);
    return node;
  }

  function humanize(code) {
    const s = String(code).toLowerCase().replace(/_/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function timeAgo(iso) {
    const hours = (Date.now() - Date.parse(iso)) / 3_600_000;
    if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} min ago`;
    if (hours < 48) return `${Math.round(hours)} h ago`;
    return `${Math.round(hours / 24)} days ago`;
  }

  function setMessage(text) {
    message.textContent = text;
  }

  function showSignin() {
    dashboard.hidden = true;
    signinSection.hidden = false;
  }

  function dataTable(caption, headers, rows) {
    return el('details', {}, [
      el('summary', {}, 'Show the figures as a table'),
      el('table', {}, [
        el('caption', { class: 'visually-hidden' }, caption),
        el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)))),
        el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => (i ? el('td', { class: 'num' }, String(c)) : el('th', { scope: 'row' }, String(c))))))),
      ]),
    ]);
  }

  // Horizontal bar chart: one bar per row ({label, value, note?}).
  function drawBars(panel, rows) {
    const width = 560;
    const rowHeight = 28;
    const labelWidth = 190;
    const height = rows.length * rowHeight + 8;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const titleId = `${panel.id}-chart-title`;
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'data-chart': panel.id });
    svg.append(svgEl('title', { id: titleId }, `${panel.title}: ${rows.map((r) => `${r.label} ${r.value}`).join(', ')}`));
    rows.forEach((r, i) => {
      const y = i * rowHeight + 4;
      const barWidth = Math.max(2, ((width - labelWidth - 60) * r.value) / max);
      svg.append(svgEl('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', 'font-size': 13, fill: '#1a1a1a' }, r.label));
      svg.append(svgEl('rect', { x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 10, fill: '#0b4f8a', rx: 2 }));
      svg.append(svgEl('text', { x: labelWidth + barWidth + 6, y: y + 17, 'font-size': 13, fill: '#1a1a1a' }, String(r.value)));
    });
    const notes = rows.filter((r) => r.note);
    const parts = [svg];
    if (notes.length) parts.push(el('p', { class: 'source' }, notes.map((r) => `${r.label}: ${r.note}`).join('; ')));
    parts.push(dataTable(panel.title, ['', 'Parcels'], rows.map((r) => [r.label, r.value])));
    return parts;
  }

  const SERIES = [
    { key: 'declared', label: 'Declared', color: '#0b4f8a', dash: '' },
    { key: 'received', label: 'Received', color: '#9a3c00', dash: '6 3' },
    { key: 'released', label: 'Released by customs', color: '#166534', dash: '2 3' },
    { key: 'dispatched', label: 'Dispatched', color: '#6b21a8', dash: '10 3 2 3' },
  ];

  // Line chart of parcels per hour, one line per series, oldest hour on the left.
  function drawHourly(panel, rows) {
    const width = 960;
    const height = 260;
    const m = { left: 44, right: 28, top: 12, bottom: 36 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const max = Math.max(1, ...rows.flatMap((r) => SERIES.map((s) => r[s.key])));
    const x = (i) => m.left + (rows.length <= 1 ? 0 : (plotW * i) / (rows.length - 1));
    const y = (v) => m.top + plotH - (plotH * v) / max;
    const titleId = `${panel.id}-chart-title`;
    const totals = SERIES.map((s) => `${s.label} ${rows.reduce((n, r) => n + r[s.key], 0)}`).join(', ');
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'data-chart': panel.id });
    svg.append(svgEl('title', { id: titleId }, `${panel.title}. Totals: ${totals}`));
    for (const v of [0, Math.round(max / 2), max]) {
      svg.append(svgEl('line', { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v), stroke: '#d8dce2' }));
      svg.append(svgEl('text', { x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#1a1a1a' }, String(v)));
    }
    rows.forEach((r, i) => {
      const at = new Date(r.hour);
      if (at.getHours() % 6 === 0) {
        svg.append(svgEl('line', { x1: x(i), x2: x(i), y1: m.top + plotH, y2: m.top + plotH + 4, stroke: '#4b5260' }));
        const label = at.getHours() === 0 ? at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) : `${String(at.getHours()).padStart(2, '0')}:00`;
        svg.append(svgEl('text', { x: x(i), y: height - 14, 'text-anchor': 'middle', 'font-size': 12, fill: '#1a1a1a' }, label));
      }
    });
    svg.append(svgEl('line', { x1: m.left, x2: width - m.right, y1: m.top + plotH, y2: m.top + plotH, stroke: '#4b5260' }));
    for (const s of SERIES) {
      const points = rows.map((r, i) => `${x(i).toFixed(1)},${y(r[s.key]).toFixed(1)}`).join(' ');
      svg.append(svgEl('polyline', { points, fill: 'none', stroke: s.color, 'stroke-width': 2.5, 'stroke-dasharray': s.dash, 'data-series': s.key }));
    }
    const legend = el('ul', { class: 'legend' }, SERIES.map((s) =>
      el('li', {}, [svgEl('svg', { viewBox: '0 0 24 10', 'aria-hidden': 'true' }, svgEl('line', { x1: 0, x2: 24, y1: 5, y2: 5, stroke: s.color, 'stroke-width': 3, 'stroke-dasharray': s.dash })), s.label]),
    ));
    const busy = rows.filter((r) => SERIES.some((s) => r[s.key] > 0));
    const table = dataTable(panel.title, ['Hour', ...SERIES.map((s) => s.label)], busy.map((r) => [new Date(r.hour).toLocaleString(), ...SERIES.map((s) => r[s.key])]));
    return [svg, legend, table];
  }

  function drawReceptacles(panel, rows) {
    return el('table', {}, [
      el('caption', { class: 'visually-hidden' }, panel.title),
      el('thead', {}, el('tr', {}, ['Lane', 'Destination', 'Parcels', 'Weight', 'Fill'].map((h, i) => el('th', { scope: 'col', class: i > 1 && i < 4 ? 'num' : '' }, h)))),
      el('tbody', {}, rows.map((r) => {
        const fill = Math.min(1, r.weightGrams / Math.max(1, r.maxWeightGrams));
        const pct = `${Math.round(fill * 100)} %`;
        const bar = svgEl('svg', { viewBox: '0 0 100 12', width: 100, height: 12, role: 'img', 'aria-label': `${pct} of ${(r.maxWeightGrams / 1000).toFixed(1)} kg` }, [
          svgEl('rect', { x: 0, y: 0, width: 100, height: 12, fill: '#fff', stroke: '#4b5260' }),
          svgEl('rect', { x: 0, y: 0, width: 100 * fill, height: 12, fill: fill > 0.9 ? '#9a3c00' : '#0b4f8a' }),
        ]);
        return el('tr', {}, [
          // An open bag has no S9 identifier yet: it is known by its lane (office, category, subclass, carrier).
          el('th', { scope: 'row', 'data-receptacle': r.receptacleId }, el('code', {}, `${r.lane.destinationOffice} ${r.lane.mailCategory}${r.lane.mailSubclass} ${r.lane.carrier.code}`)),
          el('td', {}, r.destinationCountry),
          el('td', { class: 'num' }, String(r.parcelCount)),
          el('td', { class: 'num' }, `${(r.weightGrams / 1000).toFixed(1)} kg`),
          el('td', {}, [bar, ` ${pct}`]),
        ]);
      })),
    ]);
  }

  function drawCarriers(panel, rows) {
    // null: the carrier has no webhook endpoint, so nothing is pushed to it (it pulls its handoffs).
    const pushed = (v) => (v === null || v === undefined ? 'no webhook' : String(v));
    return el('table', {}, [
      el('caption', { class: 'visually-hidden' }, panel.title),
      el('thead', {}, el('tr', {}, ['Carrier', 'Delivered', 'Failed attempts', 'Message failures', 'Dead letters'].map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, [
        el('th', { scope: 'row' }, `${r.carrierName} (${r.carrierCode})`),
        el('td', { class: 'num' }, String(r.delivered)),
        el('td', { class: 'num' }, String(r.failedAttempts)),
        el('td', { class: 'num' }, pushed(r.messageFailures)),
        el('td', { class: 'num' }, pushed(r.deadLetters)),
      ]))),
    ]);
  }

  function renderPanels(data) {
    const container = $('panels');
    container.replaceChildren();
    for (const panel of PANELS) {
      const headingId = `${panel.id}-heading`;
      const section = el('section', { class: `panel${panel.wide ? ' wide' : ''}`, id: `panel-${panel.id}`, 'aria-labelledby': headingId }, el('h2', { id: headingId }, panel.title));
      let rows = null;
      try {
        rows = panel.rows(data);
      } catch {
        rows = null;
      }
      if (rows === null) {
        section.append(el('p', { class: 'empty', 'data-state': 'error' }, 'Could not load this panel.'));
      } else if (rows.length === 0 || (panel.isEmpty && panel.isEmpty(rows))) {
        section.append(el('p', { class: 'empty', 'data-state': 'empty' }, panel.empty));
      } else {
        for (const part of [].concat(panel.draw(panel, rows))) section.append(part);
      }
      section.append(el('p', { class: 'source' }, panel.source));
      container.append(section);
    }
  }

  async function load() {
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (!key) {
      showSignin();
      return;
    }
    let res;
    let body;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: QUERY, variables: { hours: HOURS } }),
        credentials: 'omit',
        cache: 'no-store',
      });
      body = await res.json();
    } catch {
      setMessage('Could not reach the API. Try Refresh.');
      return;
    }
    const errors = body.errors || [];
    const codes = errors.map((e) => e.extensions && e.extensions.code);
    if (res.status === 401 || codes.includes('UNAUTHENTICATED')) {
      sessionStorage.removeItem(KEY_STORAGE);
      showSignin();
      setMessage('That API key was refused: it is not valid or has been revoked.');
      return;
    }
    if (codes.includes('FORBIDDEN')) {
      sessionStorage.removeItem(KEY_STORAGE);
      showSignin();
      setMessage('This dashboard is for hub operators, customs officers and administrators. ' + (errors.find((e) => e.extensions && e.extensions.code === 'FORBIDDEN').message || ''));
      return;
    }
    if (!body.data || !body.data.me) {
      setMessage('The API could not answer: ' + (errors[0] ? errors[0].message : 'no data'));
      return;
    }
    setMessage('');
    const { me, scope } = body.data;
    $('who').textContent = `Signed in as ${me.apiKey.label} (${humanize(me.role)}) · ${scope && scope.hubCode ? `hub ${scope.hubCode}` : 'all hubs'} · figures of ${scope ? new Date(scope.generatedAt).toLocaleString() : 'now'}`;
    signinSection.hidden = true;
    dashboard.hidden = false;
    renderPanels(body.data);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    keyInput.value = '';
    if (!key) return;
    sessionStorage.setItem(KEY_STORAGE, key);
    load();
  });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    $('panels').replaceChildren();
    setMessage('');
    showSignin();
    keyInput.focus();
  });
  $('refresh').addEventListener('click', () => load());
  load();
})();
