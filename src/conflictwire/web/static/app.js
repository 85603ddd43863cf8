// conflictwire's map page: map, timeline, list, count and detail of the events matching the
// filters. One filter change = three requests in parallel (/events.points for the map,
// /events.timeline for the timeline, /events?limit=200 for the list and the count), drawn
// together. The map clusters every point with Supercluster (a static index built once per
// filter change) and draws only what is in view, so 50,000 events cost no DOM work per event.
"use strict";

(function () {
  const TYPES = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
  ];
  // Okabe-Ito: told apart with the common colour-vision deficiencies.
  const COLOURS = ["#E69F00", "#D55E00", "#CC79A7", "#0072B2", "#56B4E9", "#009E73", "#999999"];
  const OTHER = TYPES.length; // index of any other / missing type
  const FIELDS = ["since", "until", "type", "actor", "country", "admin1", "q"];
  const LIST_MAX = 200;
  const DEBOUNCE_MS = 120;

  const form = document.getElementById("filters");
  const mapEl = document.getElementById("map");
  const countEl = document.getElementById("count");
  const statusEl = document.getElementById("status");
  const listEl = document.getElementById("event-list");
  const timelineEl = document.getElementById("timeline");
  const detailEl = document.getElementById("detail");
  const detailBody = detailEl.querySelector(".detail-body");
  const detailTitle = document.getElementById("detail-title");
  const csvLink = document.getElementById("download-csv");
  const geojsonLink = document.getElementById("download-geojson");
  window.cwTimings = window.cwTimings || [];

  const typeIndex = (t) => {
    const i = TYPES.indexOf(t);
    return i < 0 ? OTHER : i;
  };

  // ------------------------------------------------------------------ filters and the URL

  function currentQuery() {
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      const v = (form.elements[name].value || "").trim();
      if (v) params.set(name, v);
    }
    return params;
  }

  function applyQuery(params) {
    const select = form.elements.type;
    const type = params.get("type");
    // a sub-event or disorder type from a shared link (the API takes them too)
    if (type && ![...select.options].some((o) => o.value === type)) select.add(new Option(type));
    for (const name of FIELDS) form.elements[name].value = params.get(name) || "";
  }

  // ------------------------------------------------------------------ requests

  let controller = null;

  async function getJSON(url, signal) {
    const r = await fetch(url, { signal, headers: { Accept: "application/json" } });
    if (!r.ok) {
      let detail = r.statusText;
      try {
        const body = await r.json();
        detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      } catch (_e) {
        /* not JSON */
      }
      const err = new Error(`${r.status}: ${detail}`);
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  function showStatus(text) {
    statusEl.textContent = text || "";
    statusEl.hidden = !text;
  }

  // ------------------------------------------------------------------ map

  const map = L.map(mapEl, { worldCopyJump: true, preferCanvas: false }).setView([20, 20], 2);
  const tiles = document.querySelector('meta[name="cw-tiles"]').content;
  if (tiles) {
    const host = tiles.split("/")[2] || tiles;
    L.tileLayer(tiles, { maxZoom: 19, attribution: `Tiles: ${host}` }).addTo(map);
  }
  // The offline basemap (Natural Earth outlines) on one canvas, below the events whenever it
  // arrives.
  map.createPane("basemap").style.zIndex = 250;
  const basemapStyle = {
    renderer: L.canvas({ pane: "basemap", padding: 0.2 }),
    pane: "basemap",
    interactive: false,
    color: "#7a7a7a",
    weight: 0.8,
    fill: !tiles,
    fillColor: "#f2efe9",
    fillOpacity: 1,
  };
  map.attributionControl.addAttribution("Outlines: Natural Earth");
  if (!tiles) mapEl.classList.add("offline");

  const ADMIN1_ZOOM = 4; // admin-1 outlines from this zoom on
  let admin1 = null;

  function topoLayer(url, style) {
    return fetch(url)
      .then((r) => (r.ok ? r.json() : null))
      .then((t) => {
        if (!t || !t.objects) return null;
        const name = Object.keys(t.objects)[0];
        return L.geoJSON(topojson.feature(t, t.objects[name]), style);
      })
      .catch(() => null);
  }

  function showAdmin1() {
    if (!admin1) return;
    const want = map.getZoom() >= ADMIN1_ZOOM;
    if (want !== map.hasLayer(admin1)) want ? admin1.addTo(map) : admin1.remove();
  }

  // Countries first; the admin-1 units (about 4,400) once the events are drawn.
  const countriesLoaded = topoLayer("/static/basemap/countries.json", basemapStyle).then((l) => {
    if (l) l.addTo(map);
  });

  function loadAdmin1() {
    const style = { ...basemapStyle, fill: false, weight: 0.5, color: "#9a9a9a" };
    Promise.all([topoLayer("/static/basemap/admin1.json", style), countriesLoaded]).then(([l]) => {
      admin1 = l;
      showAdmin1();
    });
  }

  map.on("zoomend", showAdmin1);

  const eventsLayer = L.layerGroup().addTo(map);
  let index = null; // Supercluster over the current points
  let plotted = 0;

  function buildIndex(data) {
    const f = data.fields;
    const [iId, iLat, iLon, iType, iDead, iDate] = ["id", "lat", "lon", "event_type", "fatalities", "event_date"].map(
      (n) => f.indexOf(n),
    );
    const feats = new Array(data.rows.length);
    for (let k = 0; k < data.rows.length; k++) {
      const r = data.rows[k];
      feats[k] = {
        type: "Feature",
        properties: { id: r[iId], t: typeIndex(r[iType]), f: r[iDead] || 0, d: r[iDate] },
        geometry: { type: "Point", coordinates: [r[iLon], r[iLat]] },
      };
    }
    index = new Supercluster({
      radius: 60,
      maxZoom: 14,
      map: (p) => {
        const c = [0, 0, 0, 0, 0, 0, 0];
        c[p.t] = 1;
        return { c, f: p.f };
      },
      reduce: (acc, p) => {
        for (let i = 0; i < acc.c.length; i++) acc.c[i] += p.c[i];
        acc.f += p.f;
      },
    }).load(feats);
    plotted = feats.length;
  }

  // The first view: the events' extent (no closer than a region).
  function fitToPoints(data) {
    const iLat = data.fields.indexOf("lat");
    const iLon = data.fields.indexOf("lon");
    if (!data.rows.length) return;
    let s = 90, w = 180, n = -90, e = -180;
    for (const r of data.rows) {
      if (r[iLat] < s) s = r[iLat];
      if (r[iLat] > n) n = r[iLat];
      if (r[iLon] < w) w = r[iLon];
      if (r[iLon] > e) e = r[iLon];
    }
    map.fitBounds([[s, w], [n, e]], { animate: false, maxZoom: 7, padding: [20, 20] });
  }

  function pie(counts, total) {
    let at = 0;
    const stops = [];
    counts.forEach((n, i) => {
      if (!n) return;
      const to = at + (n / total) * 100;
      stops.push(`${COLOURS[i]} ${at.toFixed(1)}% ${to.toFixed(1)}%`);
      at = to;
    });
    return `conic-gradient(${stops.join(",")})`;
  }

  function drawMarkers() {
    eventsLayer.clearLayers();
    if (!index) return;
    const b = map.getBounds();
    const south = Math.max(-90, b.getSouth());
    const north = Math.min(90, b.getNorth());
    // Supercluster wraps longitudes itself (a box across the antimeridian is two).
    const bbox = b.getEast() - b.getWest() >= 360
      ? [-180, south, 180, north]
      : [b.getWest(), south, b.getEast(), north];
    const zoom = Math.round(map.getZoom());
    for (const c of index.getClusters(bbox, zoom)) {
      const [lon, lat] = c.geometry.coordinates;
      const p = c.properties;
      if (p.cluster) {
        const size = Math.round(24 + 8 * Math.log10(p.point_count));
        const icon = L.divIcon({
          className: "cw-cluster",
          html: `<span style="background:${pie(p.c, p.point_count)}"><b>${p.point_count_abbreviated}</b></span>`,
          iconSize: [size, size],
        });
        const m = L.marker([lat, lon], {
          icon,
          keyboard: false,
          title: `${p.point_count} events, ${p.f} killed: zoom in`,
        });
        m.on("click", () => {
          const z = Math.min(index.getClusterExpansionZoom(p.cluster_id), 18);
          map.setView([lat, lon], z);
        });
        eventsLayer.addLayer(m);
      } else {
        const m = L.circleMarker([lat, lon], {
          radius: Math.min(4 + 2 * Math.sqrt(p.f), 18),
          color: "#222",
          weight: 1,
          fillColor: COLOURS[p.t],
          fillOpacity: 0.85,
          className: "cw-point",
        });
        m.bindTooltip(`${p.d || "no date"}: ${TYPES[p.t] || "other"}, ${p.f} killed`);
        m.on("click", () => openDetail(p.id, null));
        eventsLayer.addLayer(m);
      }
    }
  }

  map.on("moveend", drawMarkers);

  function drawLegend() {
    const legend = document.getElementById("legend");
    legend.replaceChildren(
      ...[...TYPES, "Other"].map((t, i) => {
        const li = document.createElement("li");
        const sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.background = COLOURS[i];
        sw.setAttribute("aria-hidden", "true");
        li.append(sw, t);
        return li;
      }),
    );
  }

  // ------------------------------------------------------------------ timeline

  function drawTimeline(rows) {
    const width = 1000;
    const height = 120;
    timelineEl.setAttribute("viewBox", `0 0 ${width} ${height}`);
    if (!rows.length) {
      timelineEl.innerHTML = "";
      timelineEl.setAttribute("aria-label", "Events per day: none");
      return;
    }
    const DAY = 86400000;
    const day = (s) => Date.parse(s + "T00:00:00Z") / DAY;
    const first = day(rows[0].date);
    const last = day(rows[rows.length - 1].date);
    const days = last - first + 1;
    const perDay = new Map();
    for (const r of rows) {
      const k = day(r.date) - first;
      let c = perDay.get(k);
      if (!c) perDay.set(k, (c = [0, 0, 0, 0, 0, 0, 0]));
      c[typeIndex(r.event_type)] += r.incidents;
    }
    let most = 1;
    let busiest = null;
    for (const [k, c] of perDay) {
      const n = c.reduce((a, b) => a + b, 0);
      if (n > most || busiest === null) {
        most = Math.max(most, n);
        busiest = [k, n];
      }
    }
    const w = width / days;
    const parts = [];
    for (const [k, c] of perDay) {
      let y = height;
      for (let i = 0; i < c.length; i++) {
        if (!c[i]) continue;
        const h = (c[i] / most) * (height - 4);
        y -= h;
        parts.push(
          `<rect x="${(k * w).toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(w - 0.5, 0.6).toFixed(2)}" height="${h.toFixed(2)}" fill="${COLOURS[i]}"/>`,
        );
      }
    }
    timelineEl.innerHTML = parts.join("");
    const total = rows.reduce((a, r) => a + r.incidents, 0);
    const bday = new Date((first + busiest[0]) * DAY).toISOString().slice(0, 10);
    timelineEl.setAttribute(
      "aria-label",
      `Events per day: ${total} from ${rows[0].date} to ${rows[rows.length - 1].date}; ` +
        `the busiest day ${bday} with ${busiest[1]}`,
    );
  }

  // ------------------------------------------------------------------ list

  function describe(e) {
    const where = [e.location, e.admin1, e.country].filter(Boolean).join(", ");
    const dead = e.fatalities ? `, ${e.fatalities} killed` : "";
    return `${e.event_date || "no date"} · ${e.sub_event_type || e.event_type || "event"} · ${where || "no place"}${dead}`;
  }

  function drawList(items) {
    const frag = document.createDocumentFragment();
    for (const e of items.slice(0, LIST_MAX)) {
      const li = document.createElement("li");
      li.dataset.id = e.id;
      const b = document.createElement("button");
      b.type = "button";
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = COLOURS[typeIndex(e.event_type)];
      sw.setAttribute("aria-hidden", "true");
      b.append(sw, describe(e));
      li.append(b);
      frag.append(li);
    }
    listEl.replaceChildren(frag);
  }

  listEl.addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (b) openDetail(b.parentElement.dataset.id, b);
  });

  // ------------------------------------------------------------------ detail

  let opener = null; // the element to give the focus back to

  function dl(pairs) {
    const d = document.createElement("dl");
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === "") continue;
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      const shown = typeof v === "number" && !Number.isInteger(v) ? +v.toFixed(5) : v;
      dd.textContent = typeof v === "object" ? JSON.stringify(v) : String(shown);
      d.append(dt, dd);
    }
    return d;
  }

  // The report's text with each evidence span of the event(s) in <mark class="evidence">
  // (spans are character offsets; an overlapping span is cut where the previous one ends).
  function highlighted(text, spans) {
    const div = document.createElement("div");
    div.className = "report-text";
    const sorted = spans
      .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const chars = Array.from(text).length === text.length ? null : Array.from(text);
    const slice = (a, b) => (chars ? chars.slice(a, b).join("") : text.slice(a, b));
    const size = chars ? chars.length : text.length;
    let at = 0;
    for (const s of sorted) {
      const start = Math.max(s.start, at);
      const end = Math.min(s.end, size);
      if (end <= start) continue;
      if (start > at) div.append(slice(at, start));
      const m = document.createElement("mark");
      m.className = "evidence";
      m.dataset.field = s.field;
      m.title = s.field;
      m.textContent = slice(start, end);
      div.append(m);
      at = end;
    }
    if (at < size) div.append(slice(at, size));
    return div;
  }

  const PRECISION = {
    geo: { 1: "1: the place itself", 2: "2: near the place / part of a region", 3: "3: a larger region" },
    time: { 1: "1: the day", 2: "2: within a week", 3: "3: within a month" },
  };

  let detailSeq = 0;

  async function openDetail(id, from) {
    const seq = ++detailSeq;
    opener = from || document.activeElement;
    detailEl.hidden = false;
    detailTitle.textContent = "Event";
    detailBody.replaceChildren("Loading…");
    detailEl.focus();
    try {
      const inc = await getJSON(`/events/${encodeURIComponent(id)}`);
      if (seq !== detailSeq) return;
      detailTitle.textContent = describe(inc);
      const parts = [];
      const skip = new Set(["events", "reports", "merge_reasons", "source"]);
      const pairs = Object.entries(inc).filter(([k]) => !skip.has(k));
      pairs.forEach((p) => {
        if (p[0] === "geo_precision") p[1] = PRECISION.geo[p[1]] || p[1];
        if (p[0] === "time_precision") p[1] = PRECISION.time[p[1]] || p[1];
      });
      parts.push(dl(pairs));
      if (inc.merge_reasons && inc.merge_reasons.length) {
        const h = document.createElement("h3");
        h.textContent = "Why its reports were merged";
        parts.push(h, dl(inc.merge_reasons.map((r, i) => [`merge ${i + 1}`, (r.why || []).join("; ")])));
      }
      const mine = new Set((inc.events || []).map((e) => e.id));
      const reports = await Promise.all(
        (inc.reports || []).map((r) => getJSON(`/articles/${r.article_id}`).catch(() => null)),
      );
      if (seq !== detailSeq) return;
      (inc.reports || []).forEach((r, i) => {
        const art = reports[i];
        const sec = document.createElement("section");
        sec.className = "report";
        const h = document.createElement("h3");
        h.textContent = `Source: ${r.source || "unknown"}${r.published ? ", " + r.published : ""}`;
        sec.append(h);
        if (r.url) {
          const a = document.createElement("a");
          a.href = r.url;
          a.rel = "noopener noreferrer";
          a.textContent = r.title || r.url;
          sec.append(a);
        } else if (r.title) {
          sec.append(r.title);
        }
        if (art) {
          const spans = (art.evidence_spans || []).filter((s) => mine.has(s.event_id));
          sec.append(highlighted(art.text || "", spans));
        }
        parts.push(sec);
      });
      detailBody.replaceChildren(...parts);
    } catch (err) {
      if (seq === detailSeq) detailBody.replaceChildren(`Could not load the event (${err.message}).`);
    }
  }

  function closeDetail() {
    if (detailEl.hidden) return;
    detailEl.hidden = true;
    detailSeq++;
    if (opener && document.contains(opener)) opener.focus();
  }

  detailEl.querySelector(".close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") closeDetail();
  });

  // ------------------------------------------------------------------ one query, drawn

  let querySeq = 0;
  let firstReady = true;

  async function refresh(startedAt, what) {
    const seq = ++querySeq;
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    document.body.dataset.state = "loading";
    const params = currentQuery();
    const qs = params.toString();
    history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
    csvLink.href = `/events.csv${qs ? "?" + qs : ""}`;
    geojsonLink.href = `/events.geojson${qs ? "?" + qs : ""}`;
    const sep = qs ? "&" : "";
    try {
      const [points, timeline, page] = await Promise.all([
        getJSON(`/events.points?${qs}`, signal),
        getJSON(`/events.timeline?${qs}`, signal),
        getJSON(`/events?${qs}${sep}limit=${LIST_MAX}&sort=-event_date`, signal),
      ]);
      if (seq !== querySeq) return;
      showStatus("");
      buildIndex(points);
      if (firstReady) fitToPoints(points);
      drawMarkers();
      drawTimeline(timeline.by_day_type);
      drawList(page.items);
      const n = page.total;
      countEl.textContent =
        `${n} event${n === 1 ? "" : "s"}` + (plotted < n ? ` (${plotted} on the map)` : "");
    } catch (err) {
      if (err.name === "AbortError" || seq !== querySeq) return;
      index = null;
      plotted = 0;
      eventsLayer.clearLayers();
      countEl.textContent = "0 events";
      showStatus(
        err.status === 401
          ? "This server needs a read token for its data (serve --read-token): the page cannot send one."
          : `Could not load the events (${err.message}).`,
      );
    }
    mapEl.dataset.events = String(plotted);
    document.body.dataset.state = "ready";
    const ms = Math.round(performance.now() - startedAt);
    window.cwTimings.push({ what: firstReady ? "load" : what, ms });
    firstReady = false;
  }

  let timer = null;
  let changedAt = 0;

  function changed(now) {
    changedAt = performance.now();
    document.body.dataset.state = "loading";
    clearTimeout(timer);
    if (now) refresh(changedAt, "filter");
    else timer = setTimeout(() => refresh(changedAt, "filter"), DEBOUNCE_MS);
  }

  // a select or a date is queried at once; typed text once the typing pauses
  form.addEventListener("input", (ev) =>
    changed(ev.target.tagName === "SELECT" || ev.target.type === "date"),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    changed(true);
  });
  form.addEventListener("reset", () => setTimeout(() => changed(true), 0));
  window.addEventListener("popstate", () => {
    applyQuery(new URLSearchParams(location.search));
    changed(true);
  });

  // ------------------------------------------------------------------ start

  drawLegend();
  applyQuery(new URLSearchParams(location.search));
  refresh(0, "load").then(loadAdmin1);
})();
