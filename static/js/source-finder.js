// "Which source is this from?" on the new-excerpt form: once the editor has pasted a quote, the
// desk is asked which sources hold it (desk/views/making.py, excerpt_new_sources), and those are
// offered first, as buttons and at the top of the source menu. Without script the menu lists
// every source, as before. Typing asks at most once a second; a paste asks at once.
(function () {
  "use strict";
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  const finder = document.getElementById("source-finder");
  if (!finder) return;
  const quote = document.getElementById(finder.dataset.quote);
  const menu = document.getElementById(finder.dataset.source);
  const status = finder.querySelector("[data-finder-status]");
  const list = finder.querySelector("[data-finder-list]");
  if (!quote || !menu) return;
  const everyOption = Array.from(menu.options).filter((option) => option.value);
  let asked = "";
  let waiting = null;
  let pending = null;

  function choose(id, title) {
    menu.value = String(id);
    status.textContent = fill(gettext("Chosen: %(title)s."), { title: title });
  }

  // The sources holding the quote go first, in a group of their own; the rest follow.
  function reorder(found) {
    menu.querySelectorAll("optgroup").forEach((group) => group.remove());
    const ids = new Set(found.map((source) => String(source.id)));
    if (!found.length) {
      everyOption.forEach((option) => menu.appendChild(option));
      return;
    }
    const first = document.createElement("optgroup");
    first.label = gettext("Sources with this quote");
    const rest = document.createElement("optgroup");
    rest.label = gettext("Every other source");
    found.forEach((source) => {
      const option = everyOption.find((o) => o.value === String(source.id));
      if (option) first.appendChild(option);
    });
    everyOption.filter((o) => !ids.has(o.value)).forEach((option) => rest.appendChild(option));
    menu.appendChild(first);
    menu.appendChild(rest);
  }

  function show(found) {
    list.replaceChildren();
    reorder(found);
    finder.hidden = false;
    if (!found.length) {
      status.textContent = gettext(
        "No source in the library holds these words in this order: choose the source from the list."
      );
      return;
    }
    found.forEach((source) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = source.outlet ? source.title + " — " + source.outlet : source.title;
      button.addEventListener("click", () => choose(source.id, source.title));
      item.appendChild(button);
      list.appendChild(item);
    });
    if (found.length === 1 && !menu.value) {
      choose(found[0].id, found[0].title);
      return;
    }
    status.textContent = fill(
      ngettext(
        "%(count)s source holds this quote: choose it below or from the list.",
        "%(count)s sources hold this quote: choose one below or from the list.",
        found.length
      ),
      { count: found.length }
    );
  }

  function ask() {
    const text = quote.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.split(/\s+/).length < 3) {
      finder.hidden = true;
      reorder([]);
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    status.textContent = gettext("Looking for the quote in the library…");
    finder.hidden = false;
    const url = finder.dataset.url + "?" + new URLSearchParams({ quote: text });
    fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body: body })))
      .then(({ ok, body }) => {
        if (!ok) {
          list.replaceChildren();
          status.textContent = body.error || gettext("The desk could not look for the quote.");
          return;
        }
        show(body.sources);
      })
      .catch((error) => {
        if (error.name !== "AbortError") {
          status.textContent = gettext("The desk could not look for the quote.");
        }
      });
  }

  quote.addEventListener("paste", () => setTimeout(ask, 0));
  quote.addEventListener("input", () => {
    clearTimeout(waiting);
    waiting = setTimeout(ask, 1000);
  });
  if (quote.value.trim()) ask();
})();
