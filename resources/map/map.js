/*
 * The AIConnect map page: leads as markers (grid clustering by zoom, done here, no library),
 * an info window per lead, a radius drawn by two clicks or an area drawn corner by corner (both
 * editable afterwards), and the day's route (along the roads when Google gave its path).
 * Python (app/ui/maps/page.py, MapBridge) talks to it through QWebChannel: data comes in as
 * JSON strings in batches; clicks, the drawn circle or polygon and the load result go back as
 * slot calls.
 * window.aic holds a few entry points for tests and benchmarks.
 */
(function () {
  "use strict";
  const CELL = 60;          // cluster cell size in screen pixels
  const SINGLES_FROM = 16;  // from this zoom on every lead is its own marker
  const TILE = 256;

  let bridge = null;
  let config = null;
  let gm = null;            // google.maps once loaded
  let map = null;
  let info = null;
  let points = [];          // {id, lat, lng, stage, score, name, wx, wy}
  let byId = new Map();
  let incoming = null;      // {gen, rows, fit} while batches arrive
  let shown = [];           // markers on the map now
  let shownLeads = new Map();
  let colorMode = "stage";
  let circle = null;
  let polygon = null;
  let drawing = null;       // {kind: "circle", center} or {kind: "polygon", points, line, first}
  let route = { line: null, markers: [], roads: false };
  let loadTimer = null;
  let failed = false;
  let renderQueued = false;
  const stats = { leadMarkers: 0, clusterMarkers: 0, pointsShown: 0, renders: 0 };

  function report(kind, text) {
    if (bridge) bridge.jsError(kind + ": " + text);
  }
  window.addEventListener("error", (e) => report("error", `${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener("unhandledrejection", (e) => report("promise", String(e.reason)));

  // --- loading ---------------------------------------------------------------------------------

  function status(text) {
    const el = document.getElementById("status");
    el.textContent = text || "";
    el.hidden = !text;
  }

  function fail(reason) {
    if (failed || map) return;
    failed = true;
    clearTimeout(loadTimer);
    status("");
    bridge.mapFailed(reason);
  }

  window.gm_authFailure = function () {
    failed = false;
    map = null;
    fail("auth");
  };

  window.aicMapsLoaded = function () {
    clearTimeout(loadTimer);
    if (failed) return;
    try {
      gm = window.google.maps;
      start();
    } catch (e) {
      report("init", String(e));
      fail("init");
    }
  };

  function loadScript() {
    status(config.texts.loading);
    const params = new URLSearchParams({ key: config.key, callback: "aicMapsLoaded", v: "weekly", loading: "async",
      language: config.language, region: config.region });
    const script = document.createElement("script");
    script.src = "https://maps.googleapis.com/maps/api/js?" + params.toString();
    script.async = true;
    script.onerror = () => fail("network");
    loadTimer = setTimeout(() => fail("timeout"), config.timeoutMs);
    document.head.appendChild(script);
  }

  function start() {
    map = new gm.Map(document.getElementById("map"), {
      center: config.center, zoom: config.zoom, minZoom: 2, maxZoom: 20, clickableIcons: false,
      streetViewControl: false, mapTypeControl: false, fullscreenControl: false,
      gestureHandling: "greedy",
    });
    info = new gm.InfoWindow({ maxWidth: 340 });
    map.addListener("idle", () => { queueRender(); bridge.viewChanged(map.getCenter().lat(), map.getCenter().lng(), map.getZoom()); });
    map.addListener("click", (e) => onMapClick(e));
    map.addListener("mousemove", (e) => onMapMove(e));
    map.addListener("dblclick", () => onMapDoubleClick());
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") cancelDrawing(); });
    status("");
    legend();
    bridge.mapReady();
  }

  // --- markers ---------------------------------------------------------------------------------

  function world(lat, lng) {
    const s = Math.min(Math.max(Math.sin((lat * Math.PI) / 180), -0.9999), 0.9999);
    return { x: TILE * (0.5 + lng / 360), y: TILE * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) };
  }

  function beginMarkers(json) {
    const meta = JSON.parse(json);
    incoming = { gen: meta.gen, fit: meta.fit, rows: [] };
  }

  function addBatch(json) {
    const batch = JSON.parse(json);
    if (!incoming || batch.gen !== incoming.gen) return;
    for (const row of batch.rows) incoming.rows.push(row);
  }

  function endMarkers(gen) {
    if (!incoming || incoming.gen !== gen) return;
    const rows = incoming.rows, fit = incoming.fit;
    incoming = null;
    points = [];
    byId = new Map();
    for (const [id, lat, lng, stage, score, name] of rows) {
      if (!Number.isFinite(lat) || !Number.isFinite(lng) || (lat === 0 && lng === 0)) continue;
      const w = world(lat, lng);
      const p = { id, lat, lng, stage, score, name, wx: w.x, wy: w.y };
      points.push(p);
      byId.set(id, p);
    }
    if (fit && points.length) fitPoints(points);
    render();
    bridge.markersPlaced(points.length, gen);
  }

  function fitPoints(list) {
    const bounds = new gm.LatLngBounds();
    for (const p of list) bounds.extend({ lat: p.lat, lng: p.lng });
    if (list.length === 1) {
      map.setCenter({ lat: list[0].lat, lng: list[0].lng });
      map.setZoom(15);
    } else {
      map.fitBounds(bounds, 40);
    }
  }

  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => { renderQueued = false; render(); });
  }

  function scoreColor(score) {
    if (score === null || score === undefined) return "#94a3b8";
    const s = score <= 1 ? score * 100 : score;
    if (s >= 70) return "#16a34a";
    if (s >= 40) return "#f59e0b";
    return "#dc2626";
  }

  function colorOf(p) {
    return colorMode === "score" ? scoreColor(p.score) : (config.stageColors[p.stage] || "#94a3b8");
  }

  function leadIcon(color, big) {
    return { path: gm.SymbolPath.CIRCLE, scale: big ? 9 : 7, fillColor: color, fillOpacity: 1,
      strokeColor: "#ffffff", strokeWeight: 2 };
  }

  const clusterIcons = {};
  function clusterIcon(count) {
    const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
    if (!clusterIcons[size]) {
      const r = size / 2;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
        `<circle cx="${r}" cy="${r}" r="${r - 1}" fill="#1d4ed8" fill-opacity="0.22"/>` +
        `<circle cx="${r}" cy="${r}" r="${r - 6}" fill="#1d4ed8" stroke="#ffffff" stroke-width="2"/></svg>`;
      clusterIcons[size] = { url: "data:image/svg+xml;charset=UTF-8," + encodeURIComponent(svg),
        scaledSize: new gm.Size(size, size), anchor: new gm.Point(r, r) };
    }
    return clusterIcons[size];
  }

  function clearShown() {
    for (const m of shown) m.setMap(null);
    shown = [];
    shownLeads = new Map();
  }

  function render() {
    if (!map) return;
    clearShown();
    stats.leadMarkers = 0; stats.clusterMarkers = 0; stats.pointsShown = 0; stats.renders += 1;
    if (!points.length) return;
    const zoom = map.getZoom(), k = 2 ** zoom;
    const b = map.getBounds();
    if (!b) return;
    const sw = world(b.getSouthWest().lat(), b.getSouthWest().lng());
    const ne = world(b.getNorthEast().lat(), b.getNorthEast().lng());
    const pad = CELL / k;
    const x0 = sw.x - pad, x1 = ne.x + pad, y0 = ne.y - pad, y1 = sw.y + pad;
    const wraps = x0 > x1;
    const cells = new Map();
    for (const p of points) {
      if (p.wy < y0 || p.wy > y1) continue;
      if (!wraps && (p.wx < x0 || p.wx > x1)) continue;
      const key = Math.floor((p.wx * k) / CELL) + ":" + Math.floor((p.wy * k) / CELL);
      const cell = cells.get(key);
      if (cell) cell.push(p); else cells.set(key, [p]);
    }
    for (const cell of cells.values()) {
      if (cell.length === 1 || zoom >= SINGLES_FROM) {
        for (const p of cell) addLeadMarker(p);
      } else {
        addCluster(cell);
      }
    }
  }

  function addLeadMarker(p) {
    const marker = new gm.Marker({ map, position: { lat: p.lat, lng: p.lng }, icon: leadIcon(colorOf(p)),
      title: p.name, zIndex: 10, optimized: true });
    marker.addListener("click", (e) => { if (!drawingClick(e, marker)) selectLead(p.id); });
    marker.addListener("dblclick", () => { if (drawing) onMapDoubleClick(); else bridge.openLead(p.id); });
    shown.push(marker);
    shownLeads.set(p.id, marker);
    stats.leadMarkers += 1;
    stats.pointsShown += 1;
  }

  function addCluster(cell) {
    let lat = 0, lng = 0;
    const bounds = new gm.LatLngBounds();
    for (const p of cell) { lat += p.lat; lng += p.lng; bounds.extend({ lat: p.lat, lng: p.lng }); }
    const marker = new gm.Marker({ map, position: { lat: lat / cell.length, lng: lng / cell.length },
      icon: clusterIcon(cell.length), zIndex: 20 + cell.length,
      label: { text: String(cell.length), color: "#ffffff", fontSize: "12px", fontWeight: "600" },
      title: config.texts.cluster.replace("{n}", String(cell.length)) });
    marker.addListener("click", (e) => {
      if (drawingClick(e, marker)) return;
      const before = map.getZoom();
      map.fitBounds(bounds, 60);
      if (map.getZoom() <= before) map.setZoom(before + 2);
    });
    shown.push(marker);
    stats.clusterMarkers += 1;
    stats.pointsShown += cell.length;
  }

  function setColorMode(mode) {
    colorMode = mode === "score" ? "score" : "stage";
    legend();
    render();
  }

  function legend() {
    const el = document.getElementById("legend");
    el.replaceChildren();
    const title = document.createElement("div");
    title.className = "title";
    title.textContent = colorMode === "score" ? config.texts.byScore : config.texts.byStage;
    el.appendChild(title);
    const entries = colorMode === "score" ? config.scoreLegend : config.stageLegend;
    for (const [color, label] of entries) {
      const row = document.createElement("div");
      const dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = color;
      row.append(dot, document.createTextNode(label));
      el.appendChild(row);
    }
    el.hidden = false;
  }

  // --- info window -------------------------------------------------------------------------------

  function selectLead(id) {
    const p = byId.get(id);
    if (!p) return;
    const loading = document.createElement("div");
    loading.className = "iw iw-loading";
    loading.textContent = p.name;
    info.setContent(loading);
    openInfoAt(p);
    bridge.markerClicked(id);
  }

  function openInfoAt(p) {
    const anchor = shownLeads.get(p.id);
    if (anchor) {
      info.open({ map, anchor });
    } else {
      info.setPosition({ lat: p.lat, lng: p.lng });
      info.open({ map });
    }
  }

  function showInfo(json) {
    const d = JSON.parse(json);
    const p = byId.get(d.id);
    const box = document.createElement("div");
    box.className = "iw";
    box.dataset.lead = String(d.id);
    const name = document.createElement("div");
    name.className = "iw-name";
    name.textContent = d.name;
    box.appendChild(name);
    if (d.sub) {
      const sub = document.createElement("div");
      sub.className = "iw-sub";
      sub.textContent = d.sub;
      box.appendChild(sub);
    }
    const row = document.createElement("div");
    row.className = "iw-row";
    const chip = document.createElement("span");
    chip.className = "iw-chip";
    chip.style.background = d.stageColor;
    chip.textContent = d.stage;
    const score = document.createElement("span");
    score.className = "iw-score";
    score.textContent = d.score;
    row.append(chip, score);
    box.appendChild(row);
    const last = document.createElement("div");
    last.className = "iw-last";
    last.textContent = d.last;
    box.appendChild(last);
    const actions = document.createElement("div");
    actions.className = "iw-actions";
    const button = (cls, text, fn) => {
      const b = document.createElement("button");
      b.className = cls;
      b.textContent = text;
      b.addEventListener("click", (e) => { e.stopPropagation(); fn(); });
      actions.appendChild(b);
      return b;
    };
    button("primary open", config.texts.open, () => bridge.openLead(d.id));
    button("visit", config.texts.logVisit, () => bridge.logVisit(d.id));
    button("near", config.texts.nearby, () => bridge.nearLead(d.id));
    button("plan", config.texts.addToPlan, () => bridge.addToPlan(d.id));
    box.appendChild(actions);
    info.setContent(box);
    if (p) openInfoAt(p);
  }

  function focusLead(id) {
    const p = byId.get(id);
    if (!p) return;
    map.setCenter({ lat: p.lat, lng: p.lng });
    if (map.getZoom() < SINGLES_FROM) map.setZoom(SINGLES_FROM);
    render();
    selectLead(id);
  }

  // --- drawing a radius or an area ------------------------------------------------------------------

  function hint(text) {
    const el = document.getElementById("hint");
    el.textContent = text || "";
    el.hidden = !text;
  }

  function distance(a, b) {  // metres, haversine
    const r = 6371008.8, rad = Math.PI / 180;
    const dLat = (b.lat() - a.lat()) * rad, dLng = (b.lng() - a.lng()) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat() * rad) * Math.cos(b.lat() * rad) * Math.sin(dLng / 2) ** 2;
    return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function circleOptions(center, radius, editable) {
    return { map, center, radius, editable, draggable: false, clickable: false, strokeColor: "#1d4ed8",
      strokeOpacity: 0.9, strokeWeight: 2, fillColor: "#1d4ed8", fillOpacity: 0.08 };
  }

  function startDrawing(kind) {
    if (!map) return;
    cancelDrawing();
    info.close();
    if (kind === "polygon") {
      drawing = { kind: "polygon", points: [], line: null, first: null };
      map.setOptions({ draggableCursor: "crosshair", disableDoubleClickZoom: true });
      hint(config.texts.drawCorners);
    } else {
      drawing = { kind: "circle", center: null };
      map.setOptions({ draggableCursor: "crosshair" });
      hint(config.texts.drawCentre);
    }
  }

  function stopDrawing() {
    const was = drawing;
    drawing = null;
    map.setOptions({ draggableCursor: null });
    setTimeout(() => map.setOptions({ disableDoubleClickZoom: false }), 0);  // not the closing double-click
    hint("");
    if (was && was.kind === "polygon") {
      if (was.line) was.line.setMap(null);
      if (was.first) { gm.event.clearInstanceListeners(was.first); was.first.setMap(null); }
    }
    return was;
  }

  function cancelDrawing() {
    if (!drawing) return;
    const was = stopDrawing();
    if (was.kind === "circle" && was.center !== null) removeCircle();
  }

  function onMapClick(e) {
    if (!drawing) { info.close(); return; }
    if (drawing.kind === "polygon") { addCorner(e.latLng); return; }
    if (!drawing.center) {
      drawing.center = e.latLng;
      removeArea();
      circle = new gm.Circle(circleOptions(e.latLng, 1, false));
      hint(config.texts.drawEdge);
      return;
    }
    const radius = Math.max(50, distance(drawing.center, e.latLng));
    circle.setRadius(radius);
    stopDrawing();
    finishCircle();
  }

  function onMapMove(e) {
    if (!drawing) return;
    if (drawing.kind === "circle" && drawing.center && circle) {
      circle.setRadius(Math.max(1, distance(drawing.center, e.latLng)));
    } else if (drawing.kind === "polygon" && drawing.line) {
      drawing.line.setPath([...drawing.points, e.latLng]);
    }
  }

  function pixelsApart(a, b) {  // screen distance at the current zoom
    const p = world(a.lat(), a.lng()), q = world(b.lat(), b.lng()), k = 2 ** map.getZoom();
    return Math.hypot((p.x - q.x) * k, (p.y - q.y) * k);
  }

  function addCorner(latLng) {
    const points = drawing.points;
    if (points.length >= 3 && pixelsApart(points[0], latLng) < 10) { closePolygon(); return; }
    // a double-click sends two clicks first: the second lands on the corner just placed
    if (points.length && pixelsApart(points[points.length - 1], latLng) < 4) return;
    points.push(latLng);
    if (points.length === 1) {
      drawing.line = new gm.Polyline({ map, path: points.slice(), clickable: false, strokeColor: "#1d4ed8",
        strokeOpacity: 0.9, strokeWeight: 2 });
      drawing.first = new gm.Marker({ map, position: latLng, zIndex: 2000, title: config.texts.closeArea,
        icon: { path: gm.SymbolPath.CIRCLE, scale: 6, fillColor: "#ffffff", fillOpacity: 1, strokeColor: "#1d4ed8",
          strokeWeight: 2 } });
      drawing.first.addListener("click", () => { if (drawing && drawing.points.length >= 3) closePolygon(); });
    }
    drawing.line.setPath(points.slice());
    hint(points.length >= 3 ? config.texts.drawClose : config.texts.drawCorners);
  }

  function drawingClick(e, marker) {  // while drawing, a click on a marker places a corner or the edge there
    if (!drawing) return false;
    onMapClick({ latLng: (e && e.latLng) || marker.getPosition() });
    return true;
  }

  function onMapDoubleClick() {
    if (drawing && drawing.kind === "polygon" && drawing.points.length >= 3) closePolygon();
  }

  function polygonOptions(path, editable) {
    return { map, paths: path, editable, draggable: false, clickable: false, strokeColor: "#1d4ed8",
      strokeOpacity: 0.9, strokeWeight: 2, fillColor: "#1d4ed8", fillOpacity: 0.08 };
  }

  function closePolygon() {
    const points = stopDrawing().points.slice();
    removeArea();
    finishPolygon(new gm.Polygon(polygonOptions(points, true)));
  }

  function finishPolygon(shape) {
    watchPolygon(shape);
    sendPolygon();
  }

  function watchPolygon(shape) {  // a dragged corner (set_at), a new one from a midpoint (insert_at), an undo
    polygon = shape;
    const changed = () => {
      clearTimeout(editTimer);
      editTimer = setTimeout(sendPolygon, 250);
    };
    for (const name of ["insert_at", "set_at", "remove_at"]) polygon.getPath().addListener(name, changed);
  }

  function sendPolygon() {
    if (!polygon) return;
    const corners = polygon.getPath().getArray().map((p) => [p.lat(), p.lng()]);
    if (corners.length >= 3) bridge.polygonDrawn(JSON.stringify(corners));
  }

  function removePolygon() {
    if (polygon) {
      gm.event.clearInstanceListeners(polygon.getPath());
      gm.event.clearInstanceListeners(polygon);
      polygon.setMap(null);
      polygon = null;
    }
  }

  function removeArea() {
    removeCircle();
    removePolygon();
  }

  let editTimer = null;
  function finishCircle() {
    circle.setOptions({ editable: true });
    const changed = () => {
      if (drawing) return;
      clearTimeout(editTimer);
      editTimer = setTimeout(sendCircle, 250);
    };
    circle.addListener("radius_changed", changed);
    circle.addListener("center_changed", changed);
    sendCircle();
  }

  function sendCircle() {
    if (!circle) return;
    bridge.circleDrawn(circle.getCenter().lat(), circle.getCenter().lng(), circle.getRadius());
  }

  function removeCircle() {
    if (circle) { gm.event.clearInstanceListeners(circle); circle.setMap(null); circle = null; }
  }

  function setArea(json) {  // Python drew, restored or cleared the area (nearby, reload, chip cleared in the list)
    const area = JSON.parse(json);
    cancelDrawing();
    removeArea();
    if (!area) return;
    if (area.path) {  // a polygon the rep drew before the page (re)loaded: editable again
      const path = area.path.map(([lat, lng]) => new gm.LatLng(lat, lng));
      watchPolygon(new gm.Polygon(polygonOptions(path, true)));
      const bounds = new gm.LatLngBounds();
      for (const p of path) bounds.extend(p);
      map.fitBounds(bounds, 30);
      return;
    }
    circle = new gm.Circle(circleOptions({ lat: area.lat, lng: area.lng }, area.radius, false));
    map.fitBounds(circle.getBounds(), 30);
  }

  // --- route --------------------------------------------------------------------------------------

  function clearRoute() {
    if (route.line) route.line.setMap(null);
    for (const m of route.markers) m.setMap(null);
    route = { line: null, markers: [], roads: false };
  }

  function showRoute(json) {
    const data = JSON.parse(json);
    clearRoute();
    if (!data || !data.stops || !data.stops.length) return;
    const path = [];
    const bounds = new gm.LatLngBounds();
    const roads = Array.isArray(data.path) && data.path.length > 1;  // else straight lines (offline estimate)
    if (data.start) {
      path.push(data.start);
      bounds.extend(data.start);
      route.markers.push(new gm.Marker({ map, position: data.start, zIndex: 1000, title: config.texts.start,
        icon: { path: gm.SymbolPath.CIRCLE, scale: 8, fillColor: "#1f2937", fillOpacity: 1, strokeColor: "#ffffff", strokeWeight: 3 } }));
    }
    for (const s of data.stops) {
      const where = { lat: s.lat, lng: s.lng };
      path.push(where);
      bounds.extend(where);
      const marker = new gm.Marker({ map, position: where, zIndex: 1000 + s.n, title: `${s.n}. ${s.name}`,
        label: { text: String(s.n), color: "#ffffff", fontSize: "11px", fontWeight: "700" },
        icon: { path: gm.SymbolPath.CIRCLE, scale: 11, fillColor: "#1d4ed8", fillOpacity: 1, strokeColor: "#ffffff", strokeWeight: 2 } });
      marker.addListener("click", () => (byId.has(s.id) ? selectLead(s.id) : bridge.markerClicked(s.id)));
      route.markers.push(marker);
    }
    const line = roads ? data.path.map(([lat, lng]) => ({ lat, lng })) : path;
    if (roads) for (const p of line) bounds.extend(p);
    const dashes = { path: "M 0,-1 0,1", strokeOpacity: 0.85, strokeColor: "#1d4ed8", scale: 3 };
    route.line = new gm.Polyline(roads
      ? { map, path: line, strokeColor: "#1d4ed8", strokeOpacity: 0.85, strokeWeight: 4 }
      : { map, path: line, strokeColor: "#1d4ed8", strokeOpacity: 0, strokeWeight: 3,
        icons: [{ icon: dashes, offset: "0", repeat: "14px" }] });
    route.roads = roads;
    if (path.length > 1) map.fitBounds(bounds, 60); else map.setCenter(path[0]);
  }

  // --- wiring -----------------------------------------------------------------------------------

  window.aic = {
    stats: () => Object.assign({ points: points.length, onMap: shown.length, zoom: map ? map.getZoom() : null,
      circle: circle ? { lat: circle.getCenter().lat(), lng: circle.getCenter().lng(), radius: circle.getRadius() } : null,
      polygon: polygon ? polygon.getPath().getArray().map((p) => [p.lat(), p.lng()]) : null,
      drawing: drawing ? drawing.kind : null,
      routeStops: route.markers.length, routeRoads: route.roads,
      routePoints: route.line ? route.line.getPath().getLength() : 0, loaded: !!map }, stats),
    drawCircle(lat, lng, radius) {  // what two clicks do, for scripts
      removeArea();
      circle = new gm.Circle(circleOptions({ lat, lng }, radius, false));
      finishCircle();
    },
    position(id) { const p = byId.get(id); return p ? [p.lat, p.lng] : null; },
    clickLead(id) { const m = shownLeads.get(id); if (m) gm.event.trigger(m, "click"); return !!m; },
    focusLead,
    selectLead,
  };

  // The connection dropping after the map loaded leaves grey tiles: tell Python, which shows the offline sheet
  window.addEventListener("offline", () => { if (bridge && map) bridge.networkChanged(false); });
  window.addEventListener("online", () => { if (bridge) bridge.networkChanged(true); });

  new QWebChannel(qt.webChannelTransport, (channel) => {
    bridge = channel.objects.bridge;
    bridge.markersBegin.connect(beginMarkers);
    bridge.markersBatch.connect(addBatch);
    bridge.markersEnd.connect(endMarkers);
    bridge.colorModeChanged.connect((mode) => map && setColorMode(mode));
    bridge.infoReady.connect((json) => map && showInfo(json));
    bridge.routeChanged.connect((json) => map && showRoute(json));
    bridge.areaChanged.connect((json) => map && setArea(json));
    bridge.drawRequested.connect((kind) => startDrawing(kind));
    bridge.focusRequested.connect((id) => map && focusLead(id));
    bridge.config((json) => {
      config = JSON.parse(json);
      colorMode = config.colorMode;
      loadScript();
    });
  });
})();
