// A board's view of one area (/areas/{code}?layer=ward): its profile per 1,000 residents, how far its residents are
// from a kind of service compared with the other areas of its layer, and partner buildings that could share.
"use strict";

(() => {
  const { el, api } = AM;
  // A key from the officers' page (same tab) lets partners and officers see the estate their role allows.
  const key = sessionStorage.getItem("assetmap.apiKey");
  const call = (path) => api(path, { key });
  const code = decodeURIComponent(window.location.pathname.replace(/^\/areas\//, "").replace(/\/$/, ""));
  const requestedLayer = new URLSearchParams(window.location.search).get("layer");
  const status = document.getElementById("area-status");
  const layerNames = { ward: "Ward", lsoa: "Lower layer super output area (LSOA)", msoa: "Middle layer super output area (MSOA)", locality: "Locality", parish: "Parish" };
  let area = null;
  let map = null;
  let boundary = null;

  const card = (figure, label) => el("div", { class: "card" }, el("span", { class: "figure" }, figure), el("span", { class: "label" }, label));
  const ordinal = (n) => {
    const s = ["th", "st", "nd", "rd"], v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  };

  async function loadArea() {
    map = AM.createMap(document.getElementById("map"), document.getElementById("map-note"));
    const layerQuery = requestedLayer ? `?layer=${encodeURIComponent(requestedLayer)}` : "";
    try {
      area = await call(`/v1/areas/${encodeURIComponent(code)}${layerQuery}${layerQuery ? "&" : "?"}geometry=true`);
    } catch (e) {
      document.getElementById("area-heading").textContent = e.status === 404 ? "Area not found" : "Sorry, there is a problem";
      status.textContent = e.status === 404 ? `There is no area with the code ${code}.` : e.message;
      document.title = "Area not found – AssetMap";
      return false;
    }
    const name = area.name || area.code;
    document.title = `${name} – AssetMap`;
    document.getElementById("area-heading").textContent = name;
    document.getElementById("area-layer").textContent = `${layerNames[area.layer] || AM.titleCase(area.layer)} ${area.code}`;
    if (map && area.geometry) {
      boundary = L.geoJSON(area.geometry, { style: { color: "#0b0c0c", weight: 3, fillColor: "#1d70b8", fillOpacity: 0.06 }, interactive: false }).addTo(map);
      AM.fit(map, [boundary]);
    }
    status.textContent = "";
    return true;
  }

  async function loadPicker() {
    let layer;
    try { layer = await call(`/v1/areas?layer=${encodeURIComponent(area.layer)}`); } catch (e) { return; }
    const select = document.getElementById("area-select");
    const areas = layer.areas.slice().sort((a, b) => (a.name || a.code).localeCompare(b.name || b.code));
    AM.fill(select, ...areas.map((a) => el("option", { value: a.code, selected: a.code === area.code }, a.name ? `${a.name} (${a.code})` : a.code)));
    const form = document.getElementById("area-picker");
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.href = `/areas/${encodeURIComponent(select.value)}?layer=${encodeURIComponent(area.layer)}`;
    });
  }

  async function loadProfile() {
    const box = document.getElementById("profile");
    let p;
    try { p = await call(`/v1/areas/${encodeURIComponent(area.code)}/profile?layer=${encodeURIComponent(area.layer)}`); } catch (e) {
      AM.fill(box, el("p", {}, e.message)); return;
    }
    const kinds = p.counts.by_kind || {};
    const total = Object.values(kinds).reduce((a, b) => a + b, 0);
    const perThousand = (n) => (p.population ? (n * 1000 / p.population) : null);
    AM.fill(box,
      el("div", { class: "cards" },
        card(p.population ? AM.formatNumber(p.population) : "not known", "residents"),
        card(AM.formatNumber(total), "entries in the directory"),
        ...["organisation", "service", "place"].map((k) => card(AM.formatNumber(kinds[k] || 0), `${k}s`))),
      AM.table("By category", ["Category", { text: "Entries", class: "num" }, { text: "Per 1,000 residents", class: "num" }],
        Object.entries(p.counts.by_category || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => [
          AM.titleCase(c), { text: AM.formatNumber(n), class: "num" },
          { text: p.per_1000 && p.per_1000[c] !== undefined ? AM.formatNumber(p.per_1000[c], 2) : (perThousand(n) === null ? "—" : AM.formatNumber(perThousand(n), 2)), class: "num" }])),
      Object.keys(p.sources || {}).length ? AM.table("From which lists", ["List", { text: "Entries", class: "num" }],
        Object.entries(p.sources).sort((a, b) => b[1] - a[1]).map(([s, n]) => [s, { text: AM.formatNumber(n), class: "num" }])) : null);
  }

  async function loadGaps() {
    const category = document.getElementById("gaps-category").value;
    const box = document.getElementById("gaps");
    const gapsStatus = document.getElementById("gaps-status");
    AM.announce(gapsStatus, `Loading gaps for ${category}…`);
    let g;
    try { g = await call(`/v1/gaps?category=${encodeURIComponent(category)}&layer=${encodeURIComponent(area.layer)}`); } catch (e) {
      gapsStatus.textContent = "";
      AM.fill(box, el("p", {}, e.message)); return;
    }
    const index = g.areas.findIndex((a) => a.code === area.code);
    const here = g.areas[index];
    const label = document.getElementById("gaps-category").selectedOptions[0].textContent.toLowerCase();
    let summary;
    if (!g.providers) summary = `No ${label} are listed in the directory, so distances cannot be measured.`;
    else if (!here || here.nearest_distance_m === null) summary = `No distance could be measured for ${area.name || area.code}.`;
    else {
      summary = `The centre of ${area.name}'s residents is ${AM.formatDistance(here.nearest_distance_m)} from the nearest of the ${g.providers} ${label}` +
        (here.nearest ? ` (${here.nearest.name})` : "") + `. It is the ${ordinal(index + 1)} farthest of ${g.areas.length} ${area.layer === "ward" ? "wards" : "areas"}.`;
    }
    AM.announce(gapsStatus, summary);
    const top = g.areas.slice(0, 10);
    if (here && index >= 10) top.push(here);
    AM.fill(box, AM.table(`Farthest from ${label} first`, ["Area", { text: "Residents", class: "num" }, { text: "Distance to the nearest", class: "num" }, "Nearest"],
      top.map((a) => ({
        current: a.code === area.code,
        cells: [{ node: el("span", {}, el("a", { href: `/areas/${encodeURIComponent(a.code)}?layer=${encodeURIComponent(g.layer)}` }, a.name || a.code),
          a.code === area.code ? " (this area)" : "") },
          { text: a.population ? AM.formatNumber(a.population) : "—", class: "num" },
          { text: AM.formatDistance(a.nearest_distance_m) || "—", class: "num" },
          a.nearest ? a.nearest.name + (a.nearest.location_precision === "sector" || a.nearest.location_precision === "district" ? " (approximate location)" : "") : "—"],
      })), { stack: true }));
  }

  async function loadColocation() {
    const box = document.getElementById("colocation");
    let r;
    try { r = await call(`/v1/colocation?area=${encodeURIComponent(area.code)}`); } catch (e) {
      AM.fill(box, el("p", {}, e.message)); return;
    }
    const markers = [];
    if (map) {
      r.clusters.forEach((c, i) => {
        const m = AM.marker(c.centre.lat, c.centre.lon, i + 1, {
          className: "am-cluster", title: `Cluster ${i + 1}: ${c.members.length} buildings, about ${AM.formatMoney(c.estimated_annual_saving_gbp)} a year`,
          popup: `Cluster ${i + 1}: ${c.members.map((m) => m.name).join(", ")}`,
        });
        m.addTo(map);
        L.circle([c.centre.lat, c.centre.lon], { radius: (r.within_m || 400) / 2, color: "#1d70b8", weight: 2, fillOpacity: 0.08, interactive: false }).addTo(map);
        markers.push(m);
      });
      if (markers.length) AM.fit(map, [boundary, ...markers]);
    }
    const total = r.clusters.reduce((s, c) => s + (c.estimated_annual_saving_gbp || 0), 0);
    const members = (c) => el("ul", {}, c.members.map((m) => el("li", {},
      el("a", { href: `/?entity=${m.id}` }, m.name),
      ` — ${[m.owner, m.occupancy, m.floor_area_m2 ? `${AM.formatNumber(m.floor_area_m2)} m²` : null, m.running_cost_gbp ? `${AM.formatMoney(m.running_cost_gbp)} a year` : null].filter(Boolean).join(", ") || "no details"}`,
      c.vacant_or_leased_out && c.vacant_or_leased_out.includes(m.id) ? " (vacant or leased out)" : "")));
    AM.fill(box,
      el("p", {}, r.clusters.length
        ? `${r.clusters.length} ${r.clusters.length === 1 ? "cluster" : "clusters"} of partner buildings, with an estimated ${AM.formatMoney(total)} a year to save in all.`
        : "No partner buildings of different owners are within walking distance of each other in this area (as far as your access shows)."),
      r.clusters.length ? AM.table("Estimated savings, largest first", ["Cluster", "Buildings", "Best host", { text: "Estimated saving a year", class: "num" }, "Basis"],
        r.clusters.map((c, i) => [String(i + 1), { node: members(c) }, c.host.name, { text: AM.formatMoney(c.estimated_annual_saving_gbp), class: "num" }, c.basis]),
        { stack: true }) : null,
      r.transfer_candidates && r.transfer_candidates.length ? AM.table("Vacant buildings near groups without premises (community asset transfer)", ["Building", "Groups nearby"],
        r.transfer_candidates.slice(0, 20).map((t) => [t.building.name, t.groups_nearby.slice(0, 5).map((g) => `${g.name} (${AM.formatDistance(g.distance_m)})`).join("; ") || "—"])) : null,
      r.excluded_approximate && r.excluded_approximate.length
        ? el("p", { class: "secondary" }, `${r.excluded_approximate.length} partner buildings are placed only by postcode sector or district and are left out of the clusters.`) : null);
  }

  document.getElementById("gaps-form").addEventListener("submit", (event) => { event.preventDefault(); loadGaps(); });

  (async () => {
    if (!(await loadArea())) return;
    await Promise.all([loadPicker(), loadProfile(), loadGaps(), loadColocation()]);
  })();
})();
