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
