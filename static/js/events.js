// The event form: show how the desk reads the date while the editor types it.
// Without this script the "Check the date" button does the same on the server.
(function () {
  "use strict";
  // Words in the chosen language, from its catalogue (/language/words.js); English without it.
  const gettext = window.gettext || ((text) => text);
  const field = document.querySelector(".date-field[data-understand-url]");
  if (!field) return;
  const input = field.querySelector("input");
  const output = field.querySelector("output.understood");
  if (!input || !output) return;
  let timer = null;
  let latest = 0;

  function show(message, isError) {
    output.textContent = "";
    output.classList.toggle("is-error", isError);
    if (!message) return;
    if (isError) {
      output.textContent = message;
      return;
    }
    output.append(gettext("Understood as:") + " ");
    const strong = document.createElement("strong");
    strong.textContent = message.shown;
    output.append(strong, " (EDTF ");
    const code = document.createElement("code");
    code.textContent = message.edtf;
    output.append(code, ")");
  }

  async function understand() {
    const text = input.value.trim();
    const asked = ++latest;
    if (!text) {
      show(null, false);
      return;
    }
    const url = new URL(field.dataset.understandUrl, window.location.href);
    url.searchParams.set("text", text);
    if (field.dataset.defaultYear) url.searchParams.set("year", field.dataset.defaultYear);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || asked !== latest) return;
      const answer = await response.json();
      if (asked !== latest) return;
      if (answer.ok) show(answer, false);
      else show(answer.error, true);
    } catch (error) {
      // Offline or signed out: the server says the same on "Check the date".
    }
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(understand, 300);
  });
  // This script runs once the page is parsed: a date typed before then (a quick hand, a slow
  // connection) changed no listener, so it is read now.
  if (input.value !== input.defaultValue) understand();
})();
