// The source form's Authors box: as the editor types, the list below it shows how the desk reads
// each line (person, family and given names, organisation), asked of the desk itself so that
// the page and the saved source never disagree.
(function () {
  "use strict";
  const box = document.querySelector("textarea[data-reading-url]");
  const shown = document.querySelector("[data-authors-read]");
  if (!box || !shown) return;
  const list = shown.querySelector("ol");
  let timer = null;
  let asked = 0;

  async function read() {
    const number = ++asked;
    const url = `${box.dataset.readingUrl}?${new URLSearchParams({ text: box.value })}`;
    let answer;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      answer = await response.json();
    } catch {
      return; // Offline or refused: the list stays as it was; saving still reads the lines.
    }
    if (number !== asked) return; // a later question was asked: its answer wins
    list.replaceChildren(
      ...answer.authors.map((author) => {
        const item = document.createElement("li");
        item.textContent = `${author.name} — ${author.reading}`;
        return item;
      }),
    );
    shown.hidden = answer.authors.length === 0;
  }

  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(read, 300);
  });
})();
