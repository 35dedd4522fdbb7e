// In the reader, a highlight opens a small card about its excerpt (status, annotation, a link)
// instead of leaving the page. Without this script the highlight opens the excerpt's page.
(function () {
  "use strict";
  // Words in the chosen language, from its catalogue (/language/words.js); English without it.
  const gettext = window.gettext || ((text) => text);
  const fill = (text, words) => text.replace(/%\((\w+)\)s/g, (_, name) => words[name]);
  const text = document.getElementById("reader-text");
  if (!text) return;
  let card = null;
  let opener = null;

  function close() {
    if (!card) return;
    card.remove();
    card = null;
    if (opener) opener.focus();
    opener = null;
  }

  function line(tag, className, content) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }

  function show(mark, data) {
    close();
    opener = mark;
    card = document.createElement("div");
    card.className = "excerpt-card";
    card.setAttribute("role", "dialog");
    const title = fill(gettext("Excerpt %(number)s"), { number: data.pk });
    card.setAttribute("aria-label", title);
    const heading = line("p", "excerpt-card-title", title + " ");
    heading.append(line("span", "status status-" + data.status, data.status_label));
    card.append(heading);
    if (data.annotation) card.append(line("p", "excerpt-card-annotation", data.annotation));
    const actions = document.createElement("p");
    actions.className = "excerpt-card-actions";
    const link = line("a", "", gettext("Open the excerpt"));
    link.href = data.url;
    const shut = line("button", "secondary", gettext("Close"));
    shut.type = "button";
    shut.addEventListener("click", close);
    actions.append(link, " ", shut);
    card.append(actions);
    card.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
    const box = mark.getBoundingClientRect();
    card.style.top = window.scrollY + box.bottom + 6 + "px";
    card.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.innerWidth - 340)) + "px";
    document.body.append(card);
    link.focus();
  }

  function open(mark, event) {
    const href = mark.dataset.href;
    const match = /\/excerpts\/(\d+)\//.exec(href || "");
    if (!match) return;
    event.preventDefault();
    event.stopPropagation();
    fetch(href + "card/", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) { show(mark, data); })
      .catch(function () { window.location.assign(href); });
  }

  // Capture: the card answers before the reader's own handler would navigate away.
  document.addEventListener("click", function (event) {
    const mark = event.target.closest && event.target.closest("#reader-text mark.hl[data-href]");
    if (!mark) {
      if (card && !card.contains(event.target)) close();
      return;
    }
    if (event.button !== 0) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    open(mark, event);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); return; }
    const mark = event.target.closest && event.target.closest("#reader-text mark.hl[data-href]");
    if (mark && (event.key === "Enter" || event.key === " ")) open(mark, event);
  }, true);
})();
