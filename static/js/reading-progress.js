// The reading page follows its job without reloading: it asks the job's status every second or
// two, updates the progress bar, and moves on to the preview once the text is read.
(function () {
  "use strict";
  // Words in the chosen language, from its catalogue (/language/words.js); English without it.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
  const fill = (text, words) => text.replace(/%\((\w+)\)s/g, (_, name) => words[name]);
  const section = document.querySelector(".reading-job[data-status-url]");
  if (!section) return;
  const url = section.dataset.statusUrl;
  const bar = document.getElementById("reading-progress");
  const failure = section.querySelector("[data-job-failure]");
  const retry = section.querySelector("[data-job-retry]");
  const field = (name) => section.querySelector(`[data-job-field="${name}"]`);
  let delay = 1000;

  function show(state) {
    field("status_label").textContent = state.status_label;
    bar.value = state.percent;
    bar.textContent = `${state.percent}%`;
    let pages = gettext("Reading");
    if (state.pages_total) {
      pages = fill(
        ngettext("%(done)s of %(counter)s page read", "%(done)s of %(counter)s pages read", state.pages_total),
        { done: state.pages_done, counter: state.pages_total },
      );
    } else if (state.status === "waiting") pages = gettext("Waiting for a worker to start");
    field("pages").textContent = pages;
    const failed = state.status === "failed";
    failure.hidden = !failed;
    field("message").textContent = state.message;
    retry.hidden = !(failed && state.can_retry);
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const state = await response.json();
        show(state);
        if (state.status === "done" && state.next) {
          window.location.assign(state.next);
          return;
        }
        if (state.status === "failed") return;
        delay = 1000;
      } else {
        delay = Math.min(delay * 2, 10000);
      }
    } catch (error) {
      delay = Math.min(delay * 2, 10000);
    }
    window.setTimeout(poll, delay);
  }

  if (section.dataset.status !== "failed") window.setTimeout(poll, 500);
})();
