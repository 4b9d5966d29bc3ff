/*
 * TEST / DEV STUB of the Google Maps JavaScript API. NOT Google's code, NOT used in production.
 *
 * tests/fakes/map_stub.py serves this file from a loopback server and a request interceptor hands it
 * to the map page instead of https://maps.googleapis.com/maps/api/js when the map view runs in
 * stub mode (tests, screenshots, benchmarks; never the default). It implements the small part
 * of `google.maps` that resources/map/map.js uses: Map, Marker, InfoWindow, Circle, Polyline,
 * Polygon, MVCArray, LatLng, LatLngBounds, Size, Point, SymbolPath and event. A polygon's path is
 * an MVCArray that fires insert_at / set_at / remove_at as Google's does when a corner is dragged
 * (the stub draws no drag handles: tests edit the path through that API). It draws a plain grid (no tiles),
 * places markers with the Web Mercator projection, pans by dragging and zooms with the wheel,
 * and exposes `google.maps.__stub` so tests can count what is on the map.
 */
(function () {
  "use strict";
  const TILE = 256;
  const listeners = new WeakMap();

  function on(obj, name, fn) {
    let map = listeners.get(obj);
    if (!map) { map = {}; listeners.set(obj, map); }
    (map[name] = map[name] || []).push(fn);
    return { remove: () => { map[name] = (map[name] || []).filter((f) => f !== fn); } };
  }
  function fire(obj, name, ...args) {
    const map = listeners.get(obj);
    ((map && map[name]) || []).slice().forEach((fn) => fn.apply(obj, args));
  }
  const event = {
    addListener: on,
    addListenerOnce(obj, name, fn) {
      const handle = on(obj, name, (...a) => { handle.remove(); fn.apply(obj, a); });
      return handle;
    },
    removeListener(handle) { if (handle) handle.remove(); },
    clearInstanceListeners(obj) { listeners.delete(obj); },
    trigger: fire,
  };

  class MVCObject {
    addListener(name, fn) { return on(this, name, fn); }
  }

  class MVCArray extends MVCObject {
    constructor(items) { super(); this.items = (items || []).slice(); }
    getArray() { return this.items; }
    getLength() { return this.items.length; }
    getAt(i) { return this.items[i]; }
    forEach(fn) { this.items.forEach((item, i) => fn(item, i)); }
    push(item) { this.insertAt(this.items.length, item); return this.items.length; }
    pop() { return this.removeAt(this.items.length - 1); }
    clear() { while (this.items.length) this.pop(); }
    insertAt(i, item) { this.items.splice(i, 0, item); fire(this, "insert_at", i); }
    removeAt(i) { const [old] = this.items.splice(i, 1); fire(this, "remove_at", i, old); return old; }
    setAt(i, item) {
      if (i >= this.items.length) { this.insertAt(i, item); return; }
      const old = this.items[i];
      this.items[i] = item;
      fire(this, "set_at", i, old);
    }
  }

  class LatLng {
    constructor(lat, lng) {
      if (typeof lat === "object" && lat !== null) { lng = lat.lng; lat = lat.lat; }
      this._lat = Number(lat); this._lng = Number(lng);
    }
    lat() { return this._lat; }
    lng() { return this._lng; }
    toJSON() { return { lat: this._lat, lng: this._lng }; }
    equals(o) { return !!o && o.lat() === this._lat && o.lng() === this._lng; }
  }
  const toLatLng = (p) => (p instanceof LatLng ? p : new LatLng(p));

  class LatLngBounds {
    constructor(sw, ne) {
      this.s = Infinity; this.w = Infinity; this.n = -Infinity; this.e = -Infinity;
      if (sw) this.extend(sw);
      if (ne) this.extend(ne);
    }
    extend(p) {
      p = toLatLng(p);
      this.s = Math.min(this.s, p.lat()); this.n = Math.max(this.n, p.lat());
      this.w = Math.min(this.w, p.lng()); this.e = Math.max(this.e, p.lng());
      return this;
    }
    isEmpty() { return this.s > this.n; }
    getSouthWest() { return new LatLng(this.s, this.w); }
    getNorthEast() { return new LatLng(this.n, this.e); }
    getCenter() { return new LatLng((this.s + this.n) / 2, (this.w + this.e) / 2); }
    contains(p) {
      p = toLatLng(p);
      return p.lat() >= this.s && p.lat() <= this.n && p.lng() >= this.w && p.lng() <= this.e;
    }
  }
  class Size { constructor(w, h) { this.width = w; this.height = h; } }
  class Point { constructor(x, y) { this.x = x; this.y = y; } }
  const SymbolPath = { CIRCLE: 0, FORWARD_CLOSED_ARROW: 1 };

  function world(p) {  // Web Mercator at zoom 0, in pixels of one 256 px tile
    const s = Math.min(Math.max(Math.sin((p.lat() * Math.PI) / 180), -0.9999), 0.9999);
    return { x: TILE * (0.5 + p.lng() / 360), y: TILE * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) };
  }
  function unworld(x, y) {
    const lng = (x / TILE - 0.5) * 360;
    const n = Math.PI - (2 * Math.PI * y) / TILE;
    return new LatLng((180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), lng);
  }

  const stub = { maps: [], markers: new Set(), circles: new Set(), polylines: new Set(), polygons: new Set(),
    infoWindows: new Set() };

  class Map extends MVCObject {
    constructor(div, opts) {
      super();
      opts = opts || {};
      this.div = div;
      this.center = toLatLng(opts.center || { lat: 0, lng: 0 });
      this.zoom = opts.zoom ?? 3;
      this.opts = opts;
      div.classList.add("stub-map");
      this.surface = document.createElement("div");
      this.surface.className = "stub-surface";
      div.appendChild(this.surface);
      const badge = document.createElement("div");
      badge.className = "stub-badge";
      badge.textContent = "Maps stub (test/dev)";
      div.appendChild(badge);
      this.overlays = new Set();
      this._idleTimer = null;
      this._bindMouse();
      stub.maps.push(this);
      window.addEventListener("resize", () => this._changed());
      this._changed();
    }
    _bindMouse() {
      let drag = null;
      this.div.addEventListener("mousedown", (e) => {
        if (e.target.closest(".stub-overlay-stop")) return;
        drag = { x: e.clientX, y: e.clientY, moved: false, c: world(this.center) };
      });
      window.addEventListener("mousemove", (e) => {
        if (drag && this.opts.draggable !== false) {
          const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
          if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
          if (drag.moved) {
            const k = 2 ** this.zoom;
            this.center = unworld(drag.c.x - dx / k, drag.c.y - dy / k);
            this._changed();
          }
        }
        if (this.div.contains(e.target)) fire(this, "mousemove", { latLng: this._latLngAt(e) });
      });
      window.addEventListener("mouseup", (e) => {
        if (drag && !drag.moved && this.div.contains(e.target) && !e.target.closest(".stub-overlay-stop")) {
          fire(this, "click", { latLng: this._latLngAt(e) });
        }
        drag = null;
      });
      this.div.addEventListener("dblclick", (e) => {
        if (!e.target.closest(".stub-overlay-stop")) fire(this, "dblclick", { latLng: this._latLngAt(e) });
      });
      this.div.addEventListener("wheel", (e) => {
        e.preventDefault();
        this.setZoom(this.zoom + (e.deltaY < 0 ? 1 : -1));
      }, { passive: false });
    }
    _latLngAt(e) {
      const r = this.div.getBoundingClientRect();
      const c = world(this.center), k = 2 ** this.zoom;
      return unworld(c.x + (e.clientX - r.left - r.width / 2) / k, c.y + (e.clientY - r.top - r.height / 2) / k);
    }
    pixel(p) {  // container pixel of a LatLng
      const c = world(this.center), w = world(toLatLng(p)), k = 2 ** this.zoom;
      return { x: this.div.clientWidth / 2 + (w.x - c.x) * k, y: this.div.clientHeight / 2 + (w.y - c.y) * k };
    }
    _changed() {
      const k = 2 ** this.zoom, step = 64;
      const c = world(this.center);
      this.surface.style.backgroundPosition = `${(-c.x * k) % step}px ${(-c.y * k) % step}px`;
      this.overlays.forEach((o) => o._draw());
      if (this._idleTimer) clearTimeout(this._idleTimer);
      this._idleTimer = setTimeout(() => { this._idleTimer = null; fire(this, "idle"); }, 0);
    }
    getDiv() { return this.div; }
    getCenter() { return this.center; }
    setCenter(p) { this.center = toLatLng(p); this._changed(); fire(this, "center_changed"); }
    panTo(p) { this.setCenter(p); }
    getZoom() { return this.zoom; }
    setZoom(z) {
      const zoom = Math.max(this.opts.minZoom ?? 1, Math.min(this.opts.maxZoom ?? 21, Math.round(z)));
      if (zoom !== this.zoom) { this.zoom = zoom; this._changed(); fire(this, "zoom_changed"); }
    }
    setOptions(o) { Object.assign(this.opts, o || {}); this.div.style.cursor = this.opts.draggableCursor || ""; }
    getBounds() {
      const c = world(this.center), k = 2 ** this.zoom;
      const hw = this.div.clientWidth / 2 / k, hh = this.div.clientHeight / 2 / k;
      return new LatLngBounds(unworld(c.x - hw, c.y + hh), unworld(c.x + hw, c.y - hh));
    }
    fitBounds(b, padding) {
      if (!b || b.isEmpty()) return;
      const sw = world(b.getSouthWest()), ne = world(b.getNorthEast());
      const pad = typeof padding === "number" ? padding : 40;
      const w = Math.max(1, this.div.clientWidth - 2 * pad), h = Math.max(1, this.div.clientHeight - 2 * pad);
      const dx = Math.max(1e-9, ne.x - sw.x), dy = Math.max(1e-9, sw.y - ne.y);
      const zoom = Math.floor(Math.log2(Math.min(w / dx, h / dy)));
      this.center = unworld((sw.x + ne.x) / 2, (sw.y + ne.y) / 2);
      this.zoom = Math.max(1, Math.min(this.opts.maxZoom ?? 18, zoom));
      this._changed();
      fire(this, "zoom_changed");
    }
  }

  class Overlay extends MVCObject {
    constructor(opts) { super(); this.opts = Object.assign({}, opts || {}); this.map = null; this.el = null; }
    setMap(map) {
      if (this.map === map) return;
      if (this.map) { this.map.overlays.delete(this); if (this.el) this.el.remove(); this._registry().delete(this); }
      this.map = map || null;
      if (this.map) { this.map.overlays.add(this); this._registry().add(this); this._draw(); }
    }
    getMap() { return this.map; }
    setOptions(o) { Object.assign(this.opts, o || {}); if (this.map) this._draw(); }
  }

  class Marker extends Overlay {
    constructor(opts) {
      super(opts);
      this.position = opts && opts.position ? toLatLng(opts.position) : null;
      if (opts && opts.map) this.setMap(opts.map);
    }
    _registry() { return stub.markers; }
    getPosition() { return this.position; }
    setPosition(p) { this.position = toLatLng(p); if (this.map) this._draw(); }
    setIcon(icon) { this.opts.icon = icon; if (this.map) this._draw(); }
    getIcon() { return this.opts.icon; }
    setLabel(label) { this.opts.label = label; if (this.map) this._draw(); }
    getLabel() { return this.opts.label; }
    getTitle() { return this.opts.title; }
    setTitle(t) { this.opts.title = t; if (this.map) this._draw(); }
    setZIndex(z) { this.opts.zIndex = z; if (this.map) this._draw(); }
    _draw() {
      if (!this.map || !this.position) return;
      if (!this.el) {
        this.el = document.createElement("div");
        this.el.className = "stub-marker stub-overlay-stop";
        this.el.addEventListener("click", (e) => { e.stopPropagation(); fire(this, "click", { latLng: this.position }); });
        this.el.addEventListener("dblclick", (e) => { e.stopPropagation(); fire(this, "dblclick", { latLng: this.position }); });
      }
      if (!this.el.parentNode) this.map.div.appendChild(this.el);
      const icon = this.opts.icon || {};
      const size = icon.url && icon.scaledSize ? icon.scaledSize.width : 2 * (icon.scale || 7);
      const p = this.map.pixel(this.position);
      const s = this.el.style;
      s.left = `${p.x - size / 2}px`; s.top = `${p.y - size / 2}px`;
      s.width = `${size}px`; s.height = `${size}px`;
      s.zIndex = String(this.opts.zIndex || 1);
      if (icon.url) {
        s.background = `center / contain no-repeat url("${icon.url}")`; s.border = "none";
      } else {
        s.background = icon.fillColor || "#ea4335";
        s.border = `${icon.strokeWeight ?? 2}px solid ${icon.strokeColor || "#fff"}`;
      }
      const label = this.opts.label;
      this.el.textContent = label ? (typeof label === "string" ? label : label.text) : "";
      if (label && typeof label === "object") { s.color = label.color || "#fff"; s.fontSize = label.fontSize || "11px"; }
      this.el.title = this.opts.title || "";
    }
  }

  class InfoWindow extends MVCObject {
    constructor(opts) { super(); this.opts = Object.assign({}, opts || {}); this.el = null; this.map = null; }
    setContent(c) { this.opts.content = c; if (this.map) this._draw(); }
    getContent() { return this.opts.content; }
    setPosition(p) { this.opts.position = toLatLng(p); }
    open(a, b) {
      let map = a, anchor = b;
      if (a && !(a instanceof Map) && typeof a === "object") { map = a.map; anchor = a.anchor; }
      this.map = map || (anchor && anchor.map);
      this.anchor = anchor || null;
      if (!this.map) return;
      this.map.overlays.add(this);
      stub.infoWindows.add(this);
      this._draw();
      setTimeout(() => fire(this, "domready"), 0);
    }
    close() {
      if (this.el) this.el.remove();
      if (this.map) this.map.overlays.delete(this);
      stub.infoWindows.delete(this);
      this.map = null;
    }
    _draw() {
      if (!this.map) return;
      if (!this.el) {
        this.el = document.createElement("div");
        this.el.className = "stub-infowindow stub-overlay-stop";
        const close = document.createElement("button");
        close.className = "stub-close";
        close.textContent = "×";
        close.addEventListener("click", () => { this.close(); fire(this, "closeclick"); });
        this.body = document.createElement("div");
        this.el.append(close, this.body);
      }
      this.body.replaceChildren();
      const c = this.opts.content;
      if (c instanceof Node) this.body.appendChild(c); else this.body.textContent = String(c ?? "");
      if (!this.el.parentNode) this.map.div.appendChild(this.el);
      const where = (this.anchor && this.anchor.getPosition()) || this.opts.position;
      if (where) {
        const p = this.map.pixel(where);
        this.el.style.left = `${p.x}px`; this.el.style.top = `${p.y - 14}px`;
      }
    }
  }

  class Circle extends Overlay {
    constructor(opts) {
      super(opts);
      this.center = opts && opts.center ? toLatLng(opts.center) : null;
      this.radius = (opts && opts.radius) || 0;
      if (opts && opts.map) this.setMap(opts.map);
    }
    _registry() { return stub.circles; }
    getCenter() { return this.center; }
    setCenter(c) { this.center = toLatLng(c); if (this.map) this._draw(); fire(this, "center_changed"); }
    getRadius() { return this.radius; }
    setRadius(r) { this.radius = Number(r); if (this.map) this._draw(); fire(this, "radius_changed"); }
    setEditable(on) { this.opts.editable = !!on; }
    getBounds() {
      const dLat = this.radius / 111320, dLng = dLat / Math.max(0.01, Math.cos((this.center.lat() * Math.PI) / 180));
      return new LatLngBounds({ lat: this.center.lat() - dLat, lng: this.center.lng() - dLng },
        { lat: this.center.lat() + dLat, lng: this.center.lng() + dLng });
    }
    _draw() {
      if (!this.map || !this.center) return;
      if (!this.el) { this.el = document.createElement("div"); this.el.className = "stub-circle"; }
      if (!this.el.parentNode) this.map.div.insertBefore(this.el, this.map.surface.nextSibling);
      const p = this.map.pixel(this.center), edge = this.map.pixel(this.getBounds().getNorthEast());
      const r = Math.max(2, p.y - edge.y);
      const s = this.el.style;
      s.left = `${p.x - r}px`; s.top = `${p.y - r}px`; s.width = s.height = `${2 * r}px`;
      s.borderColor = this.opts.strokeColor || "#1d4ed8";
      s.background = this.opts.fillColor || "#1d4ed8";
      s.opacity = "1";
      s.backgroundColor = hexAlpha(this.opts.fillColor || "#1d4ed8", this.opts.fillOpacity ?? 0.15);
    }
  }

  class Polyline extends Overlay {
    constructor(opts) {
      super(opts);
      this.path = ((opts && opts.path) || []).map(toLatLng);
      if (opts && opts.map) this.setMap(opts.map);
    }
    _registry() { return stub.polylines; }
    getPath() { return { getArray: () => this.path.slice(), getLength: () => this.path.length }; }
    setPath(path) { this.path = path.map(toLatLng); if (this.map) this._draw(); }
    _draw() {
      if (!this.map) return;
      const ns = "http://www.w3.org/2000/svg";
      if (!this.el) {
        this.el = document.createElementNS(ns, "svg");
        this.el.setAttribute("class", "stub-polyline");
        this.line = document.createElementNS(ns, "polyline");
        this.el.appendChild(this.line);
      }
      if (!this.el.parentNode) this.map.div.appendChild(this.el);
      this.el.setAttribute("width", this.map.div.clientWidth);
      this.el.setAttribute("height", this.map.div.clientHeight);
      this.line.setAttribute("points", this.path.map((p) => { const q = this.map.pixel(p); return `${q.x},${q.y}`; }).join(" "));
      this.line.setAttribute("stroke", this.opts.strokeColor || "#1d4ed8");
      this.line.setAttribute("stroke-width", this.opts.strokeWeight || 4);
      this.line.setAttribute("stroke-opacity", this.opts.strokeOpacity ?? 0.9);
      this.line.setAttribute("fill", "none");
    }
  }

  function toPath(path) {  // an MVCArray, or an array of LatLng / LatLngLiteral
    return path instanceof MVCArray ? path : new MVCArray((path || []).map(toLatLng));
  }

  class Polygon extends Overlay {
    constructor(opts) {
      super(opts);
      const paths = (opts && (opts.paths || opts.path)) || [];
      const nested = Array.isArray(paths) && paths.length && Array.isArray(paths[0]);
      this.setPaths(nested ? paths : [paths]);
      if (opts && opts.map) this.setMap(opts.map);
    }
    _registry() { return stub.polygons; }
    _watch(path) {
      for (const name of ["insert_at", "set_at", "remove_at"]) path.addListener(name, () => { if (this.map) this._draw(); });
      return path;
    }
    getPath() { return this.paths.getAt(0); }
    setPath(path) { this.setPaths([path]); }
    getPaths() { return this.paths; }
    setPaths(paths) {
      this.paths = new MVCArray(paths.map((p) => this._watch(toPath(p))));
      if (this.map) this._draw();
    }
    getEditable() { return !!this.opts.editable; }
    setEditable(on) { this.opts.editable = !!on; if (this.map) this._draw(); }
    _draw() {
      if (!this.map) return;
      const ns = "http://www.w3.org/2000/svg";
      if (!this.el) {
        this.el = document.createElementNS(ns, "svg");
        this.el.setAttribute("class", "stub-polygon");
        this.shape = document.createElementNS(ns, "polygon");
        this.el.appendChild(this.shape);
      }
      if (!this.el.parentNode) this.map.div.insertBefore(this.el, this.map.surface.nextSibling);
      this.el.setAttribute("width", this.map.div.clientWidth);
      this.el.setAttribute("height", this.map.div.clientHeight);
      const points = this.getPath().getArray().map((p) => { const q = this.map.pixel(p); return `${q.x},${q.y}`; });
      this.shape.setAttribute("points", points.join(" "));
      this.shape.setAttribute("stroke", this.opts.strokeColor || "#1d4ed8");
      this.shape.setAttribute("stroke-width", this.opts.strokeWeight || 2);
      this.shape.setAttribute("stroke-dasharray", this.opts.editable ? "6 3" : "");
      this.shape.setAttribute("fill", hexAlpha(this.opts.fillColor || "#1d4ed8", this.opts.fillOpacity ?? 0.15));
    }
  }

  function hexAlpha(hex, alpha) {
    const m = /^#([0-9a-f]{6})$/i.exec(hex);
    if (!m) return hex;
    const n = parseInt(m[1], 16);
    return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
  }

  const style = document.createElement("style");
  style.textContent = `
    .stub-map { position: relative; overflow: hidden; background: #eef1ec; }
    .stub-surface { position: absolute; inset: 0; background-color: #eef1ec;
      background-image: linear-gradient(#dde3da 1px, transparent 1px), linear-gradient(90deg, #dde3da 1px, transparent 1px);
      background-size: 64px 64px; }
    .stub-badge { position: absolute; left: 8px; bottom: 6px; z-index: 5; font: 11px sans-serif; color: #6b7280;
      background: rgba(255,255,255,.8); padding: 2px 6px; border-radius: 4px; }
    .stub-marker { position: absolute; box-sizing: border-box; border-radius: 50%; cursor: pointer; display: flex;
      align-items: center; justify-content: center; font: 600 11px sans-serif; }
    .stub-circle { position: absolute; box-sizing: border-box; border: 2px solid; border-radius: 50%; pointer-events: none; }
    .stub-polyline { position: absolute; left: 0; top: 0; pointer-events: none; z-index: 2; }
    .stub-polygon { position: absolute; left: 0; top: 0; pointer-events: none; z-index: 1; }
    .stub-infowindow { position: absolute; z-index: 50; transform: translate(-50%, -100%); background: #fff;
      border-radius: 8px; box-shadow: 0 2px 10px rgba(0,0,0,.25); padding: 10px 26px 10px 12px; min-width: 180px; }
    .stub-close { position: absolute; right: 4px; top: 2px; border: none; background: none; font-size: 16px; cursor: pointer; }`;
  document.head.appendChild(style);

  const maps = {
    Map, Marker, InfoWindow, Circle, Polyline, Polygon, MVCArray, LatLng, LatLngBounds, Size, Point, SymbolPath, event,
    importLibrary: (name) => Promise.resolve(maps),
    __stub: {
      isStub: true,
      markersOnMap: () => [...stub.markers].filter((m) => m.map).length,
      markers: () => [...stub.markers],
      circles: () => [...stub.circles],
      polylines: () => [...stub.polylines],
      polygons: () => [...stub.polygons],
      infoWindows: () => [...stub.infoWindows],
      maps: stub.maps,
    },
  };
  window.google = window.google || {};
  window.google.maps = maps;

  const src = (document.currentScript && document.currentScript.src) || "";
  const callback = new URL(src, location.href).searchParams.get("callback");
  if (callback && typeof window[callback] === "function") setTimeout(() => window[callback](), 0);
})();
