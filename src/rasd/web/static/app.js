// rasd dashboard: the filter form drives the map, the timeline and the event table through the JSON API.
// Report text is untrusted: everything from the API is put on the page with textContent, never as HTML.
"use strict";

(function () {
  const cfg = JSON.parse(document.getElementById("config").textContent);
  const form = document.getElementById("filters");
  const PAGE = 50;
  const MAP_POINTS = 3000; // the newest events of the filter; more makes the map slow to fetch and draw
  let offset = 0;

  const el = (tag, props, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) node.append(child ?? "");
    return node;
  };
  const colour = (type) => cfg.colours[type || "Other"] || cfg.colours.Other;
  const typeName = (e) => (e.acled_type ? (cfg.acled[e.acled_type] || e.acled_type) : cfg.other);
  const mention = (m) => (m ? (m.actor ? m.actor.name : m.text) : "");

  function filters(withDates = true) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (value.trim() && (withDates || (key !== "since" && key !== "until"))) params.append(key, value.trim());
    }
    return params;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(JSON.stringify(body.detail ?? body));
    return body;
  }

  function showError(error) {
    document.getElementById("event-count").textContent = "خطأ: " + error.message;
  }

  // -- map ---------------------------------------------------------------------------------------------------------
  const map = L.map("map", { zoomSnap: 0.5, minZoom: 2, maxZoom: 13, worldCopyJump: true }).setView([28, 20], 4);
  map.attributionControl.setPrefix("Leaflet").addAttribution("Natural Earth · world-atlas");
  fetch("/static/vendor/world-atlas/countries.geojson")
    .then((r) => r.json())
    .then((world) => L.geoJSON(world, {
      style: { color: "#9a9a9a", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
      interactive: false,
    }).addTo(map).bringToBack());
  // A cluster is a pie of its events' types (conic gradient) with their number in the middle.
  function clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      counts.set(marker.options.eventType, (counts.get(marker.options.eventType) || 0) + 1);
    }
    const total = cluster.getChildCount();
    let at = 0;
    const stops = [...counts].sort((a, b) => b[1] - a[1]).map(([type, n]) => {
      const from = at;
      at += (n / total) * 100;
      return `${colour(type)} ${from}% ${at}%`;
    });
    const pie = el("div", { className: "cluster" }, el("span", {}, String(total)));
    pie.style.background = `conic-gradient(${stops.join(", ")})`;
    const size = total < 10 ? 30 : total < 100 ? 36 : 44;
    return L.divIcon({ html: pie, className: "cluster-icon", iconSize: L.point(size, size) });
  }
  const clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false,
    iconCreateFunction: clusterIcon }).addTo(map);

  function popup(p) {
    const box = el("div", { className: "popup" });
    const link = el("a", { href: "/reports/" + encodeURIComponent(p.report_id) + "#event-" + p.event_id.split(":").pop() },
      p.title || p.report_id);
    box.append(
      el("strong", {}, (p.event_type ? (cfg.acled[p.event_type] || p.event_type) : cfg.other)
        + (p.sub_event_type ? " · " + p.sub_event_type : "")),
      el("div", {}, (p.event_date || "") + " · " + (p.location || "") + (p.fatalities ? " · قتلى: " + p.fatalities : "")),
      el("div", {}, [p.actor1, p.actor2].filter(Boolean).join(" ← ")),
      link);
    return box;
  }

  async function loadMap() {
    const data = await getJSON(`/api/events.geojson?notes=false&limit=${MAP_POINTS}&` + filters());
    clusters.clearLayers();
    const markers = data.features.map((f) => {
      const dot = el("span", { className: "dot" });
      dot.style.background = colour(f.properties.event_type);
      const [lon, lat] = f.geometry.coordinates;
      return L.marker([lat, lon], {
        icon: L.divIcon({ html: dot, className: "dot-icon", iconSize: [14, 14] }),
        title: f.properties.location || "",
        eventType: f.properties.event_type || "Other",
      }).bindPopup(() => popup(f.properties));
    });
    clusters.addLayers(markers);
    document.getElementById("map-note").textContent = markers.length + " حدثًا محدد الموقع على الخريطة"
      + (data.features.length === MAP_POINTS ? " (الأحدث فقط)" : "");
    if (markers.length) map.fitBounds(clusters.getBounds(), { maxZoom: 7, padding: [20, 20] });
  }

  // -- timeline ----------------------------------------------------------------------------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const DAY = 86400000;
  const toDate = (s) => new Date(s + "T00:00:00Z");
  const iso = (d) => d.toISOString().slice(0, 10);

  async function loadTimeline() {
    const data = await getJSON("/api/timeline?" + filters(false));
    const box = document.getElementById("timeline");
    box.replaceChildren();
    document.getElementById("timeline-bucket").textContent =
      { day: "(يوميًا)", week: "(أسبوعيًا)", month: "(شهريًا)" }[data.bucket];
    if (!data.bins.length) { box.append(el("p", { className: "none" }, "لا أحداث")); return; }
    const month = data.bucket === "month";
    const step = data.bucket === "week" ? 7 : 1;
    const slotOf = (d) => (month ? d.getUTCFullYear() * 12 + d.getUTCMonth() : Math.round(d / DAY / step));
    const endOf = (d) => (month ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0))
      : new Date(d.getTime() + (step - 1) * DAY));
    const totals = new Map();
    for (const [day, type, count] of data.bins) {
      if (!totals.has(day)) totals.set(day, []);
      totals.get(day).push([type, count]);
    }
    const first = toDate(data.bins[0][0]);
    const last = toDate(data.bins[data.bins.length - 1][0]);
    const slots = slotOf(last) - slotOf(first) + 1;
    const max = Math.max(...[...totals.values()].map((parts) => parts.reduce((a, [, n]) => a + n, 0)));
    const W = 1000, H = 160;
    const w = W / slots;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", class: "timeline-svg" });
    const since = form.elements.since.value, until = form.elements.until.value;
    for (const [day, parts] of totals) {
      const slot = slotOf(toDate(day)) - slotOf(first);
      const x = W - (slot + 1) * w; // right to left, like the page
      const end = iso(endOf(toDate(day)));
      const g = svg("g", { class: "bar" + (since && until && day >= since && end <= until ? " selected" : "") });
      let y = H;
      let total = 0;
      for (const [type, count] of parts) {
        const h = (count / max) * (H - 4);
        y -= h;
        total += count;
        g.append(svg("rect", { x: x + w * 0.1, y, width: Math.max(w * 0.8, 1), height: h, fill: colour(type) }));
      }
      const title = svg("title", {});
      title.textContent = `${day}${end !== day ? " – " + end : ""}: ${total}`;
      g.append(title);
      g.addEventListener("click", () => {
        form.elements.since.value = day;
        form.elements.until.value = end;
        refresh();
      });
      chart.append(g);
    }
    box.append(chart, el("div", { className: "axis" }, el("span", {}, iso(first)), el("span", {}, iso(last))));
  }

  // -- table -------------------------------------------------------------------------------------------------------
  async function loadTable() {
    const params = filters();
    params.set("limit", PAGE);
    params.set("offset", offset);
    const data = await getJSON("/api/events?" + params);
    const body = document.querySelector("#events tbody");
    body.replaceChildren(...data.events.map((row) => {
      const e = row.event;
      const place = e.location ? (e.location.place ? (e.location.place.name_ar || e.location.place.name) : e.location.text) : "";
      const swatch = el("span", { className: "swatch" });
      swatch.style.background = colour(e.acled_type);
      const date = e.date ? el("span", {}, e.date.value) : el("span", { className: "dim", title: "تاريخ النشر" }, row.published || "");
      const tr = el("tr", {},
        el("td", { dir: "ltr" }, date),
        el("td", {}, swatch, typeName(e), el("small", {}, e.acled_sub_type ? " · " + e.acled_sub_type : " · " + e.plover)),
        el("td", {}, cfg.modality[e.modality] || e.modality),
        el("td", {}, mention(e.actor1)),
        el("td", {}, mention(e.actor2)),
        el("td", {}, place),
        el("td", {}, e.fatalities ?? ""),
        el("td", { className: "trigger" }, e.trigger.text),
        el("td", {}, el("a", { href: "/reports/" + encodeURIComponent(row.report_id) + "#event-" + row.index },
          row.title || row.report_id)));
      tr.dataset.type = e.acled_type || "Other";
      return tr;
    }));
    document.getElementById("event-count").textContent =
      `(${data.total.toLocaleString("ar")}${data.total_exact ? "" : "+"} · ${data.total ? offset + 1 : 0}–${offset + data.events.length})`;
    document.getElementById("prev").disabled = offset === 0;
    document.getElementById("next").disabled = data.events.length < PAGE;
  }

  function refresh(keepPage) {
    if (!keepPage) offset = 0;
    history.replaceState(null, "", "?" + filters());
    document.body.classList.add("loading");
    Promise.all([loadTable(), loadMap(), loadTimeline()])
      .catch(showError)
      .finally(() => {
        document.body.classList.remove("loading");
        document.body.dataset.loads = Number(document.body.dataset.loads || 0) + 1; // lets tests wait for a refresh
      });
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  for (const select of form.querySelectorAll("select")) select.addEventListener("change", () => refresh());
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadTable().catch(showError); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; loadTable().catch(showError); });
  refresh();
})();
