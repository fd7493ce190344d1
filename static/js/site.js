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
  control.hidden = false;
}

for (const control of document.querySelectorAll(".font-size-control")) {
  initFontSizeControl(control);
}
