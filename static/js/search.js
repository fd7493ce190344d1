// Search page enhancement. htmx restores the results of an earlier query from its
// history cache on Back/Forward, but not what the search box and filters show;
// put them back from the URL so the form always describes the results under it.
// The form is looked up each time: a history restore replaces the whole body.
function syncFormWithUrl() {
  const form = document.querySelector("form.search-form");
  if (!form) return;
  const params = new URL(window.location.href).searchParams;
  for (const field of form.elements) {
    if (!field.name || field.type === "submit") continue;
    field.value = params.get(field.name) ?? "";
    // A select without an option for the value (tab=""): back to its default.
    if (field instanceof HTMLSelectElement && field.selectedIndex === -1) field.selectedIndex = 0;
  }
}

document.addEventListener("htmx:historyRestore", syncFormWithUrl);
