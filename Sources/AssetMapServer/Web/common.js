// Shared by the AssetMap pages: building DOM safely, calling the /v1 API, and the map.
// Data from the API is always put into the page as text (never as HTML), so no list can inject markup.
"use strict";

const AM = (() => {
  const config = window.ASSETMAP_CONFIG || { tiles: null, leaflet: false };

  /** Makes an element: el("a", {href: "/"}, "text", child, …). Attributes starting with "on" are listeners. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
      else if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** An error the API answered with (problem+json): its status, detail and the parameter at fault. */
  class APIError extends Error {
    constructor(status, detail, parameter) {
      super(detail);
      this.status = status;
      this.parameter = parameter || null;
    }
  }

  /** Calls the API; resolves with the parsed JSON, rejects with an APIError a person can read. */
  async function api(path, options = {}) {
    const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    if (options.key) headers.Authorization = "Bearer " + options.key;
    let body = options.body;
    if (body && !(body instanceof FormData) && typeof body !== "string") {
      body = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    let response;
    try {
      response = await fetch(path, { method: options.method || "GET", headers, body });
    } catch (e) {
      throw new APIError(0, "The service could not be reached. Check your connection and try again.");
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!response.ok) {
      const detail = data && data.detail ? data.detail : `The service answered ${response.status}.`;
      throw new APIError(response.status, detail, data && data.parameter);
    }
    return data;
  }

  /** A query string with %20 for spaces (the API also reads "+" as a space, as forms send it), from [name, value] pairs. */
  function query(pairs) {
    const entries = pairs instanceof URLSearchParams ? [...pairs.entries()] : Object.entries(pairs);
    return entries.filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  }

  function formatDistance(metres) {
    if (metres === null || metres === undefined) return null;
    if (metres < 1000) return `${Math.round(metres / 10) * 10} m`;
    const km = metres / 1000;
    return `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
  }

  function formatNumber(n, digits = 0) {
    if (n === null || n === undefined) return "—";
    return Number(n).toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }

  function formatMoney(n) {
    if (n === null || n === undefined) return "—";
    return "£" + Number(n).toLocaleString("en-GB", { maximumFractionDigits: 0 });
  }

  function titleCase(word) {
    return word ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  }

  /** Replaces a box's content, skipping absent parts (null, false) that replaceChildren would print as text. */
  function fill(box, ...children) {
    box.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  }

  /** Puts a message in a live region; clearing first makes screen readers announce a repeat. */
  function announce(region, message) {
    region.textContent = "";
    window.setTimeout(() => { region.textContent = message; }, 50);
  }

  /** A map in `container`, or null (with the reason in `note`) when Leaflet is not installed. */
  function createMap(container, note) {
    if (!config.leaflet || !window.L) {
      container.hidden = true;
      if (note) note.textContent = "The map is unavailable on this server (Leaflet is not installed); every result is in the list.";
      return null;
    }
    const map = L.map(container, { scrollWheelZoom: false, keyboard: true, zoomSnap: 0.5 });
    container.setAttribute("aria-label", container.getAttribute("aria-label") || "Map");
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
    } else if (note) {
      note.textContent = "Background map not shown (this server runs without map tiles); area boundaries and places are drawn.";
    }
    map.setView([53.42, -2.35], 11);
    return map;
  }

  /** A round numbered marker: the number matches the list, so nothing relies on colour. */
  function numberIcon(label, extraClass) {
    const text = String(label).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return L.divIcon({
      className: "am-marker" + (extraClass ? " " + extraClass : ""),
      html: text,
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -12],
    });
  }

  function marker(lat, lon, label, options = {}) {
    const m = L.marker([lat, lon], {
      icon: numberIcon(label, options.className), title: options.title || String(label), keyboard: true, zIndexOffset: options.zIndexOffset || 0,
    });
    if (options.popup) m.bindPopup(options.popup);
    return m;
  }

  /** Draws an area's boundary from `/v1/areas/{code}?geometry=true`; resolves with the layer (or null). */
  async function drawArea(map, code, options = {}) {
    const area = await api(`/v1/areas/${encodeURIComponent(code)}?geometry=true`);
    if (!map || !area || !area.geometry) return { area, layer: null };
    const layer = L.geoJSON(area.geometry, {
      style: { color: "#0b0c0c", weight: 3, dashArray: options.dashed ? "6 6" : null, fillColor: "#1d70b8", fillOpacity: options.fill ?? 0.06 },
      interactive: false,
    }).addTo(map);
    return { area, layer };
  }

  function fit(map, layers, fallback) {
    if (!map) return;
    const bounds = L.latLngBounds([]);
    for (const layer of layers) {
      if (!layer) continue;
      if (layer.getBounds) bounds.extend(layer.getBounds());
      else if (layer.getLatLng) bounds.extend(layer.getLatLng());
    }
    const show = () => {
      map.invalidateSize();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
      else if (fallback) map.setView(fallback, 13);
    };
    show();
    // The container may have been laid out after the map was made, and phones turn: fit again when the size changes.
    window.setTimeout(show, 0);
    if (map._amRefit) window.removeEventListener("resize", map._amRefit);
    let timer = null;
    map._amRefit = () => { window.clearTimeout(timer); timer = window.setTimeout(show, 150); };
    window.addEventListener("resize", map._amRefit);
  }

  /** Fills a table body from rows of cells; a cell is text or {text, class, header}. */
  function table(caption, headings, rows, options = {}) {
    const head = el("thead", {}, el("tr", {}, headings.map((h) =>
      el("th", { scope: "col", class: typeof h === "object" ? h.class : null }, typeof h === "object" ? h.text : h))));
    const label = (i) => (typeof headings[i] === "object" ? headings[i].text : headings[i]);
    const body = el("tbody", {}, rows.map((row) => el("tr", { class: row.current ? "current" : null },
      (row.cells || row).map((cell, i) => {
        const c = cell !== null && typeof cell === "object" && !(cell instanceof Node) ? cell : { text: cell };
        const content = c.node || (c.text === null || c.text === undefined ? "—" : String(c.text));
        // data-label: on phones a stacked table shows each cell under its column's name.
        return i === 0 && options.rowHeaders !== false ? el("th", { scope: "row", class: c.class }, content)
          : el("td", { class: c.class, "data-label": label(i) }, content);
      }))));
    return el("div", { class: "table-wrap" }, el("table", { class: options.stack ? "stack" : null }, caption ? el("caption", {}, caption) : null, head, body));
  }

  return { config, el, fill, api, APIError, query, formatDistance, formatNumber, formatMoney, titleCase, announce, createMap, marker, drawArea, fit, table };
})();
