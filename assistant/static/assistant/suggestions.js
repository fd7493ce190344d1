// Keyboard review of suggestions: j/k move, a accepts, r rejects the current one.
// Without JavaScript every suggestion keeps its own accept and reject buttons.
const items = () => [...document.querySelectorAll("[data-suggestion]")];
let current = -1;

function select(index) {
  const list = items();
  if (!list.length) return;
  current = Math.max(0, Math.min(index, list.length - 1));
  list.forEach((item, i) => item.classList.toggle("is-current", i === current));
  list[current].focus();
  list[current].scrollIntoView({ block: "nearest" });
}

function submit(action) {
  const item = items()[current];
  const form = item?.querySelector(`form[data-action="${action}"]`);
  if (form) form.requestSubmit();
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  const keys = { j: () => select(current + 1), k: () => select(current - 1), a: () => submit("accept"), r: () => submit("reject") };
  const act = keys[event.key];
  if (!act) return;
  event.preventDefault();
  if (current < 0) {
    // The first key selects the first suggestion; a and r never act unseen.
    select(0);
    return;
  }
  act();
});

// After a decision taken with htmx the button that took it is gone: keep the keyboard
// where it was, on the next suggestion's tag in the text (or the list's heading).
let decided = -1;
const tagButtons = () => [...document.querySelectorAll(".sg-tag__accept")];
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.target.closest?.("form[id^='sg-']");
  if (!form) return;
  const submitter = document.activeElement;
  const tags = tagButtons();
  decided = tags.indexOf(submitter?.closest(".sg-tag")?.querySelector(".sg-tag__accept"));
});
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.target.id !== "article-body") return;
  if (decided < 0) {
    // Decided from the list (a/r): the next one in the list becomes the current one.
    if (current >= 0 && items().length) select(current);
    else if (current >= 0) document.getElementById("article-suggestions-title")?.focus();
    return;
  }
  const tags = tagButtons();
  const next = tags[Math.min(decided, tags.length - 1)] || document.getElementById("article-suggestions-title");
  decided = -1;
  current = -1;
  next?.focus();
});
