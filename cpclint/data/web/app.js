/* cpclint's local page. Plain JavaScript, no libraries, nothing loaded from anywhere.
 *
 * The report lives only in this page's memory and in the local server's memory.
 * Nothing is put in localStorage, sessionStorage, cookies or IndexedDB: closing
 * the tab forgets it. The text boxes say autocomplete="off" (the browser keeps no
 * copy to restore) and spellcheck="false" (a browser's "enhanced" spell check
 * sends the words to a web service). */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const CATEGORY_NAMES = {
    jargon: "Jargon", acronym: "Acronym", wordy: "Wordy", readability: "Hard to read",
    passive: "Who did it?", "third-person": "Written about, not to", "role-label": "Label, not a name",
    opinion: "Opinion", vague: "Vague", judgemental: "Judgemental label", plan: "Plan",
    structure: "Report shape", consistency: "Dates and names", grammar: "Grammar",
  };
  const SEVERITY_WORDS = { error: "Must change", warning: "Should change", suggestion: "Could change" };
  const STANCES = ["fact", "observation", "allegation", "opinion", "other"];
  const STANCE_WORDS = {
    fact: "Fact", observation: "Observation", allegation: "Allegation", opinion: "Opinion", other: "Other",
  };
  const ROLE_WORDS = {
    mother: "Mother", father: "Father", carer: "Carer", parent: "Parent", "step-parent": "Step-parent",
    stepmother: "Stepmother", stepfather: "Stepfather", child: "Child", grandparent: "Grandparent",
    grandmother: "Grandmother", grandfather: "Grandfather", aunt: "Aunt", uncle: "Uncle", sibling: "Sibling",
    brother: "Brother", sister: "Sister", partner: "Partner", guardian: "Guardian",
    "foster carer": "Foster carer", other: "Someone else",
  };
  const WIDE = 40; // a finding over this many characters is underlined, not coloured in
  const DEBOUNCE_MS = 300;

  const state = {
    session: randomId(),
    info: null,
    name: "<text>",
    format: "markdown",
    source: null, // {data: ArrayBuffer, name, text}: the Word file opened, while its text is unchanged
    checkedText: null,
    file: null, // the last check's JSON for the file
    actions: [],
    settingsUsed: null,
    selected: -1,
    stance: false,
    hidden: new Set(),
    busy: false,
    again: false,
    timer: 0,
    lastError: "",
    exercises: [],
    exercise: null,
  };

  const editor = $("editor");
  const backdrop = $("backdrop");

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function categoryName(c) { return CATEGORY_NAMES[c] || c.replace(/-/g, " "); }

  function setStatus(message, isError, target) {
    const node = target || $("status");
    node.textContent = message;
    node.classList.toggle("error", Boolean(isError));
  }

  /* Offsets from the server count Unicode characters; JavaScript strings count UTF-16 units. */
  function unitIndexer(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const map = [];
    let u = 0;
    for (const ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    return (i) => map[Math.max(0, Math.min(i, map.length - 1))];
  }

  /* --- talking to the local server --------------------------------------------------------- */

  async function errorText(response) {
    try {
      const data = await response.json();
      if (data && data.error) return data.error;
    } catch (_) { /* not JSON */ }
    return `cpclint could not do that (error ${response.status}).`;
  }

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      cache: "no-store", credentials: "same-origin",
    });
    if (!response.ok) throw new Error(await errorText(response));
    return response.json();
  }

  async function getJSON(url) {
    const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error(await errorText(response));
    return response.json();
  }

  function settings() {
    const family = [];
    for (const row of document.querySelectorAll("#people .person")) {
      const name = row.querySelector("[data-field=name]").value.trim();
      if (!name) continue;
      const also = row.querySelector("[data-field=also]").value.split(",").map((s) => s.trim()).filter(Boolean);
      const age = row.querySelector("[data-field=age]").value.trim();
      const person = {
        name, role: row.querySelector("[data-field=role]").value,
        reader: row.querySelector("[data-field=reader]").checked, also,
      };
      if (age !== "") person.age = Number(age);
      family.push(person);
    }
    return { audience: $("audience").value || null, kind: $("kind").value || null, family };
  }

  /* The report as the server should see it: the Word file itself while its text is unchanged. */
  function reportRequest() {
    const text = editor.value;
    if (state.source && text === state.source.text) {
      return {
        body: state.source.data,
        headers: {
          "Content-Type": "application/octet-stream",
          "X-Cpclint-Name": encodeURIComponent(state.source.name),
          "X-Cpclint-Settings": encodeURIComponent(JSON.stringify(settings())),
        },
      };
    }
    return {
      body: JSON.stringify({ text, name: state.name, format: state.format, settings: settings() }),
      headers: { "Content-Type": "application/json" },
    };
  }

  /* --- checking ------------------------------------------------------------------------------ */

  function scheduleCheck(delay) {
    clearTimeout(state.timer);
    state.timer = setTimeout(runCheck, delay === undefined ? DEBOUNCE_MS : delay);
  }

  async function runCheck() {
    if (state.busy) { state.again = true; return; }
    const text = editor.value;
    if (!text.trim()) { showEmpty(); return; }
    state.busy = true;
    state.again = false;
    try {
      const data = await postJSON("/api/check", {
        text, name: state.name, format: state.format, settings: settings(), session: state.session,
      });
      const was = state.file && state.selected >= 0 ? state.file.findings[state.selected] : null;
      state.checkedText = text;
      state.file = data.files[0];
      state.actions = []; // asked for when a finding is chosen (see loadActions)
      state.settingsUsed = data.page && data.page.settings;
      state.selected = was ? sameFinding(was) : -1;
      render();
      // Typed more while this check was on its way: move its highlights with the newer edits.
      if (editor.value !== text && editor.value.trim()) followEdit(text, editor.value);
      const n = state.file.findings.length;
      const ms = data.page ? ` in ${Math.round(data.page.elapsed_ms)} ms` : "";
      setStatus(n ? `Checked${ms}: ${n} thing${n === 1 ? "" : "s"} to look at.` : `Checked${ms}: nothing to change.`);
    } catch (err) {
      setStatus(err.message || "cpclint could not check the report.", true);
    } finally {
      state.busy = false;
      if (state.again || (editor.value !== state.checkedText && editor.value.trim())) scheduleCheck(50);
    }
  }

  /* The same finding in a new check: same rule and words, nearest to where it was. */
  function sameFinding(old) {
    let best = -1;
    let distance = Infinity;
    state.file.findings.forEach((f, i) => {
      if (f.rule !== old.rule || f.text !== old.text) return;
      const d = Math.abs(f.start - old.start);
      if (d < distance) { best = i; distance = d; }
    });
    return best;
  }

  function showEmpty() {
    state.file = null;
    state.checkedText = null;
    state.actions = [];
    state.selected = -1;
    state.spans = null;
    state.drawnText = null;
    backdrop.textContent = "";
    $("findings").textContent = "";
    $("filters").textContent = "";
    $("stances").textContent = "";
    $("count").textContent = "";
    $("empty").hidden = false;
    for (const id of ["fig-age", "fig-you", "fig-avg", "fig-words"]) $(id).textContent = "–";
    $("fig-notes").textContent = "";
    setStatus("");
  }

  /* --- drawing the results ------------------------------------------------------------------- */

  function render() {
    renderFigures();
    renderFilters();
    renderBackdrop();
    if (state.stance) renderStances(); else renderFindings();
    $("empty").hidden = true;
    renderFamilySummary();
  }

  function renderFigures() {
    const f = state.file;
    const s = f.stats;
    const age = $("fig-age");
    age.textContent = "";
    if (!s.words) {
      age.textContent = "–";
    } else {
      const target = f.target_reading_age;
      const over = target !== null && target !== undefined && s.reading_age > target;
      age.append(el("span", { class: target === null ? "" : over ? "over" : "good", text: String(s.reading_age) }),
        el("span", { class: "small", text: target === null || target === undefined
          ? "no target for professionals" : over ? `aim for ${target} or under` : `target ${target} or under ✓` }));
    }
    const you = $("fig-you");
    you.textContent = "";
    if (s.addressed_to_family === null || s.addressed_to_family === undefined) {
      you.append("–", el("span", { class: "small", text: "no sentences about the family" }));
    } else {
      const pct = Math.round(s.addressed_to_family * 100);
      you.append(el("span", { class: pct >= 50 ? "good" : "over", text: `${pct}%` }),
        el("span", { class: "small", text: "of sentences about the family say “you”" }));
    }
    const avg = $("fig-avg");
    avg.textContent = "";
    avg.append(el("span", { class: s.average_sentence_length > 20 ? "over" : "good",
      text: String(s.average_sentence_length) }), el("span", { class: "small", text: "words on average; aim for 15 to 20" }));
    const words = $("fig-words");
    words.textContent = "";
    const minutes = Math.round(s.reading_time_minutes);
    words.append(String(s.words), el("span", { class: "small",
      text: minutes < 1 ? "words; under a minute to read" : `words; about ${minutes} min to read` }));
    const notes = [];
    if (s.words) notes.push(`${s.sentences} sentence${s.sentences === 1 ? "" : "s"}, reading ease ${s.flesch_reading_ease}`);
    if (s.kind && state.info) {
      const kind = state.info.kinds.find((k) => k.id === s.kind);
      notes.push(kind ? kind.name : s.kind);
    }
    if (s.sections_missing && s.sections_missing.length) {
      const n = s.sections_missing.length;
      notes.push(`${n} section${n === 1 ? "" : "s"} missing (see “Report shape”)`);
    }
    $("fig-notes").textContent = notes.length ? `${notes.join(" · ")}.` : "";
  }

  function visibleFindings() {
    if (!state.file) return [];
    return state.file.findings.map((f, i) => ({ f, i })).filter(({ f }) => !state.hidden.has(f.category));
  }

  function renderFilters() {
    const counts = new Map();
    for (const f of state.file.findings) counts.set(f.category, (counts.get(f.category) || 0) + 1);
    const box = $("filters");
    box.textContent = "";
    box.hidden = state.stance || counts.size === 0;
    for (const [cat, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
      box.append(el("button", {
        type: "button", class: `cat-${cat}`, "aria-pressed": state.hidden.has(cat) ? "false" : "true",
        "aria-label": `${categoryName(cat)}: ${n}. ${state.hidden.has(cat) ? "Hidden" : "Shown"}`,
        onclick: () => {
          if (state.hidden.has(cat)) state.hidden.delete(cat); else state.hidden.add(cat);
          render();
          const again = [...box.querySelectorAll("button")].find((b) => b.classList.contains(`cat-${cat}`));
          if (again) again.focus();
        },
      }, `${categoryName(cat)} ${n}`));
    }
  }

  /* The backdrop repeats the text exactly, with each finding's characters wrapped in a coloured span.
   * Spans are kept in the page's own (UTF-16) offsets, so an edit can move them until the next check. */
  function renderBackdrop() {
    const text = state.checkedText || "";
    const at = unitIndexer(text);
    if (state.stance) {
      state.spans = state.file.sentences.map((s) => ({ s: at(s.start), e: at(s.end), stance: s.stance || "other" }));
    } else {
      state.spans = visibleFindings().filter(({ f }) => f.end > f.start)
        .map(({ f, i }) => ({ s: at(f.start), e: at(f.end), i, cat: f.category, wide: f.end - f.start > WIDE }));
    }
    draw(text);
  }

  function draw(text) {
    state.drawnText = text;
    const frag = document.createDocumentFragment();
    if (state.stance) drawStances(frag, text, state.spans); else drawFindings(frag, text, state.spans);
    frag.append(document.createTextNode("\n "));
    backdrop.textContent = "";
    backdrop.append(frag);
    markSelected();
    syncScroll();
  }

  /* While the next check is on its way, move the highlights with the edit (drop the ones it touched). */
  function followEdit(before, after) {
    if (!state.spans) return;
    let p = 0;
    const max = Math.min(before.length, after.length);
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
    let q = 0;
    while (q < max - p && before.charCodeAt(before.length - 1 - q) === after.charCodeAt(after.length - 1 - q)) q++;
    const oldEnd = before.length - q;
    const delta = after.length - before.length;
    state.spans = state.spans.filter((sp) => sp.e <= p || sp.s >= oldEnd)
      .map((sp) => (sp.s >= oldEnd ? { ...sp, s: sp.s + delta, e: sp.e + delta } : sp));
    draw(after);
  }

  function drawFindings(frag, text, spanList) {
    const spans = spanList.slice().sort((a, b) => a.s - b.s);
    const cuts = new Set([0, text.length]);
    for (const sp of spans) { cuts.add(sp.s); cuts.add(sp.e); }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    let k = 0;
    const open = [];
    for (let p = 0; p < points.length - 1; p++) {
      const a = points[p];
      const b = points[p + 1];
      while (k < spans.length && spans[k].s <= a) open.push(spans[k++]);
      for (let j = open.length - 1; j >= 0; j--) if (open[j].e <= a) open.splice(j, 1);
      const piece = text.slice(a, b);
      if (!open.length) { frag.append(document.createTextNode(piece)); continue; }
      // The shortest finding here decides the colour; a long one underneath shows as an underline.
      const bySize = open.slice().sort((x, y) => (x.e - x.s) - (y.e - y.s));
      const narrow = bySize.find((sp) => !sp.wide);
      const main = narrow || bySize[0];
      frag.append(el("span", {
        class: `hl cat-${main.cat}${narrow ? "" : " wide"}`, "data-ids": open.map((sp) => sp.i).join(" "),
      }, piece));
    }
  }

  function drawStances(frag, text, spans) {
    let pos = 0;
    for (const sp of spans) {
      if (sp.s < pos) continue;
      frag.append(document.createTextNode(text.slice(pos, sp.s)));
      const span = el("span", { class: `st st-${sp.stance}`, "data-start": String(sp.s) });
      if (sp.stance !== "other") {
        span.append(el("span", { class: "anchor" }, el("span", {
          class: `tag st-tag st-tag-${sp.stance}`, text: STANCE_WORDS[sp.stance] || sp.stance,
        })));
      }
      span.append(document.createTextNode(text.slice(sp.s, sp.e)));
      frag.append(span);
      pos = sp.e;
    }
    frag.append(document.createTextNode(text.slice(pos)));
  }

  function markSelected() {
    for (const node of backdrop.querySelectorAll(".hl.active")) node.classList.remove("active");
    for (const node of backdrop.querySelectorAll(".anchor.sel")) node.remove();
    if (state.stance || state.selected < 0 || !state.file) return;
    const parts = backdrop.querySelectorAll(`[data-ids~="${state.selected}"]`);
    parts.forEach((node) => node.classList.add("active"));
    if (parts.length) {
      const f = state.file.findings[state.selected];
      parts[0].prepend(el("span", { class: "anchor sel" }, el("span", { class: "tag", text: categoryName(f.category) })));
    }
  }

  function renderFindings() {
    const list = $("findings");
    list.hidden = false;
    $("stances").hidden = true;
    list.textContent = "";
    const shown = visibleFindings();
    const total = state.file.findings.length;
    $("count").textContent = shown.length === total ? `(${total})` : `(${shown.length} of ${total} shown)`;
    // Findings about the whole report first, then in the order of the text.
    const whole = shown.filter(({ f }) => f.start === f.end);
    const inText = shown.filter(({ f }) => f.start !== f.end);
    for (const { f, i } of [...whole, ...inText]) list.append(findingItem(f, i));
  }

  function findingItem(f, i) {
    const selected = i === state.selected;
    const quoted = f.text && f.end - f.start <= 80 ? `“${f.text}”` : "";
    const head = el("button", {
      type: "button", class: "finding-head", id: `finding-${i}`, "aria-expanded": selected ? "true" : "false",
      "aria-controls": `detail-${i}`, onclick: () => select(selected ? -1 : i, { from: "list" }),
    }, el("span", { class: `chip cat-${f.category}`, text: categoryName(f.category) }),
    el("span", { class: "msg", text: f.message }),
    el("span", { class: "sev", text: SEVERITY_WORDS[f.severity] || f.severity }));
    const li = el("li", { class: selected ? "selected" : "", "data-i": String(i) }, head);
    if (!selected) return li;
    const detail = el("div", { class: "detail", id: `detail-${i}` });
    if (f.start === f.end) {
      detail.append(el("p", { class: "quote", text: "This is about the whole report." }));
    } else if (quoted && f.message.indexOf(f.text) === -1) {
      detail.append(el("p", { class: "quote", text: `In the report: ${quoted}` }));
    }
    const actions = state.actions[i] || [];
    if (state.actions[i] === undefined && state.checkedText !== null) {
      detail.append(el("p", { class: "means", text: "Looking for wording you can use…" }));
      loadActions(i);
    }
    if (actions.length) {
      const box = el("div", { class: "suggestions", role: "group", "aria-label": "Suggested wording" });
      actions.forEach((a, n) => {
        box.append(el("button", {
          type: "button", "data-action": String(n), onclick: () => applyAction(i, a),
        }, el("span", { class: "use", text: "Use: " }), a.label));
      });
      detail.append(box);
    }
    if (f.hint && !(actions.length && /^Try\b/.test(f.hint))) detail.append(el("p", { text: `→ ${f.hint}` }));
    if (f.explanation) detail.append(el("p", { class: "means", text: `What it means: ${f.explanation}` }));
    const buttons = el("div", { class: "detail-actions" });
    if (f.start !== f.end) {
      buttons.append(el("button", { type: "button", onclick: () => showInText(i, true) }, "Show in the report"));
    }
    detail.append(buttons);
    li.append(detail);
    return li;
  }

  /* The words that can be put in for a finding are worked out when it is chosen, not for every check. */
  async function loadActions(i) {
    const text = state.checkedText;
    if (state.loading === `${i}:${text.length}`) return;
    state.loading = `${i}:${text.length}`;
    try {
      const data = await postJSON("/api/suggestions", {
        text, name: state.name, format: state.format, settings: settings(), session: state.session, finding: i,
      });
      if (state.checkedText !== text) return; // checked again meanwhile: that check draws its own
      state.actions[i] = data.actions;
    } catch (err) {
      if (state.checkedText !== text) return;
      state.actions[i] = [];
      setStatus(err.message || "cpclint could not find wording for this.", true);
    } finally {
      state.loading = null;
    }
    redrawItem(i);
  }

  function redrawItem(i) {
    const old = $("findings").querySelector(`li[data-i="${i}"]`);
    if (!old || state.stance) return;
    const hadFocus = old.contains(document.activeElement);
    const fresh = findingItem(state.file.findings[i], i);
    old.replaceWith(fresh);
    if (hadFocus) fresh.querySelector(".finding-head").focus();
  }

  function renderStances() {
    $("findings").hidden = true;
    const box = $("stances");
    box.hidden = false;
    box.textContent = "";
    $("count").textContent = "";
    const counts = Object.fromEntries(STANCES.map((s) => [s, 0]));
    for (const s of state.file.sentences) counts[s.stance || "other"] += 1;
    box.append(el("p", { text: "Each sentence is marked as fact, observation, allegation or opinion, from the "
      + "words it uses. Families need to see which is which, and who holds each opinion." }));
    const row = el("div", { class: "stance-counts" });
    for (const s of STANCES) {
      if (counts[s]) row.append(el("span", { class: `st-${s}`, text: `${STANCE_WORDS[s]}: ${counts[s]}` }));
    }
    box.append(row);
    for (const stance of ["opinion", "allegation", "observation", "fact"]) {
      const sentences = state.file.sentences.filter((s) => s.stance === stance);
      if (!sentences.length) continue;
      box.append(el("h3", { text: `${STANCE_WORDS[stance]} (${sentences.length})` }));
      const list = el("ul", { class: "stance-list" });
      for (const s of sentences) {
        list.append(el("li", {}, el("button", {
          type: "button", onclick: () => selectRange(s.start, s.end, true),
        }, s.text, s.cues.length ? el("span", { class: "cues", text: ` — decided by: ${s.cues.join(", ")}` }) : "")));
      }
      box.append(list);
    }
  }

  function renderFamilySummary() {
    const note = $("family-summary");
    const used = state.settingsUsed;
    const own = settings().family.length > 0;
    if (!used || !used.family.length) {
      note.textContent = "Tell cpclint who is who, so it can suggest “you”.";
      return;
    }
    const people = used.family.map((p) => `${p.name}${p.reader ? " (reads it)" : ""}`).join(", ");
    note.textContent = own ? `Using your list: ${people}.` : `From the report: ${people}.`;
  }

  /* --- choosing a finding -------------------------------------------------------------------- */

  function select(i, opts) {
    state.selected = i;
    renderFindings();
    markSelected();
    if (i >= 0) {
      showInText(i, false);
      const head = $(`finding-${i}`);
      if (head) {
        head.scrollIntoView({ block: "nearest" });
        if (opts && opts.from === "list") head.focus();
      }
    }
  }

  function showInText(i, focusEditor) {
    const f = state.file.findings[i];
    if (f.start === f.end) return;
    selectRange(f.start, f.end, focusEditor);
  }

  function selectRange(start, end, focusEditor) {
    const at = unitIndexer(state.checkedText || "");
    const a = at(start);
    const b = at(end);
    const part = backdrop.querySelector(`[data-ids~="${state.selected}"]`);
    scrollEditorTo(part, a);
    if (focusEditor) {
      editor.focus({ preventScroll: true });
      editor.setSelectionRange(a, b);
      scrollEditorTo(part, a);
    }
  }

  function scrollEditorTo(node, offset) {
    const target = node || backdrop.querySelector(`[data-start="${offset}"]`);
    if (!target) return;
    const top = target.offsetTop;
    const view = editor.clientHeight;
    if (top < editor.scrollTop + 30 || top > editor.scrollTop + view - 60) {
      editor.scrollTop = Math.max(0, top - view / 3);
    }
    syncScroll();
  }

  function findingAtCaret() {
    if (!state.file || state.stance || editor.value !== state.checkedText) return -1;
    const caret = editor.selectionStart;
    const text = state.checkedText;
    const at = unitIndexer(text);
    let best = -1;
    let bestLen = Infinity;
    for (const { f, i } of visibleFindings()) {
      if (f.end <= f.start) continue;
      const a = at(f.start);
      const b = at(f.end);
      if (a <= caret && caret <= b && b - a < bestLen) { best = i; bestLen = b - a; }
    }
    return best;
  }

  function step(direction) {
    const order = visibleFindings().map(({ f, i }) => ({ f, i }));
    const whole = order.filter(({ f }) => f.start === f.end);
    const inText = order.filter(({ f }) => f.start !== f.end);
    const seq = [...whole, ...inText].map(({ i }) => i);
    if (!seq.length) return;
    const pos = seq.indexOf(state.selected);
    const next = pos < 0 ? (direction > 0 ? 0 : seq.length - 1) : (pos + direction + seq.length) % seq.length;
    select(seq[next], { from: "list" });
  }

  /* --- putting a suggestion into the text ---------------------------------------------------- */

  async function applyAction(i, action) {
    if (editor.value !== state.checkedText) {
      setStatus("The report changed since the last check. Checking it again; then choose the suggestion again.");
      scheduleCheck(0);
      return;
    }
    const text = state.checkedText;
    const at = unitIndexer(text);
    let out = text;
    for (const e of action.edits.slice().sort((x, y) => y.start - x.start)) {
      out = out.slice(0, at(e.start)) + e.replacement + out.slice(at(e.end));
    }
    const scroll = editor.scrollTop;
    const f = state.file.findings[i];
    editor.value = out;
    editor.scrollTop = scroll;
    const caret = at(action.edits[0].start) + action.edits[0].replacement.length;
    editor.setSelectionRange(caret, caret);
    state.selected = -1;
    setStatus(`Changed ${f.text ? `“${shorten(f.text)}”` : "the text"} to “${shorten(action.label)}”. Checking again…`);
    await checkNow();
    // Go on to the next thing to change after the edit, in the list.
    const from = action.edits[0].start;
    const after = visibleFindings().find(({ f: g }) => g.start !== g.end && g.start >= from);
    const head = after ? $(`finding-${after.i}`) : $("findings").querySelector(".finding-head");
    if (head) { head.focus(); head.scrollIntoView({ block: "nearest" }); }
  }

  function shorten(s) { return s.length > 60 ? `${s.slice(0, 57)}…` : s; }

  async function checkNow() {
    clearTimeout(state.timer);
    while (state.busy) await new Promise((r) => setTimeout(r, 30));
    await runCheck();
  }

  /* --- files ------------------------------------------------------------------------------- */

  async function openFile(file) {
    if (!file) return;
    const lower = file.name.toLowerCase();
    if (!/\.(docx|md|markdown|txt|text)$/.test(lower)) {
      setStatus(`${file.name}: cpclint opens Word (.docx), Markdown (.md) and text (.txt) files. `
        + "If it is an old .doc file or a PDF, save it as .docx from Word first.", true);
      return;
    }
    if (state.info && file.size > state.info.limits.upload_bytes) {
      setStatus(`${file.name} is larger than ${Math.round(state.info.limits.upload_bytes / 1048576)} MB, `
        + "too big to be a report. Try a copy without the photographs.", true);
      return;
    }
    setStatus(`Opening ${file.name}…`);
    try {
      const data = await file.arrayBuffer();
      const response = await fetch("/api/read", {
        method: "POST", body: data, cache: "no-store",
        headers: { "Content-Type": "application/octet-stream", "X-Cpclint-Name": encodeURIComponent(file.name) },
      });
      if (!response.ok) throw new Error(await errorText(response));
      const doc = await response.json();
      editor.value = doc.text;
      state.name = doc.name;
      state.format = doc.format;
      state.source = lower.endsWith(".docx") ? { data, name: file.name, text: doc.text } : null;
      state.selected = -1;
      editor.scrollTop = 0;
      setStatus(`Opened ${file.name}. Checking…`);
      await checkNow();
    } catch (err) {
      setStatus(err.message || `cpclint could not open ${file.name}.`, true);
    }
  }

  async function download(kind) {
    if (!editor.value.trim()) {
      setStatus("Paste or open a report first.", true);
      return;
    }
    const urls = {
      annotate: "/api/annotate", fix: "/api/fix?output=docx", explain: "/api/explain?output=docx", html: "/api/html",
    };
    const what = {
      annotate: "the Word file with comments", fix: "the Word file with changes", explain: "the family's word list",
      html: "the web page report",
    };
    setStatus(`Making ${what[kind]}…`);
    try {
      const req = reportRequest();
      const response = await fetch(urls[kind], { method: "POST", body: req.body, headers: req.headers, cache: "no-store" });
      if (!response.ok) throw new Error(await errorText(response));
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = /filename\*=UTF-8''([^;]+)/.exec(disposition) || /filename="([^"]+)"/.exec(disposition);
      const filename = match ? decodeURIComponent(match[1]) : "report";
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: filename });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setStatus(`Downloaded ${filename}.`);
    } catch (err) {
      setStatus(err.message || "cpclint could not make the file.", true);
    }
  }

  /* --- the family form ----------------------------------------------------------------------- */

  function addPerson(person) {
    const p = person || {};
    const n = document.querySelectorAll("#people .person").length + 1;
    const id = (field) => `person-${n}-${field}-${randomId().slice(0, 6)}`;
    const role = el("select", { "data-field": "role", id: id("role") });
    for (const r of (state.info ? state.info.roles : Object.keys(ROLE_WORDS))) {
      role.append(el("option", { value: r, selected: r === (p.role || "mother") }, ROLE_WORDS[r] || r));
    }
    const ids = { name: id("name"), also: id("also"), age: id("age"), reader: id("reader") };
    const row = el("fieldset", { class: "person" },
      el("legend", { class: "visually-hidden", text: `Person ${n}` }),
      el("label", { for: ids.name }, "Name", el("input", { type: "text", id: ids.name, "data-field": "name",
        value: p.name || "", autocomplete: "off" })),
      el("label", { for: role.id }, "Role", role),
      el("label", { for: ids.also }, "Also called (commas between)", el("input", {
        type: "text", id: ids.also, "data-field": "also", value: (p.also || []).join(", "), autocomplete: "off",
        placeholder: "Mum, Sarah" })),
      el("label", { for: ids.age }, "Age (children)", el("input", {
        type: "number", id: ids.age, "data-field": "age", min: "0", max: "120", value: p.age ?? "" })),
      el("label", { class: "check", for: ids.reader }, el("input", {
        type: "checkbox", id: ids.reader, "data-field": "reader", checked: Boolean(p.reader) }),
      "The report is written to them"),
      el("button", { type: "button", class: "remove", onclick: (e) => {
        e.currentTarget.closest(".person").remove();
        settingsChanged();
        $("add-person").focus();
      } }, "Remove"));
    $("people").append(row);
    return row;
  }

  function settingsChanged() { scheduleCheck(150); }

  /* --- tabs ---------------------------------------------------------------------------------- */

  function setupTabs() {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    const choose = (tab) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        $(t.getAttribute("aria-controls")).hidden = !on;
      }
      if (tab.id === "tab-practise") loadExercises();
    };
    tabs.forEach((tab, n) => {
      tab.addEventListener("click", () => choose(tab));
      tab.addEventListener("keydown", (e) => {
        let to = null;
        if (e.key === "ArrowRight") to = tabs[(n + 1) % tabs.length];
        if (e.key === "ArrowLeft") to = tabs[(n - 1 + tabs.length) % tabs.length];
        if (e.key === "Home") to = tabs[0];
        if (e.key === "End") to = tabs[tabs.length - 1];
        if (to) { e.preventDefault(); choose(to); to.focus(); }
      });
    });
  }

  /* --- practise ------------------------------------------------------------------------------ */

  async function loadExercises() {
    if (state.exercises.length) return;
    const status = $("practise-status");
    try {
      const data = await getJSON("/api/exercises");
      state.exercises = data.exercises;
      const select = $("exercise");
      select.textContent = "";
      const groups = {};
      for (const ex of state.exercises) {
        const level = ex.level[0].toUpperCase() + ex.level.slice(1);
        if (!groups[level]) { groups[level] = el("optgroup", { label: level }); select.append(groups[level]); }
        groups[level].append(el("option", { value: ex.id }, `${ex.title} (${ex.goal_names.join(", ")})`));
      }
      if (state.exercises.length) showExercise(state.exercises[0].id);
      else setStatus("There are no exercises installed.", true, status);
    } catch (err) {
      setStatus(err.message || "cpclint could not load the exercises.", true, status);
    }
  }

  function showExercise(id) {
    const ex = state.exercises.find((e) => e.id === id);
    if (!ex) return;
    state.exercise = ex;
    $("exercise").value = id;
    $("exercise-meta").textContent = `Level: ${ex.level}. Practises: ${ex.goal_names.join(", ")}.`;
    $("task").textContent = ex.task;
    $("passage").textContent = ex.passage;
    const hints = $("hint-list");
    hints.textContent = "";
    for (const h of ex.hints) hints.append(el("li", { text: h }));
    $("hints").hidden = !ex.hints.length;
    $("answer").value = "";
    $("feedback").hidden = true;
    $("model").hidden = true;
    $("show-model").setAttribute("aria-expanded", "false");
    $("show-model").textContent = "Show a model answer";
    setStatus("", false, $("practise-status"));
  }

  async function getFeedback() {
    const ex = state.exercise;
    const status = $("practise-status");
    const answer = $("answer").value;
    if (!ex) return;
    if (!answer.trim()) { setStatus("Write your rewrite first, then ask for feedback.", true, status); return; }
    setStatus("Reading your rewrite…", false, status);
    try {
      const fb = await postJSON(`/api/exercises/${encodeURIComponent(ex.id)}/feedback`, { answer });
      renderFeedback(fb);
      setStatus(`Feedback ready: ${fb.score} out of 100.`, false, status);
      $("feedback").hidden = false;
      $("feedback-h").focus();
    } catch (err) {
      setStatus(err.message || "cpclint could not read the rewrite.", true, status);
    }
  }

  function list(title, items) {
    if (!items || !items.length) return null;
    return el("div", {}, el("h3", { text: title }), el("ul", {}, ...items.map((t) => el("li", { text: t }))));
  }

  function pointLine(p) {
    const message = p.message || "";
    const words = p.words && !message.includes(p.words) ? `“${shorten(p.words)}”: ` : "";
    const kind = p.category_name || categoryName(p.category || "");
    return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} – ${words}${message}`;
  }

  function renderFeedback(fb) {
    const body = $("feedback-body");
    body.textContent = "";
    body.append(el("p", {}, el("span", { class: "score", text: `${fb.score} out of 100` })));
    if (fb.explanation) body.append(el("p", { class: "means", text: fb.explanation }));
    const figures = [];
    const ra = fb.reading_age;
    if (ra && ra.before !== undefined) {
      figures.push(`Reading age: ${ra.before} → ${ra.after}${ra.target ? ` (aim for ${ra.target} or under)` : ""}`);
    }
    const you = fb.addressed_to_family;
    if (you && (you.before !== null || you.after !== null)) {
      const pct = (x) => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`);
      figures.push(`Written to the family: ${pct(you.before)} → ${pct(you.after)}`);
    }
    const facts = fb.facts;
    if (facts && facts.total) {
      figures.push(facts.missing.length ? `Facts kept: ${facts.kept} of ${facts.total}`
        : `Facts kept: all ${facts.total}`);
    }
    if (figures.length) body.append(el("p", { text: `${figures.join(". ")}.` }));
    body.append(...[
      list("Facts missing from your rewrite", facts ? facts.missing.map((f) => `${f.kind}: ${f.text}`) : []),
      list("What you fixed", (fb.resolved || []).map(pointLine)),
      list("Still to fix", (fb.remaining || []).map(pointLine)),
      list("New in your rewrite", (fb.introduced || []).map(pointLine)),
      list("Next steps", fb.next_steps || []),
    ].filter(Boolean));
  }

  async function toggleModel() {
    const button = $("show-model");
    const box = $("model");
    if (!box.hidden) {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show a model answer";
      return;
    }
    const ex = state.exercise;
    if (!ex) return;
    try {
      const data = await getJSON(`/api/exercises/${encodeURIComponent(ex.id)}/answers`);
      $("model-body").textContent = data.model_answers[0] || "This exercise has no model answer.";
      box.hidden = false;
      button.setAttribute("aria-expanded", "true");
      button.textContent = "Hide the model answer";
      $("model-h").focus();
    } catch (err) {
      setStatus(err.message || "cpclint could not load the model answer.", true, $("practise-status"));
    }
  }

  /* --- wiring ------------------------------------------------------------------------------- */

  function syncScroll() {
    backdrop.scrollTop = editor.scrollTop;
    backdrop.scrollLeft = editor.scrollLeft;
  }

  function onEdit() {
    const text = editor.value;
    if (state.source && text !== state.source.text) {
      state.source = null; // edited: downloads now start from the text on the page
      if (state.name.toLowerCase().endsWith(".docx")) state.name = state.name.replace(/\.docx$/i, ".md");
    }
    if (!text.trim()) { clearTimeout(state.timer); showEmpty(); return; }
    if (state.file) followEdit(state.drawnText ?? state.checkedText ?? "", text);
    state.drawnText = text;
    scheduleCheck();
  }

  function caretMoved() {
    const i = findingAtCaret();
    if (i >= 0 && i !== state.selected) {
      state.selected = i;
      renderFindings();
      markSelected();
      const head = $(`finding-${i}`);
      if (head) head.scrollIntoView({ block: "nearest" });
    }
  }

  function setupDrop() {
    const zone = $("drop");
    const hint = $("drop-hint");
    let depth = 0;
    zone.addEventListener("dragenter", (e) => {
      if (![...(e.dataTransfer ? e.dataTransfer.types : [])].includes("Files")) return;
      e.preventDefault();
      depth += 1;
      zone.classList.add("dragging");
      hint.hidden = false;
    });
    zone.addEventListener("dragover", (e) => {
      if ([...(e.dataTransfer ? e.dataTransfer.types : [])].includes("Files")) e.preventDefault();
    });
    zone.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (!depth) { zone.classList.remove("dragging"); hint.hidden = true; }
    });
    zone.addEventListener("drop", (e) => {
      const files = e.dataTransfer ? e.dataTransfer.files : null;
      if (!files || !files.length) return;
      e.preventDefault();
      depth = 0;
      zone.classList.remove("dragging");
      hint.hidden = true;
      openFile(files[0]);
    });
    // A file dropped next to the box must not make the browser open it and leave the page.
    const hasFiles = (e) => [...(e.dataTransfer ? e.dataTransfer.types : [])].includes("Files");
    window.addEventListener("dragover", (e) => { if (hasFiles(e)) e.preventDefault(); });
    window.addEventListener("drop", (e) => { if (hasFiles(e)) e.preventDefault(); });
  }

  async function start() {
    setupTabs();
    setupDrop();
    editor.addEventListener("input", onEdit);
    editor.addEventListener("scroll", syncScroll);
    editor.addEventListener("click", caretMoved);
    editor.addEventListener("keyup", (e) => {
      if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End" || e.key.startsWith("Page")) caretMoved();
    });
    window.addEventListener("resize", syncScroll);
    $("file").addEventListener("change", (e) => { openFile(e.target.files[0]); e.target.value = ""; });
    $("clear").addEventListener("click", () => {
      editor.value = "";
      state.source = null;
      state.name = "<text>";
      state.format = "markdown";
      showEmpty();
      endSession();
      state.session = randomId();
      editor.focus();
    });
    $("stance-toggle").addEventListener("click", (e) => {
      state.stance = !state.stance;
      e.currentTarget.setAttribute("aria-pressed", state.stance ? "true" : "false");
      if (state.file) render();
    });
    $("prev").addEventListener("click", () => step(-1));
    $("next").addEventListener("click", () => step(1));
    for (const button of document.querySelectorAll("[data-download]")) {
      button.addEventListener("click", () => download(button.dataset.download));
    }
    $("add-person").addEventListener("click", () => { addPerson().querySelector("input").focus(); });
    $("family-form").addEventListener("input", settingsChanged);
    $("family-form").addEventListener("change", settingsChanged);
    $("family-form").addEventListener("submit", (e) => e.preventDefault());
    $("exercise").addEventListener("change", (e) => showExercise(e.target.value));
    $("get-feedback").addEventListener("click", getFeedback);
    $("show-model").addEventListener("click", toggleModel);
    $("copy-passage").addEventListener("click", () => {
      if (state.exercise) $("answer").value = state.exercise.passage;
      $("answer").focus();
    });
    window.addEventListener("pagehide", endSession);
    try {
      state.info = await getJSON("/api/info");
      const kind = $("kind");
      for (const k of state.info.kinds) kind.append(el("option", { value: k.id }, k.name));
      const f = state.info.features;
      for (const [key, feature] of [["annotate", "word"], ["fix", "word"], ["explain", "explain"], ["html", "html"]]) {
        const b = document.querySelector(`[data-download="${key}"]`);
        if (!f[feature]) { b.disabled = true; b.title = "This part of cpclint is not installed."; }
      }
      if (!f.exercises) $("tab-practise").hidden = true;
    } catch (err) {
      setStatus(err.message || "cpclint's page could not reach the local server.", true);
    }
    if (editor.value.trim() && !state.file && !state.busy) scheduleCheck(0);
  }

  function endSession() {
    // text/plain: a beacon may only carry a "simple" type; the server reads the JSON all the same.
    const body = new Blob([JSON.stringify({ session: state.session })], { type: "text/plain" });
    if (navigator.sendBeacon) navigator.sendBeacon("/api/session/end", body);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
