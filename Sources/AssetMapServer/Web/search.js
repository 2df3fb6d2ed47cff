// The resident search page: the query lives in the URL (/?q=library&near=WA15%209NT), so a search can be shared,
// bookmarked and gone back to; the page renders whatever the URL says on load and on back/forward.
"use strict";

(() => {
  const { el, api } = AM;
  const PER_PAGE = 10;
  const form = document.getElementById("search-form");
  const fields = ["q", "near", "radius", "category"];
  const statusRegion = document.getElementById("status");
  const resultsList = document.getElementById("results");
  const layout = document.getElementById("results-layout");
  const pager = document.getElementById("pager");
  const searchView = document.getElementById("search-view");
  const detailView = document.getElementById("detail-view");
  const errorSummary = document.getElementById("error-summary");
  const errorList = document.getElementById("error-list");
  const mapNote = document.getElementById("map-note");
  let map = null;
  let mapLayers = null;
  let lastSearchURL = "/";

  const fieldLabels = {
    description: "About", address: "Address", postcode: "Postcode", phone: "Phone", email: "Email", website: "Website",
    opening_hours: "Opening hours", categories: "Categories", alternate_names: "Also known as", organisation: "Run by",
    owner: "Owner", occupancy: "Occupancy", tenure: "Tenure", floor_area_m2: "Floor area (m²)", capacity: "Capacity",
    running_cost_gbp: "Running cost (£ a year)", energy_rating: "Energy rating", charity_number: "Registered charity number",
    company_number: "Company number", uprn: "UPRN", updated: "Updated by the source", street: "Street", town: "Town",
  };
  // Shown first, in this order; the rest follow alphabetically. Coordinates and matching keys are not for residents.
  const fieldOrder = ["description", "address", "postcode", "opening_hours", "phone", "email", "website", "organisation", "categories"];
  const hiddenFields = new Set(["name", "lat", "lon", "easting", "northing", "kind", "name_match"]);

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function readForm() {
    const p = new URLSearchParams();
    for (const name of fields) {
      const value = form.elements[name].value.trim();
      if (value) p.set(name, value);
    }
    return p;
  }

  function fillForm(p) {
    for (const name of fields) form.elements[name].value = p.get(name) || "";
  }

  function clearErrors() {
    errorSummary.hidden = true;
    errorList.textContent = "";
    for (const name of fields) {
      document.getElementById(`${name}-field`).classList.remove("field-error");
      form.elements[name].removeAttribute("aria-invalid");
    }
    const nearError = document.getElementById("near-error");
    nearError.hidden = true;
    nearError.textContent = "";
  }

  /** GOV.UK-style: a summary at the top linking to each field, and the message by the field itself. */
  function showError(field, message) {
    errorList.append(el("li", {}, el("a", { href: `#${field || "q"}` }, message)));
    errorSummary.hidden = false;
    if (field && form.elements[field]) {
      document.getElementById(`${field}-field`).classList.add("field-error");
      form.elements[field].setAttribute("aria-invalid", "true");
      if (field === "near") {
        const nearError = document.getElementById("near-error");
        nearError.textContent = "Error: " + message;
        nearError.hidden = false;
      }
    }
    errorSummary.focus();
  }

  function validate(p) {
    if (!p.get("q") && !p.get("near") && !p.get("category")) {
      return { field: "q", message: "Enter what you are looking for, a postcode, or both" };
    }
    if (p.get("radius") && !p.get("near")) {
      return { field: "near", message: "Enter a postcode to search within a distance of it" };
    }
    return null;
  }

  function describe(p, total) {
    const parts = [];
    const n = total === 1 ? "1 result" : `${AM.formatNumber(total)} results`;
    if (p.get("q")) parts.push(`for “${p.get("q")}”`);
    if (p.get("category")) parts.push(`in the category “${p.get("category")}”`);
    if (p.get("near")) {
      const radius = p.get("radius");
      parts.push(radius ? `within ${AM.formatDistance(Number(radius))} of ${p.get("near").toUpperCase()}` : `near ${p.get("near").toUpperCase()}`);
    }
    return `${n} ${parts.join(" ")}`.trim();
  }

  let mapTried = false;
  let baseNote = "";
  /** Made on first use, once the list and map are laid out; null when Leaflet is not installed. */
  function ensureMap() {
    if (!mapTried) {
      mapTried = true;
      map = AM.createMap(document.getElementById("map"), mapNote);
      if (map) mapLayers = L.layerGroup().addTo(map);
      baseNote = mapNote.textContent;
    }
    return map;
  }

  function entityURL(id) {
    const p = params();
    p.delete("entity");
    p.set("entity", id);
    return `/?${AM.query(p)}`;
  }

  function resultItem(hit, number) {
    const what = [AM.titleCase(hit.kind), ...(hit.categories || [])].join(" · ");
    const address = [hit.address, hit.postcode].filter(Boolean).join(", ");
    let distance = null;
    if (hit.distance_m !== null && hit.distance_m !== undefined) {
      const d = AM.formatDistance(hit.distance_m);
      distance = el("p", { class: "distance" }, hit.approximate_location
        ? `About ${d} away (location approximate: the postcode area only)` : `${d} away`);
    }
    const contact = [];
    if (hit.phone) contact.push(el("a", { href: `tel:${hit.phone.replace(/\s+/g, "")}` }, hit.phone));
    if (hit.email) contact.push(el("a", { href: `mailto:${hit.email}` }, hit.email));
    if (hit.website) contact.push(el("a", { href: hit.website, rel: "noopener" }, "Website", el("span", { class: "visually-hidden" }, ` of ${hit.name}`)));
    const link = el("a", { href: entityURL(hit.id), "data-entity": hit.id }, hit.name);
    link.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      history.pushState({}, "", link.getAttribute("href"));
      render();
    });
    return el("li", { class: "result", "data-id": hit.id },
      el("span", { class: "result-number", "aria-hidden": "true" }, number),
      el("div", {},
        el("h3", {}, el("span", { class: "visually-hidden" }, `${number}. `), link),
        el("p", { class: "what" }, what),
        address ? el("p", {}, address) : el("p", { class: "secondary" }, "No address given"),
        distance,
        hit.opening_hours ? el("p", {}, el("strong", {}, "Opening hours: "), hit.opening_hours) : null,
        contact.length ? el("p", {}, el("strong", {}, "Contact: "), contact.flatMap((c, i) => (i ? [" · ", c] : [c]))) : null));
  }

  async function drawSearchMap(p, results, firstNumber) {
    if (!ensureMap()) return;
    map.invalidateSize();
    mapLayers.clearLayers();
    const layers = [];
    // The searched postcode: its point and its ward's boundary (drawn from the API, so it works without tiles).
    const near = p.get("near");
    let wardCode = null;
    if (near && !/^-?\d/.test(near)) {
      try {
        const pc = await api(`/v1/postcodes/${encodeURIComponent(near)}`);
        const here = AM.marker(pc.lat, pc.lon, "★", { className: "am-here", zIndexOffset: -1000, title: `Your postcode ${pc.postcode}`, popup: `Your postcode: ${pc.postcode}` });
        here.addTo(mapLayers);
        layers.push(here);
        wardCode = pc.areas && pc.areas.ward ? pc.areas.ward.code : null;
        if (p.get("radius")) {
          const circle = L.circle([pc.lat, pc.lon], { radius: Number(p.get("radius")), color: "#0b0c0c", weight: 2, dashArray: "4 6", fill: false, interactive: false });
          circle.addTo(mapLayers);
          layers.push(circle);
        }
      } catch (e) { /* the search itself reports a bad postcode */ }
    }
    if (!wardCode) {
      const first = results.find((r) => r.areas && r.areas.ward);
      wardCode = first ? first.areas.ward.code : null;
    }
    if (wardCode) {
      try {
        const { layer } = await AM.drawArea(map, wardCode);
        if (layer) { mapLayers.addLayer(layer); layers.push(layer); }
      } catch (e) { /* a missing boundary leaves the points */ }
    }
    results.forEach((hit, i) => {
      if (hit.lat === null || hit.lon === null) return;
      const number = firstNumber + i;
      const m = AM.marker(hit.lat, hit.lon, number, {
        className: hit.approximate_location ? "am-approx" : null,
        title: `${number}. ${hit.name}${hit.approximate_location ? " (approximate location)" : ""}`,
        popup: el("a", { href: entityURL(hit.id) }, `${number}. ${hit.name}`),
      });
      m.addTo(mapLayers);
      layers.push(m);
    });
    AM.fit(map, layers.filter((l) => l.getLatLng), [53.42, -2.35]);
    if (!layers.some((l) => l.getLatLng)) AM.fit(map, layers);
    const unlocated = results.filter((r) => r.lat === null).length;
    const unlocatedNote = unlocated
      ? `${unlocated} of these results ${unlocated === 1 ? "has" : "have"} no known location and ${unlocated === 1 ? "is" : "are"} in the list only. ` : "";
    mapNote.textContent = unlocatedNote + baseNote;
  }

  async function search(p) {
    clearErrors();
    const problem = validate(p);
    if (problem) {
      layout.hidden = true;
      statusRegion.textContent = "";
      showError(problem.field, problem.message);
      return;
    }
    const page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
    const query = new URLSearchParams();
    for (const name of [...fields, "kind", "area"]) if (p.get(name)) query.set(name, p.get(name));
    query.set("page", page);
    query.set("per_page", PER_PAGE);
    AM.announce(statusRegion, "Searching…");
    let result;
    try {
      result = await api(`/v1/search?${AM.query(query)}`);
    } catch (e) {
      layout.hidden = true;
      statusRegion.textContent = "";
      const field = e.parameter && fields.includes(e.parameter) ? e.parameter : null;
      const message = e.parameter === "near" ? `We could not find the postcode ${p.get("near")}. Check it and try again (for example WA15 9NT)` : e.message;
      showError(field, message);
      return;
    }
    const corrected = result.corrected_text ? ` Showing results for “${result.corrected_text}”.` : "";
    AM.announce(statusRegion, describe(p, result.total) + "." + corrected);
    resultsList.textContent = "";
    const first = (page - 1) * PER_PAGE + 1;
    resultsList.setAttribute("start", first);
    result.results.forEach((hit, i) => resultsList.append(resultItem(hit, first + i)));
    layout.hidden = result.results.length === 0;
    pager.textContent = "";
    const pages = Math.ceil(result.total / PER_PAGE);
    if (pages > 1) {
      const link = (n, text, rel) => {
        const q = params();
        q.delete("entity");
        q.set("page", n);
        const a = el("a", { href: `/?${AM.query(q)}`, rel }, text);
        a.addEventListener("click", (event) => { event.preventDefault(); history.pushState({}, "", a.getAttribute("href")); render(); document.getElementById("status").scrollIntoView(); });
        return a;
      };
      pager.append(page > 1 ? link(page - 1, "Previous page", "prev") : el("span"),
        el("span", { class: "secondary" }, `Page ${page} of ${pages}`),
        page < pages ? link(page + 1, "Next page", "next") : el("span"));
      pager.hidden = false;
    } else {
      pager.hidden = true;
    }
    // Categories seen become suggestions for the category box.
    const options = document.getElementById("category-options");
    const known = new Set([...options.options].map((o) => o.value));
    for (const hit of result.results) for (const c of hit.categories || []) if (!known.has(c)) { known.add(c); options.append(el("option", { value: c })); }
    if (result.results.length) await drawSearchMap(p, result.results, first);
  }

  function fieldValue(name, value) {
    if (name === "website") return el("a", { href: value, rel: "noopener" }, value);
    if (name === "email") return el("a", { href: `mailto:${value}` }, value);
    if (name === "phone") return el("a", { href: `tel:${value.replace(/\s+/g, "")}` }, value);
    if (name === "categories") return value.split(";").join(", ");
    return value;
  }

  async function showDetail(id) {
    searchView.hidden = true;
    detailView.hidden = false;
    const heading = document.getElementById("detail-heading");
    const body = document.getElementById("detail-body");
    const back = document.getElementById("back-link");
    const p = params();
    p.delete("entity");
    back.setAttribute("href", `/?${AM.query(p)}`);
    heading.textContent = "Loading…";
    body.textContent = "";
    let entity;
    try {
      entity = await api(`/v1/entities/${encodeURIComponent(id)}`);
    } catch (e) {
      heading.textContent = e.status === 404 ? "Not found" : "Sorry, there is a problem";
      body.append(el("p", {}, e.status === 404 ? "This entry is not in the directory (it may have been removed)." : e.message));
      heading.focus();
      return;
    }
    document.title = `${entity.name} – AssetMap`;
    heading.textContent = entity.name;
    body.append(el("p", { class: "lead" }, [AM.titleCase(entity.kind), ...(entity.categories || [])].join(" · ")));
    const golden = entity.golden || {};
    const names = Object.keys(golden).filter((k) => !hiddenFields.has(k));
    names.sort((a, b) => {
      const ia = fieldOrder.indexOf(a), ib = fieldOrder.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
      return a.localeCompare(b);
    });
    const rows = names.map((name) => {
      const choice = golden[name];
      const alternatives = (choice.alternatives || []).filter((a) => a.value !== choice.value);
      return [
        el("dt", {}, fieldLabels[name] || AM.titleCase(name.replace(/_/g, " "))),
        el("dd", {}, fieldValue(name, choice.value),
          el("span", { class: "secondary" }, ` (from ${choice.source})`),
          alternatives.length ? el("div", { class: "secondary" }, "Also given: ",
            alternatives.map((a) => `${a.value} (${a.source})`).join("; ")) : null)];
    });
    if (entity.location_precision) {
      const precision = { exact: "Exact: the list gives the point", postcode: "The centre of its postcode", sector: "Approximate: the centre of its postcode sector", district: "Approximate: the centre of its postcode district" };
      rows.push([el("dt", {}, "Location"), el("dd", {}, precision[entity.location_precision] || entity.location_precision)]);
    }
    const areaNames = { ward: "Ward", lsoa: "Neighbourhood (LSOA)", msoa: "Neighbourhood (MSOA)", locality: "Locality", parish: "Parish" };
    for (const [layer, area] of Object.entries(entity.areas || {}).sort()) {
      rows.push([el("dt", {}, areaNames[layer] || AM.titleCase(layer)),
        el("dd", {}, el("a", { href: `/areas/${encodeURIComponent(area.code)}?layer=${encodeURIComponent(layer)}` }, area.name || area.code))]);
    }
    body.append(el("dl", { class: "summary-list" }, rows));

    if (entity.lat !== null && entity.lon !== null && AM.config.leaflet && window.L) {
      const container = el("div", { class: "map", role: "region", "aria-label": `Map showing ${entity.name}` });
      body.append(el("h2", {}, "Where it is"), container, el("p", { class: "map-note", id: "detail-map-note" }));
      const detailMap = AM.createMap(container, document.getElementById("detail-map-note"));
      if (detailMap) {
        const m = AM.marker(entity.lat, entity.lon, "1", { title: entity.name, className: entity.location_precision === "sector" || entity.location_precision === "district" ? "am-approx" : null });
        m.addTo(detailMap);
        const layers = [m];
        if (entity.areas && entity.areas.ward) {
          try { const { layer } = await AM.drawArea(detailMap, entity.areas.ward.code); layers.push(layer); } catch (e) { /* points only */ }
        }
        detailMap.setView([entity.lat, entity.lon], 15);
        window.setTimeout(() => detailMap.invalidateSize(), 0);
      }
    }

    const updated = (entity.members || []).map((m) => m.updated).filter(Boolean).sort().pop();
    body.append(el("h2", {}, "Where this information comes from"),
      el("p", {}, `This entry combines ${entity.members.length === 1 ? "1 record" : `${entity.members.length} records`} from ${entity.sources.length === 1 ? "1 list" : `${entity.sources.length} lists`}.` + (updated ? ` Last updated ${updated}.` : "")),
      AM.table(null, ["List", "Record", "Name in that list", "Updated"],
        entity.members.map((m) => [m.source, m.source_key, m.name || "—", m.updated || "—"])));
    heading.focus();
  }

  async function render() {
    const p = params();
    fillForm(p);
    const entity = p.get("entity");
    if (entity) {
      await showDetail(entity);
      return;
    }
    document.title = "Find local services – AssetMap";
    detailView.hidden = true;
    searchView.hidden = false;
    if (p.get("q") || p.get("near") || p.get("category")) {
      lastSearchURL = window.location.href;
      await search(p);
    } else {
      layout.hidden = true;
      statusRegion.textContent = "";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const p = readForm();
    const problem = validate(p);
    if (problem) {
      clearErrors();
      showError(problem.field, problem.message);
      return;
    }
    const url = `/?${AM.query(p)}`;
    if (url !== window.location.pathname + window.location.search) history.pushState({}, "", url);
    render();
  });

  document.getElementById("back-link").addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState({}, "", event.currentTarget.getAttribute("href"));
    render().then(() => document.getElementById("main").focus());
  });

  errorList.addEventListener("click", (event) => {
    const target = event.target.closest("a");
    if (!target) return;
    event.preventDefault();
    const input = document.getElementById(target.getAttribute("href").slice(1));
    if (input) input.focus();
  });

  window.addEventListener("popstate", () => render());
  render();
})();
