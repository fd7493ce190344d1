// Annotating the article text: selection -> W3C selectors -> toolbar -> htmx POST.
// The server renders every mark and card; this module only enhances. Without it
// the page reads fine and annotations are still drawn and listed.

const CONTEXT = 32; // characters of prefix/suffix in the TextQuoteSelector
const PHONE = window.matchMedia("(max-width: 48rem)");

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

const articleBody = () => document.getElementById("article-body");
const paragraphs = () => $$(":scope > p[data-offset]", articleBody());
const toolbar = () => document.getElementById("annotate-toolbar");

function uuid4() {
  // crypto.randomUUID needs a secure context; getRandomValues does not.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// --- Selection to canonical-text offsets ---------------------------------

function paragraphOf(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  const paragraph = element && element.closest("p[data-offset]");
  return paragraph && paragraph.parentElement === articleBody() ? paragraph : null;
}

function canonicalOffset(node, offset, paras) {
  const paragraph = paragraphOf(node);
  if (paragraph) {
    const range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return Number(paragraph.dataset.offset) + range.toString().length;
  }
  // A boundary outside every paragraph (between them, or outside the body):
  // clamp it to the start of the next paragraph, or the end of the text.
  for (const para of paras) {
    const range = document.createRange();
    range.selectNodeContents(para);
    if (range.comparePoint(node, offset) < 0) return Number(para.dataset.offset);
  }
  const last = paras[paras.length - 1];
  return Number(last.dataset.offset) + last.textContent.length;
}

function currentSelector() {
  const body = articleBody();
  const selection = window.getSelection();
  if (!body || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(body)) return null;
  const paras = paragraphs();
  if (paras.length === 0) return null;
  // The server says how it joins paragraphs (articles.text.PARAGRAPH_SEPARATOR).
  const text = paras.map((p) => p.textContent).join(body.dataset.paragraphSeparator);
  let start = canonicalOffset(range.startContainer, range.startOffset, paras);
  let end = canonicalOffset(range.endContainer, range.endOffset, paras);
  if (end < start) [start, end] = [end, start];
  const exact = text.slice(start, end);
  if (!exact.trim()) return null;
  return {
    start,
    end,
    exact,
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    rect: lastRect(range),
    firstRect: firstRect(range),
    range: range.cloneRange(),
  };
}

function firstRect(range) {
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  return rects.length ? rects[0] : range.getBoundingClientRect();
}

function lastRect(range) {
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  return rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
}

// --- The toolbar -----------------------------------------------------------

let pending = null; // the selector the toolbar is about to submit
let returnFocus = null; // where Escape takes a keyboard user back to

function showToolbar(selector) {
  const form = toolbar();
  if (!form) return;
  pending = selector;
  for (const name of ["start", "end", "exact", "prefix", "suffix"]) {
    form.elements[name].value = selector[name];
  }
  if (!form.elements.client_key.value) form.elements.client_key.value = uuid4();
  // In re-attach mode the toolbar offers one action instead of the kinds.
  $(".annotate-toolbar__reattach", form).hidden = !reattaching;
  $(".annotate-toolbar__buttons", form).hidden = Boolean(reattaching);
  form.hidden = false;
  paintSelection(selector.range);
  place(form, selector);
}

// The browser drops the selection's colour once focus moves into the form; a custom
// highlight keeps the passage visibly marked until the toolbar closes.
function paintSelection(range) {
  if (!range || !window.CSS?.highlights || typeof Highlight !== "function") return;
  CSS.highlights.set("annotate-selection", new Highlight(range));
}

function unpaintSelection() {
  window.CSS?.highlights?.delete("annotate-selection");
}

let spaced = null; // the paragraph given room under it for the toolbar (see place)

function unspace() {
  if (spaced) {
    spaced.style.removeProperty("margin-block-end");
    // No empty style="" left behind either (see the htmx:beforeSwap listener below).
    if (!spaced.getAttribute("style")) spaced.removeAttribute("style");
  }
  spaced = null;
}

function place(form, selector) {
  // Phones: a bottom sheet, clear of the text. Wider screens: above the selection's
  // first line (aligned to its right edge, the RTL start), so neither the selected
  // words nor the lines after them are covered. When the window has no room above,
  // scroll the page a little to make it; when the page itself has none (the first
  // lines of the article), go below the selection's paragraph and open a gap of the
  // toolbar's height under it, so the lines that follow move down instead of being
  // covered.
  form.classList.toggle("is-sheet", PHONE.matches);
  if (PHONE.matches) {
    unspace();
    form.style.removeProperty("top");
    form.style.removeProperty("left");
    return;
  }
  const GAP = 8;
  const range = selector.range;
  // Measured now, not when selected: the page may have scrolled since.
  let first = range ? firstRect(range) : selector.firstRect || selector.rect;
  const last = range ? lastRect(range) : selector.rect;
  const width = form.offsetWidth;
  const height = form.offsetHeight;
  const viewport = document.documentElement.clientWidth;
  let left = first.right - width;
  left = Math.max(GAP, Math.min(left, viewport - width - GAP));
  let top;
  const deficit = height + 2 * GAP - first.top; // > 0: no room above in the window
  if (deficit <= 0) {
    unspace();
    top = first.top - height - GAP;
  } else if (window.scrollY >= deficit && last.bottom + deficit <= window.innerHeight) {
    unspace();
    window.scrollBy({ top: -deficit, behavior: "instant" });
    first = range ? firstRect(range) : first;
    top = first.top - height - GAP;
  } else {
    const block = (range && paragraphOf(range.endContainer)) || null;
    if (spaced !== block) unspace();
    if (block) {
      spaced = block;
      block.style.setProperty("margin-block-end", `${height + 2 * GAP}px`);
      top = block.getBoundingClientRect().bottom + GAP;
    } else {
      top = last.bottom + GAP;
    }
  }
  const parent = (form.offsetParent || document.body).getBoundingClientRect();
  form.style.setProperty("top", `${top - parent.top}px`);
  form.style.setProperty("left", `${left - parent.left}px`);
}

// htmx settles a swapped element with the old one's attributes, style included: a
// paragraph redrawn while it holds the gap would get it back through setAttribute,
// which the CSP refuses. Close the gap before any swap; reopen it once settled if the
// toolbar is still open (an error message swapped into it).
document.addEventListener("htmx:beforeSwap", () => unspace());
document.addEventListener("htmx:afterSettle", () => {
  const form = toolbar();
  if (form && !form.hidden && pending) place(form, pending);
});

function hideToolbar({ reset = false } = {}) {
  const form = toolbar();
  if (!form) return;
  form.hidden = true;
  unpaintSelection();
  unspace();
  $(".annotate-toolbar__details", form).hidden = true;
  $("#annotate-errors", form).replaceChildren();
  if (reset) {
    form.reset();
    form.elements.client_key.value = "";
    form.elements.comment.required = false;
    pending = null;
  }
}

function chooseKind(kind, button) {
  const form = toolbar();
  form.elements.kind.value = kind;
  if (kind === "highlight") {
    form.requestSubmit();
    return;
  }
  const details = $(".annotate-toolbar__details", form);
  details.hidden = false;
  $(".annotate-toolbar__legend", form).textContent = `${button.textContent} على النص المحدد`;
  form.elements.comment.required = kind === "comment";
  form.elements.comment.focus();
  if (pending) place(form, pending);
}

function onSelectionChange() {
  const form = toolbar();
  if (!form) return;
  if (form.contains(document.activeElement)) return; // typing a comment
  const selector = currentSelector();
  if (selector) showToolbar(selector);
  else if ($(".annotate-toolbar__details", form).hidden) hideToolbar();
}

let selectionTimer = 0;
document.addEventListener("selectionchange", () => {
  clearTimeout(selectionTimer);
  selectionTimer = setTimeout(onSelectionChange, 150);
});

// --- Re-attach mode: a detached annotation gets a passage chosen in the text ------

let reattaching = null; // { id, url } of the detached annotation being re-attached

const reattachStatus = () => document.getElementById("reattach-status");

function startReattach(link) {
  const status = reattachStatus();
  const body = articleBody();
  if (!toolbar() || !status || !body || !window.htmx) return false; // the form page instead
  reattaching = { id: link.dataset.reattach, url: link.dataset.reattachUrl };
  const quote = link.closest(".anno-card")?.querySelector(".anno-card__quote")?.textContent.trim();
  $(".reattach-status__quote", status).textContent = quote ? `«${quote}»` : "";
  status.hidden = false;
  hideToolbar({ reset: true });
  window.getSelection()?.removeAllRanges();
  const panel = document.getElementById("annotations-panel");
  if (panel && PHONE.matches) panel.open = false; // the sheet would cover the text
  // Keyboard users start from the text: S / P select a sentence / paragraph.
  returnFocus = link;
  body.setAttribute("tabindex", "-1");
  body.focus({ preventScroll: true });
  body.scrollIntoView({ block: "start" });
  return true;
}

function stopReattach() {
  reattaching = null;
  const status = reattachStatus();
  if (status) status.hidden = true;
}

function submitReattach() {
  const form = toolbar();
  if (!form || !reattaching || !pending) return;
  const values = {};
  for (const name of ["start", "end", "exact", "prefix", "suffix"]) values[name] = form.elements[name].value;
  // The form is the source: its CSRF token and its error area (data-error-target).
  window.htmx.ajax("POST", reattaching.url, { source: form, values, swap: "none" });
}

document.body.addEventListener("annotation-reattached", (event) => {
  stopReattach();
  hideToolbar({ reset: true });
  window.getSelection()?.removeAllRanges();
  focusCard(event.detail.id);
  window.newsreaderToast?.("أُعيد ربط الملاحظة بالمقطع الجديد.");
});

// --- Keyboard selection: S / P select the next sentence / paragraph -------------

const SENTENCE_END = /[.!?؟؛\n]+["»”)]*\s*/gu;

function sentenceSpans(text) {
  const spans = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (text.slice(start, end).trim()) spans.push([start, end]);
    start = end;
  }
  if (text.slice(start).trim()) spans.push([start, text.length]);
  return spans.map(([a, b]) => {
    // Trim spaces at both ends: the selection covers words only.
    while (a < b && /\s/u.test(text[a])) a += 1;
    while (b > a && /\s/u.test(text[b - 1])) b -= 1;
    return [a, b];
  });
}

function pointAt(paragraph, offset) {
  // The text node and offset of a character offset inside a paragraph (marks nest).
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let node = walker.nextNode();
  while (node) {
    if (seen + node.length >= offset) return [node, offset - seen];
    seen += node.length;
    node = walker.nextNode();
  }
  return [paragraph, paragraph.childNodes.length];
}

function selectSpan(paragraph, a, b) {
  const range = document.createRange();
  range.setStart(...pointAt(paragraph, a));
  range.setEnd(...pointAt(paragraph, b));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  paragraph.scrollIntoView({ block: "nearest", behavior: "smooth" });
  const selector = currentSelector();
  if (selector) {
    showToolbar(selector);
    returnFocus = document.activeElement;
  }
}

function units(kind) {
  // Every sentence or paragraph of the article, in reading order, as [paragraph, a, b].
  const out = [];
  for (const paragraph of paragraphs()) {
    const text = paragraph.textContent;
    if (kind === "paragraph") out.push([paragraph, 0, text.length]);
    else for (const [a, b] of sentenceSpans(text)) out.push([paragraph, a, b]);
  }
  return out;
}

function selectUnit(kind, step) {
  const all = units(kind);
  if (all.length === 0) return;
  const selection = window.getSelection();
  let index = -1;
  if (selection && selection.rangeCount && !selection.isCollapsed) {
    // Start from the unit the current selection begins in.
    const range = selection.getRangeAt(0);
    const paragraph = paragraphOf(range.startContainer);
    if (paragraph) {
      const pre = document.createRange();
      pre.setStart(paragraph, 0);
      pre.setEnd(range.startContainer, range.startOffset);
      const at = pre.toString().length;
      index = all.findIndex(([p, a, b]) => p === paragraph && at >= a && at < b);
    }
  }
  if (index === -1) {
    // Nothing selected: the first unit visible on screen.
    index = all.findIndex(([p]) => p.getBoundingClientRect().bottom > 0) - step;
  }
  const next = all[Math.max(0, Math.min(all.length - 1, index + step))];
  selectSpan(...next);
}

document.addEventListener("keydown", (event) => {
  if (!articleBody() || !toolbar() || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest?.("input, textarea, select, dialog, [contenteditable='true']")) return;
  const kind = { KeyS: "sentence", KeyP: "paragraph" }[event.code];
  if (!kind) return;
  event.preventDefault();
  selectUnit(kind, event.shiftKey ? -1 : 1);
});

document.addEventListener("keydown", (event) => {
  const form = toolbar();
  if (!form) return;
  if (event.altKey && event.code === "KeyA") {
    // Keyboard path: select with Shift+arrows, then Alt+A reaches the toolbar.
    const selector = currentSelector() || (form.hidden ? null : pending);
    if (!selector) return;
    event.preventDefault();
    if (!form.contains(document.activeElement)) returnFocus = document.activeElement;
    showToolbar(selector);
    $(reattaching ? '[data-action="reattach"]' : ".annotate-toolbar__kind", form).focus();
  } else if (event.key === "Escape" && reattaching && form.hidden) {
    stopReattach();
    if (returnFocus?.isConnected) returnFocus.focus();
    returnFocus = null;
  } else if (event.key === "Escape" && !form.hidden) {
    const hadFocus = form.contains(document.activeElement);
    hideToolbar({ reset: true });
    if (hadFocus) (returnFocus && returnFocus.isConnected ? returnFocus : document.getElementById("main"))?.focus();
    returnFocus = null;
  } else if (
    (event.key === "ArrowLeft" || event.key === "ArrowRight") &&
    event.target.matches?.(".annotate-toolbar__kind")
  ) {
    // Roving focus inside role=toolbar; in RTL the next button is to the left.
    const buttons = $$(".annotate-toolbar__kind", form);
    const step = event.key === "ArrowLeft" ? 1 : -1;
    const index = (buttons.indexOf(event.target) + step + buttons.length) % buttons.length;
    buttons[index].focus();
    event.preventDefault();
  }
});

document.addEventListener("click", (event) => {
  const kindButton = event.target.closest?.("#annotate-toolbar [data-kind]");
  if (kindButton) {
    chooseKind(kindButton.dataset.kind, kindButton);
    return;
  }
  if (event.target.closest?.('#annotate-toolbar [data-action="cancel"]')) {
    hideToolbar({ reset: true });
    return;
  }
  if (event.target.closest?.('#annotate-toolbar [data-action="reattach"]')) {
    submitReattach();
    return;
  }
  if (event.target.closest?.('[data-action="reattach-cancel"]')) {
    stopReattach();
    hideToolbar({ reset: true });
    return;
  }
  const reattachLink = event.target.closest?.("a[data-reattach]");
  if (reattachLink && !event.ctrlKey && !event.metaKey && !event.shiftKey && startReattach(reattachLink)) {
    event.preventDefault();
    return;
  }
  const goto = event.target.closest?.("[data-goto]");
  if (goto) flashAnnotation(goto.dataset.goto, { fold: true });
  const card = event.target.closest?.(".anno-card[data-annotation]");
  if (card && !goto && !event.target.closest("a, button, input, textarea, select, summary, label")) {
    // A click on the card itself (not on one of its controls) shows its highlight.
    flashAnnotation(card.dataset.annotation, { fold: true });
  }
  const mark = event.target.closest?.("mark[data-annotations]");
  if (mark && window.getSelection()?.isCollapsed) showCard(mark, { open: true });
});

// --- Marks and cards ---------------------------------------------------------

function marksOf(id) {
  return $$(`mark[data-annotations~="${CSS.escape(String(id))}"]`);
}

function flashAnnotation(id, { fold = false } = {}) {
  const marks = marksOf(id);
  if (marks.length === 0) return;
  const panel = document.getElementById("annotations-panel");
  // Coming from a card on a phone: fold the bottom sheet, which would cover the highlight.
  if (fold && panel && PHONE.matches) panel.open = false;
  marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  for (const mark of marks) {
    mark.classList.remove("anno--flash");
    void mark.offsetWidth; // restart the animation
    mark.classList.add("anno--flash");
  }
}

function loadPanelAround(id) {
  // The panel shows one page of cards; fetch the page holding this one.
  return window.htmx.ajax("GET", `${location.pathname}?around=${encodeURIComponent(id)}`, {
    target: "#annotations-panel",
    swap: "outerHTML",
  });
}

function showCard(mark, { fetch = true, open = false } = {}) {
  const ids = mark.dataset.annotations.split(" ");
  for (const card of $$(".anno-card--active")) card.classList.remove("anno-card--active");
  const cards = ids.map((id) => document.getElementById(`card-${id}`)).filter(Boolean);
  if (cards.length === 0) {
    if (fetch && window.htmx) {
      loadPanelAround(ids[0]).then(() => {
        linkMarksToCards();
        showCard(mark, { fetch: false, open });
      });
    }
    return;
  }
  for (const card of cards) card.classList.add("anno-card--active");
  const panel = document.getElementById("annotations-panel");
  // On phones only a tap opens the bottom sheet; moving focus through the text does not.
  if (panel && (open || !PHONE.matches)) panel.open = true;
  cards[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
}

document.addEventListener("focusin", (event) => {
  const mark = event.target.closest?.("mark[data-annotations]");
  if (mark) showCard(mark);
});

function focusCard(id) {
  const card = document.getElementById(`card-${id}`);
  if (!card) return;
  const panel = document.getElementById("annotations-panel");
  if (panel) panel.open = true;
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
  flashAnnotation(id);
}

// --- htmx glue ---------------------------------------------------------------

document.body.addEventListener("annotation-created", (event) => {
  hideToolbar({ reset: true });
  window.getSelection()?.removeAllRanges();
  focusCard(event.detail.id);
});

function linkMarksToCards() {
  // After the panel changes page, marks point (for assistive technology) at the
  // cards now on the page, as the server does on a full page load.
  for (const mark of $$("mark[data-annotations]")) {
    const cards = mark.dataset.annotations
      .split(" ")
      .map((id) => `card-${id}`)
      .filter((id) => document.getElementById(id));
    if (cards.length) mark.setAttribute("aria-describedby", cards.join(" "));
    else mark.removeAttribute("aria-describedby");
  }
}

let relinkQueued = false;
document.body.addEventListener("htmx:load", () => {
  // htmx:load fires once per swapped-in element; relink once per swap.
  if (relinkQueued) return;
  relinkQueued = true;
  queueMicrotask(() => {
    relinkQueued = false;
    linkMarksToCards();
  });
});

document.body.addEventListener("htmx:beforeSwap", (event) => {
  // Validation errors (400) are swapped into the form's error area instead of
  // being dropped, so the reader sees the Arabic message and keeps their text.
  const { xhr, requestConfig } = event.detail;
  const targetSelector = requestConfig?.elt?.closest?.("[data-error-target]")?.dataset.errorTarget;
  if (xhr.status === 400 && targetSelector) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    event.detail.target = document.querySelector(targetSelector);
    event.detail.swapOverride = "outerHTML";
  }
});

document.body.addEventListener("htmx:afterSwap", (event) => {
  // An error partial swapped into the toolbar: the message sits under the form's
  // fields (role=alert announces it) and focus returns to the field to fix.
  if (event.detail.target?.id !== "annotate-errors") return;
  const form = toolbar();
  const errors = document.getElementById("annotate-errors");
  if (!form || !errors?.textContent.trim()) return;
  if (pending) place(form, pending); // the message made the form taller
  const field = form.elements.kind.value === "highlight" ? $(".annotate-toolbar__kind", form) : form.elements.comment;
  if (field !== form.elements.comment) return field?.focus();
  field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", "annotate-errors");
  field.focus();
});

document.body.addEventListener("input", (event) => {
  if (event.target.matches?.('#annotate-toolbar [aria-invalid="true"]')) {
    event.target.removeAttribute("aria-invalid");
  }
});

// Deleting a note (the server's HX-Trigger): a toast with «تراجع», which posts to the
// restore URL it names (CSRF from the body's hx-headers). Focus, which was on the
// removed card, goes to that button so a keyboard user can undo at once.
document.body.addEventListener("annotation-deleted", (event) => {
  const restore = event.detail?.restore;
  if (!restore) return window.newsreaderToast?.("حُذفت الملاحظة.");
  const undo = () => window.htmx.ajax("POST", restore, { source: document.body, swap: "none" });
  const button = window.newsreaderToast?.("حُذفت الملاحظة.", { action: "تراجع", onAction: undo, timeout: 10000 });
  button?.focus();
});

document.body.addEventListener("annotation-restored", (event) => {
  window.newsreaderToast?.("استُرجعت الملاحظة.");
  focusCard(event.detail.id);
});

document.body.addEventListener("htmx:responseError", (event) => {
  if (!/\/annotations\/\d+\/restore\/$/.test(event.detail.pathInfo?.requestPath || "")) return;
  window.newsreaderToast?.("تعذّر التراجع: انقضت مهلته أو لم تعد الملاحظة لك.");
});

document.body.addEventListener("htmx:responseError", (event) => {
  const form = toolbar();
  if (!form || event.detail.requestConfig?.elt !== form) return;
  const errors = $("#annotate-errors", form);
  const item = document.createElement("p");
  item.textContent = "تعذّر حفظ الملاحظة، حاول مرة أخرى.";
  errors.replaceChildren(item);
});

// --- Start-up ------------------------------------------------------------------

function init() {
  const panel = document.getElementById("annotations-panel");
  // On phones the panel is a bottom sheet: start it folded so the text is visible.
  if (panel && PHONE.matches && !location.hash) panel.open = false;
  document.documentElement.classList.add("panel-ready");
  const match = /^#annotation-(\d+)$/.exec(location.hash);
  if (match) {
    const mark = marksOf(match[1])[0];
    if (mark) showCard(mark);
    flashAnnotation(match[1]);
  }
}

// htmx (a deferred classic script after this module) is ready by DOMContentLoaded.
if (window.htmx) init();
else document.addEventListener("DOMContentLoaded", init, { once: true });
