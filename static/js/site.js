// Progressive enhancement for every page. Pages work fully without it.
const FONT_SIZE_KEY = "newsreader:font-size";
const MIN_STEP = -1;
const MAX_STEP = 3;
const root = document.documentElement;

function currentStep() {
  const step = Number.parseInt(root.dataset.fontSize ?? "0", 10);
  return Number.isNaN(step) ? 0 : step;
}

function applyStep(step, buttons) {
  if (step === 0) {
    delete root.dataset.fontSize;
  } else {
    root.dataset.fontSize = String(step);
  }
  try {
    if (step === 0) {
      localStorage.removeItem(FONT_SIZE_KEY);
    } else {
      localStorage.setItem(FONT_SIZE_KEY, String(step));
    }
  } catch {
    // Storage disabled: the size still applies to this page.
  }
  for (const button of buttons) {
    const delta = Number(button.dataset.fontSizeStep);
    button.disabled = delta < 0 ? step <= MIN_STEP : step >= MAX_STEP;
  }
}

function initFontSizeControl(control) {
  const buttons = [...control.querySelectorAll("[data-font-size-step]")];
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const next = currentStep() + Number(button.dataset.fontSizeStep);
      applyStep(Math.min(MAX_STEP, Math.max(MIN_STEP, next)), buttons);
    });
  }
  // Only reflects the state prefs.js already applied: no size change here.
  const step = currentStep();
  for (const button of buttons) {
    const delta = Number(button.dataset.fontSizeStep);
    button.disabled = delta < 0 ? step <= MIN_STEP : step >= MAX_STEP;
  }
}

for (const control of document.querySelectorAll(".font-size-control")) {
  initFontSizeControl(control);
}

// --- A loading bar while any htmx request runs ---------------------------------
const loading = document.getElementById("page-loading");
let inFlight = 0;
document.addEventListener("htmx:beforeRequest", () => {
  inFlight += 1;
  loading?.classList.add("is-active");
  document.body.setAttribute("aria-busy", "true");
});
document.addEventListener("htmx:afterRequest", () => {
  inFlight = Math.max(0, inFlight - 1);
  if (inFlight === 0) {
    loading?.classList.remove("is-active");
    document.body.removeAttribute("aria-busy");
  }
});

// --- Toasts (announced by the polite live region in base.html) ------------------
export function toast(message, { action = null, onAction = null, timeout = 6000 } = {}) {
  const region = document.getElementById("toasts");
  if (!region) return;
  const item = document.createElement("div");
  item.className = "toast";
  const text = document.createElement("span");
  text.textContent = message;
  item.append(text);
  if (action && onAction) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action;
    button.addEventListener("click", () => {
      item.remove();
      onAction();
    });
    item.append(button);
  }
  region.append(item);
  // A toast the reader is using (focus or pointer inside) stays until they leave it.
  const busy = () => item.contains(document.activeElement) || item.matches(":hover");
  const expire = () => (busy() ? setTimeout(expire, 1000) : item.remove());
  setTimeout(expire, timeout);
  return item.querySelector("button");
}
window.newsreaderToast = toast;

// --- Form errors: focus the first invalid field once an error partial is in ----
document.addEventListener("htmx:afterSwap", (event) => {
  const root = event.detail.target;
  if (!root?.querySelector || !root.isConnected) return;
  const invalid = root.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();
});

// --- The shortcuts sheet (?) ------------------------------------------------------
const SHORTCUTS = [
  ["?", "يعرض هذه القائمة"],
  ["/", "ينقل التركيز إلى البحث"],
  ["S", "يحدد الجملة التالية في المقال، ومع Shift السابقة"],
  ["P", "يحدد الفقرة التالية في المقال، ومع Shift السابقة"],
  ["Alt+A", "يفتح شريط الملاحظة على النص المحدد"],
  ["Esc", "يغلق الشريط أو هذه القائمة"],
];

function shortcutsSheet() {
  let sheet = document.getElementById("shortcuts-sheet");
  if (sheet) return sheet;
  sheet = document.createElement("dialog");
  sheet.id = "shortcuts-sheet";
  sheet.className = "shortcuts-sheet";
  sheet.setAttribute("aria-labelledby", "shortcuts-title");
  const title = document.createElement("h2");
  title.id = "shortcuts-title";
  title.textContent = "اختصارات لوحة المفاتيح";
  const list = document.createElement("dl");
  for (const [key, meaning] of SHORTCUTS) {
    const dt = document.createElement("dt");
    const kbd = document.createElement("kbd");
    kbd.textContent = key;
    dt.append(kbd);
    const dd = document.createElement("dd");
    dd.textContent = meaning;
    list.append(dt, dd);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "button button--primary";
  close.textContent = "إغلاق";
  close.addEventListener("click", () => sheet.close());
  sheet.append(title, list, close);
  document.body.append(sheet);
  return sheet;
}

export function typing(target) {
  return Boolean(target?.closest?.("input, textarea, select, [contenteditable='true'], dialog"));
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  if (event.key === "?") {
    event.preventDefault();
    shortcutsSheet().showModal();
  } else if (event.key === "/") {
    const search = document.getElementById("site-search-q") || document.querySelector("input[type=search]");
    if (search) {
      event.preventDefault();
      search.focus();
    }
  }
});

// --- Copy-link buttons (hidden without JS, which has the plain permalink) --------
function revealCopyButtons(root = document) {
  if (!navigator.clipboard) return;
  for (const button of root.querySelectorAll("[data-copy-link][hidden]")) button.hidden = false;
}
revealCopyButtons();
document.addEventListener("htmx:load", (event) => revealCopyButtons(event.detail.elt));
document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-copy-link]");
  if (!button) return;
  const url = new URL(button.dataset.copyLink, location.href).href;
  navigator.clipboard.writeText(url).then(
    () => toast("نُسخ رابط الملاحظة."),
    () => toast("تعذّر النسخ؛ استعمل رابط الوقت في البطاقة."),
  );
});
