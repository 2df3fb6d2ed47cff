// The officers' page: sign in with an API key (kept in sessionStorage, sent as Authorization: Bearer), then the
// review queue, coverage and conflicts, and imports — all through the /v1 API.
"use strict";

(() => {
  const { el, api } = AM;
  const STORAGE = "assetmap.apiKey";
  const signIn = document.getElementById("sign-in");
  const workspace = document.getElementById("workspace");
  const reviewStatus = document.getElementById("review-status");
  const reviewBox = document.getElementById("review");
  let key = sessionStorage.getItem(STORAGE);
  let queue = [];
  let position = 0;

  const call = (path, options = {}) => api(path, Object.assign({ key }, options));

  function signedOut(message, quietly) {
    sessionStorage.removeItem(STORAGE);
    key = null;
    workspace.hidden = true;
    signIn.hidden = false;
    const error = document.getElementById("sign-in-error");
    if (message) {
      document.getElementById("sign-in-error-text").textContent = message;
      document.getElementById("api-key-field").classList.add("field-error");
      error.hidden = false;
      error.focus();
    } else {
      error.hidden = true;
      if (!quietly) document.getElementById("api-key").focus();
    }
  }

  /** A 401 anywhere means the key stopped working (revoked): back to the sign-in form. */
  function handle(error, region) {
    if (error.status === 401) { signedOut("Your key is no longer accepted (it may have been revoked). Sign in again."); return; }
    if (region) AM.fill(region, el("div", { class: "error-summary", role: "alert" }, el("p", {}, error.message)));
  }

  document.getElementById("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("api-key");
    const candidate = input.value.trim();
    if (!candidate) { signedOut("Enter your API key"); return; }
    try {
      await api("/v1/review?limit=1", { key: candidate });
    } catch (e) {
      const message = e.status === 401 ? "That key is not valid: check it was copied in full, or ask for a new one"
        : e.status === 403 ? "That key cannot review: it needs the officer or admin role" : e.message;
      signedOut(message);
      return;
    }
    key = candidate;
    sessionStorage.setItem(STORAGE, key);
    input.value = "";
    start();
  });

  document.getElementById("sign-out").addEventListener("click", () => signedOut(null));

  // MARK: review

  // Shown in the comparison table instead (location), or bookkeeping.
  const hiddenFields = new Set(["name_match", "kind", "lat", "lon", "easting", "northing"]);

  function recordCard(label, side) {
    const fields = Object.entries(side.fields || {}).filter(([k]) => !hiddenFields.has(k) && k !== "name").sort(([a], [b]) => a.localeCompare(b));
    return el("div", { class: "record-card" },
      el("h4", {}, `${label}: ${side.name}`),
      el("dl", {},
        el("dt", {}, "List"), el("dd", {}, `${side.source} (record ${side.source_key})`),
        fields.flatMap(([k, v]) => [el("dt", {}, AM.titleCase(k.replace(/_/g, " "))), el("dd", {}, v)])));
  }

  function evidence(step) {
    if (step.level_index === null || step.level_index === undefined) return "no evidence (missing on one side)";
    if (step.weight > 0.05) return "for a match";
    if (step.weight < -0.05) return "against a match";
    return "neutral";
  }

  function signed(w) {
    return (w >= 0 ? "+" : "−") + Math.abs(w).toFixed(2);
  }

  async function showPair() {
    if (position >= queue.length) {
      AM.fill(reviewBox, el("p", {}, queue.length ? "You have been through every pair on this page of the queue. " : "No pairs are waiting for review.",
        queue.length ? el("button", { type: "button", class: "link-button", onclick: loadReview }, "Load the queue again") : null));
      return;
    }
    const item = queue[position];
    let detail;
    try {
      detail = await call(`/v1/review/${item.id}`);
    } catch (e) { handle(e, reviewBox); return; }
    const pair = detail.pair;
    const x = detail.explanation;
    let running = x.prior_weight;
    const rows = [{ cells: ["Starting point", "prior odds for two random records", "", "", signed(x.prior_weight), "—"] }];
    for (const step of x.steps) {
      if (step.level_index !== null && step.level_index !== undefined) running += step.weight;
      const values = step.values || [];
      rows.push({ cells: [step.comparison, step.level, values[0] ?? "—", values[1] ?? "—",
        { text: signed(step.weight), class: "num" }, { text: evidence(step), class: step.weight > 0.05 ? "weight-for" : step.weight < -0.05 ? "weight-against" : null }] });
    }
    if (x.term_frequency_adjustment) {
      rows.push({ cells: ["Term frequency", x.term_frequency_adjustment < 0 ? "a common value, worth less" : "a rare value, worth more", "", "",
        { text: signed(x.term_frequency_adjustment), class: "num" }, x.term_frequency_adjustment > 0 ? "for a match" : "against a match"] });
    }
    rows.push({ current: true, cells: ["Total", `match probability ${(x.probability * 100).toFixed(1)}%`, "", "", { text: signed(x.total_weight), class: "num" }, "—"] });

    const decide = async (decision) => {
      for (const b of reviewBox.querySelectorAll("button")) b.disabled = true;
      try {
        const result = await call(`/v1/review/${pair.id}`, { method: "POST", body: { decision } });
        queue.splice(position, 1);
        AM.announce(reviewStatus, `Pair ${pair.id} decided: ${decision === "same" ? "the same thing" : "different things"}. ${result.queued_for_review} ${result.queued_for_review === 1 ? "pair" : "pairs"} left to review.`);
        await loadReview(true);
      } catch (e) {
        handle(e, null);
        AM.announce(reviewStatus, `The decision was not saved: ${e.message}`);
        for (const b of reviewBox.querySelectorAll("button")) b.disabled = false;
      }
    };

    AM.fill(reviewBox,
      el("h3", { id: "pair-heading", tabindex: "-1" }, `Pair ${pair.id}: are these the same thing?`),
      el("p", {}, `The matcher puts the chance that they are at ${(pair.probability * 100).toFixed(1)}% — between the thresholds for linking automatically and for ignoring, so a person decides.`),
      el("div", { class: "pair" }, recordCard("Record A", pair.a), recordCard("Record B", pair.b)),
      el("h4", {}, "How the records compare, level by level"),
      el("p", { class: "hint" }, "Weights are in bits (log₂ of the Bayes factor): positive counts for a match, negative against; they add up to the total."),
      AM.table(null, ["Comparison", "Level", "Record A", "Record B", { text: "Weight", class: "num" }, "Evidence"], rows, { stack: true }),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "button", "data-decision": "same", onclick: () => decide("same") }, "Same thing"),
        el("button", { type: "button", class: "button button-warning", "data-decision": "different", onclick: () => decide("different") }, "Different things"),
        el("button", { type: "button", class: "link-button", onclick: () => { position += 1; showPair().then(() => focusPair()); } }, "Skip for now")));
  }

  function focusPair() {
    const h = document.getElementById("pair-heading");
    if (h) h.focus();
  }

  async function loadReview(afterDecision) {
    try {
      const document_ = await call("/v1/review?limit=50");
      queue = document_.items || [];
    } catch (e) { handle(e, reviewBox); return; }
    position = 0;
    if (!afterDecision) {
      reviewStatus.textContent = queue.length === 0 ? "No pairs are waiting for review."
        : `${queue.length === 50 ? "50 or more" : queue.length} ${queue.length === 1 ? "pair is" : "pairs are"} waiting for review, most likely match first.`;
    }
    await showPair();
    if (afterDecision) focusPair();
  }

  // MARK: coverage

  const LIMIT = 2000;
  const atLeast = (list) => (list.length >= LIMIT ? `${AM.formatNumber(LIMIT)} or more` : AM.formatNumber(list.length));

  async function loadCoverage() {
    const box = document.getElementById("coverage");
    let c;
    try {
      c = await call(`/v1/coverage?limit=${LIMIT}`);
    } catch (e) { handle(e, box); return; }
    const card = (figure, label) => el("div", { class: "card" }, el("span", { class: "figure" }, typeof figure === "number" ? AM.formatNumber(figure) : figure), el("span", { class: "label" }, label));
    const pairs = [];
    for (const a of c.sources) for (const b of c.sources) {
      if (a < b && c.overlap[a] && c.overlap[a][b]) pairs.push([a, b, c.overlap[a][b]]);
    }
    pairs.sort((p, q) => q[2] - p[2]);
    const entityLink = (id, name) => el("a", { href: `/?entity=${id}` }, name);
    AM.fill(box,
      el("div", { class: "cards" },
        card(c.entities, "entities in the directory"), card(c.sources.length, "lists"),
        card(atLeast(c.single_source), "entities in one list only"), card(atLeast(c.within_source_duplicates), "duplicates inside one list"),
        card(atLeast(c.conflicts), "conflicting values")),
      AM.table("Entities per list", ["List", { text: "Entities", class: "num" }, { text: "Lists it shares entities with", class: "num" }],
        c.sources.map((s) => {
          const row = c.overlap[s] || {};
          const shared = Object.keys(row).filter((b) => b !== s && row[b] > 0).length;
          return [s, { text: AM.formatNumber(row[s] || 0), class: "num" }, { text: AM.formatNumber(shared), class: "num" }];
        })),
      pairs.length ? AM.table("Lists that share entities", ["List", "And list", { text: "Entities in both", class: "num" }],
        pairs.slice(0, 30).map(([a, b, n]) => [a, b, { text: AM.formatNumber(n), class: "num" }])) : el("p", {}, "No two lists share an entity."),
      c.conflicts.length ? AM.table(`Where lists disagree (${c.conflicts.length > 50 ? "first 50 of " : ""}${AM.formatNumber(c.conflicts.length)})`, ["Entity", "Field", "Values (list)"],
        c.conflicts.slice(0, 50).map((x) => [{ node: entityLink(x.entity, x.name) }, x.field.replace(/_/g, " "),
          x.values.map((v) => `${v.value} (${v.source})`).join("; ")]), { stack: true }) : el("p", {}, "No conflicting values."),
      c.within_source_duplicates.length ? AM.table(`Duplicates inside one list (${c.within_source_duplicates.length > 30 ? "first 30 of " : ""}${c.within_source_duplicates.length})`,
        ["Entity", "List", "Records"],
        c.within_source_duplicates.slice(0, 30).map((d) => [{ node: entityLink(d.entity, d.name) }, d.source, d.keys.join(", ")])) : null);
  }

  // MARK: imports

  document.getElementById("import-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const errorBox = document.getElementById("import-error");
    const errorList = document.getElementById("import-error-list");
    const status = document.getElementById("import-status");
    const result = document.getElementById("import-result");
    errorList.textContent = "";
    errorBox.hidden = true;
    for (const id of ["import-file-field", "import-profile-field"]) document.getElementById(id).classList.remove("field-error");
    const file = document.getElementById("import-file").files[0];
    const profile = document.getElementById("import-profile").files[0];
    const problems = [];
    if (!file) problems.push(["import-file", "Choose the list file to import"]);
    if (!profile) problems.push(["import-profile", "Choose the import profile for the list"]);
    if (problems.length) {
      for (const [id, message] of problems) {
        errorList.append(el("li", {}, el("a", { href: `#${id}` }, message)));
        document.getElementById(`${id}-field`).classList.add("field-error");
      }
      errorBox.hidden = false;
      errorBox.focus();
      return;
    }
    const body = new FormData();
    body.append("file", file, file.name);
    body.append("profile", profile, profile.name);
    const dryRun = document.getElementById("import-dry-run").checked;
    if (dryRun) body.append("dry_run", "true");
    const button = document.getElementById("import-button");
    button.disabled = true;
    AM.announce(status, `Importing ${file.name}…`);
    result.textContent = "";
    try {
      const r = await call("/v1/imports", { method: "POST", body });
      AM.announce(status, `${dryRun ? "Checked" : "Imported"} ${file.name} into the list “${r.source}”: ${r.added} added, ${r.updated} updated, ${r.withdrawn} withdrawn${dryRun ? " (nothing was changed)" : ""}.`);
      result.append(
        AM.table(`Summary of ${r.file || file.name}`, ["What", { text: "Rows", class: "num" }],
          [["Read", r.read], ["Added", r.added], ["Updated", r.updated], ["Unchanged", r.unchanged], ["Withdrawn", r.withdrawn],
           ["Without a location", r.unlocated], ["Rejected", r.rejected.length], ["Warnings", r.warnings.length + (r.warnings_not_listed || 0)]]
            .map(([k, v]) => [k, { text: AM.formatNumber(v), class: "num" }])),
        r.rejected.length ? AM.table("Rejected rows", ["Line", "Reason"], r.rejected.slice(0, 50).map((x) => [String(x.line), x.reason])) : null,
        r.warnings.length ? AM.table(`Warnings${r.warnings.length > 50 ? " (first 50)" : ""}`, ["Line", "Field", "Reason"],
          r.warnings.slice(0, 50).map((w) => [String(w.line), w.field, w.reason])) : null);
      if (!dryRun) loadCoverage();
    } catch (e) {
      handle(e, null);
      errorList.append(el("li", {}, el("a", { href: "#import-file" }, e.message)));
      errorBox.hidden = false;
      errorBox.focus();
      status.textContent = "";
    } finally {
      button.disabled = false;
    }
  });

  for (const box of [document.getElementById("import-error"), document.getElementById("sign-in-error")]) {
    box.addEventListener("click", (event) => {
      const a = event.target.closest("a");
      if (!a) return;
      event.preventDefault();
      const target = document.getElementById(a.getAttribute("href").slice(1));
      if (target) target.focus();
    });
  }

  function start() {
    signIn.hidden = true;
    workspace.hidden = false;
    document.getElementById("signed-in").textContent = "Signed in with your officer key for this browser tab.";
    loadReview(false);
    loadCoverage();
  }

  if (key) start(); else signedOut(null, true);
})();
