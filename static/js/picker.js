// Searchable pickers over the excerpt form's multi-selects (actors, events) and its topics field.
// Progressive enhancement: without this script the plain <select multiple> and text field work.
// The ARIA combobox pattern: a text box that filters a listbox; arrows move, Enter picks,
// Escape closes, Backspace in an empty box removes the last choice.
(function () {
  "use strict";
  // Words in the chosen language, from its catalogue (/language/words.js); English without it.
  const gettext = window.gettext || ((text) => text);
  const fill = (text, words) => text.replace(/%\((\w+)\)s/g, (_, name) => words[name]);
  let counter = 0;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function makePicker(host, items, opts) {
    // items: [{value, label, also}], opts: {label, isChosen(value), choose(value), unchoose(value),
    //        chosen(), newItem(text) -> {label, href} | null, addText(text) | undefined}
    counter += 1;
    const id = "picker-" + counter;
    const wrap = document.createElement("div");
    wrap.className = "picker";
    const chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", fill(gettext("%(what)s: chosen"), { what: opts.label }));
    const input = document.createElement("input");
    input.type = "text";
    input.id = id + "-input";
    input.className = "picker-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-label", fill(gettext("Search %(what)s"), { what: opts.label.toLowerCase() }));
    input.placeholder = fill(gettext("Type to search %(what)s…"), { what: opts.label.toLowerCase() });
    const list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", fill(gettext("Matching %(what)s"), { what: opts.label.toLowerCase() }));
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrap.append(chips, input, list, status);
    // Before the field it drives: the field itself stays, labelled and usable, below.
    host.before(wrap);

    let shown = [];
    let active = -1;

    function drawChips() {
      chips.textContent = "";
      opts.chosen().forEach(function (item) {
        const li = document.createElement("li");
        li.className = "tag picker-chip";
        li.append(item.label + " ");
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link picker-remove";
        remove.setAttribute("aria-label", fill(gettext("Remove %(name)s"), { name: item.label }));
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          opts.unchoose(item.value);
          drawChips();
          status.textContent = item.label + " removed.";
          input.focus();
        });
        li.append(remove);
        chips.append(li);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.classList.toggle("is-active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      const entry = shown[index];
      if (!entry) return;
      if (entry.href) {
        window.open(entry.href, "_blank", "noopener");
        status.textContent = gettext("The form for a new one opened in a new tab.");
        return;
      }
      if (entry.add) {
        opts.addText(entry.add);
        status.textContent = entry.add + " added.";
      } else if (opts.isChosen(entry.value)) {
        opts.unchoose(entry.value);
        status.textContent = entry.label + " removed.";
      } else {
        opts.choose(entry.value);
        status.textContent = entry.label + " chosen.";
      }
      input.value = "";
      drawChips();
      close();
    }

    function draw() {
      const text = input.value.trim();
      const wanted = fold(text);
      list.textContent = "";
      shown = items
        .filter(function (item) {
          return !wanted || fold(item.label + " " + (item.also || "")).includes(wanted);
        })
        .slice(0, 50);
      // Making a new one is never the first choice: it comes after every match, in so many
      // words, so that Enter takes the highlighted existing one ("sanc" picks "sanctions").
      const extra = text ? opts.newItem(text) : null;
      if (extra && !items.some(function (item) { return fold(item.label) === wanted; })) {
        shown.push(extra);
      }
      shown.forEach(function (entry, i) {
        const li = document.createElement("li");
        li.id = id + "-option-" + i;
        li.setAttribute("role", "option");
        li.className = "picker-option" + (entry.href || entry.add ? " picker-new" : "");
        const chosen = entry.value !== undefined && opts.isChosen(entry.value);
        li.setAttribute("aria-selected", chosen ? "true" : "false");
        li.textContent = entry.label;
        if (entry.also) {
          const also = document.createElement("span");
          also.className = "meta";
          also.textContent = " — also " + entry.also;
          li.append(also);
        }
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.append(li);
      });
      if (!shown.length) {
        const li = document.createElement("li");
        li.className = "empty";
        li.textContent = gettext("Nothing matches.");
        list.append(li);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(shown.length ? 0 : -1);
      status.textContent = shown.length + (shown.length === 1 ? " match." : " matches.");
    }

    input.addEventListener("input", draw);
    input.addEventListener("focus", draw);
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) draw();
        else setActive(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          pick(active);
        }
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && !input.value) {
        const last = opts.chosen().pop();
        if (last) {
          opts.unchoose(last.value);
          drawChips();
          status.textContent = last.label + " removed.";
        }
      }
    });
    drawChips();
    return { redraw: drawChips };
  }

  // Actors and events: the select stays in the form, hidden; the picker sets its options.
  document.querySelectorAll("select[multiple][data-picker]").forEach(function (select) {
    const label = select.dataset.picker;
    const items = Array.from(select.options).map(function (option) {
      return { value: option.value, label: option.textContent.trim(), also: option.dataset.also || "" };
    });
    function option(value) {
      return Array.from(select.options).find(function (o) { return o.value === value; });
    }
    // Kept in sight and in step: choosing in the picker selects in the list, and the other way.
    select.size = Math.min(select.size || 6, 4);
    const picker = makePicker(select, items, {
      label: label,
      isChosen: function (value) { return option(value).selected; },
      choose: function (value) { option(value).selected = true; },
      unchoose: function (value) { option(value).selected = false; },
      chosen: function () {
        return items.filter(function (item) { return option(item.value).selected; });
      },
      newItem: function (text) {
        if (!select.dataset.newUrl) return null;
        return {
          label: fill(gettext("New %(kind)s “%(text)s”… (opens in a new tab)"), {
            kind: select.dataset.newWord,
            text: text,
          }),
          href: select.dataset.newUrl + "?" + select.dataset.newField + "=" + encodeURIComponent(text),
        };
      },
    });
    select.addEventListener("change", picker.redraw);
  });

  // Topics: a comma-separated text field; a new name is made on save.
  document.querySelectorAll("input[data-picker-topics]").forEach(function (field) {
    const known = document.getElementById(field.getAttribute("list"));
    // The picker is now the one list of topics to choose from: the browser's own suggestions
    // under the field would offer a second, where Enter keeps half a typed name as a new topic.
    field.removeAttribute("list");
    const items = known
      ? Array.from(known.options).map(function (o) { return { value: o.value, label: o.value }; })
      : [];
    function names() {
      return field.value.split(",").map(function (n) { return n.trim(); }).filter(Boolean);
    }
    function setNames(list) { field.value = list.join(", "); }
    makePicker(field, items, {
      label: gettext("Topics"),
      isChosen: function (value) {
        return names().some(function (n) { return fold(n) === fold(value); });
      },
      choose: function (value) { setNames(names().concat([value])); },
      unchoose: function (value) {
        setNames(names().filter(function (n) { return fold(n) !== fold(value); }));
      },
      // The text field below shows the chosen topics; no second list of them.
      chosen: function () { return []; },
      newItem: function (text) {
        const name = text.replace(/,/g, " ").trim();
        return name
          ? { label: fill(gettext("Add new topic “%(name)s”"), { name: name }), add: name }
          : null;
      },
      addText: function (text) { setNames(names().concat([text])); },
    });
  });
})();
