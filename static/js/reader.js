// The source reader: turns a selection in the text into character offsets of the stored text,
// so that the quote of an excerpt is cut from the source on the server, never retyped; and opens
// an excerpt from its highlight in the text, by mouse or keyboard.
(function () {
  "use strict";
  const text = document.getElementById("reader-text");
  if (!text) return;

  // The block (paragraph or heading) holding a DOM position, or null outside the text.
  function blockOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".block") : null;
  }

  // Offset in the stored text of a DOM position inside a block: the block's own start plus
  // the length of its text before the position. Highlights inside a block hold only the text's
  // own characters, so they change nothing in this count.
  function offsetOf(node, offset, isEnd) {
    const block = blockOf(node);
    if (!block || !text.contains(block)) return edgeOffset(node, offset, isEnd);
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    return Number(block.dataset.start) + range.toString().length;
  }

  // A selection edge between blocks (a triple click ends at the next paragraph's number, say):
  // an end counts as the end of the block before it, a start as the start of the block after.
  function edgeOffset(node, offset, isEnd) {
    if (!text.contains(node)) return null;
    const point = document.createRange();
    point.setStart(node, offset);
    let found = null;
    for (const block of text.querySelectorAll(".block")) {
      const before = point.comparePoint(block, 0) < 0;
      if (isEnd && before) found = block;
      if (!isEnd && !before) {
        found = block;
        break;
      }
    }
    if (!found) return null;
    const start = Number(found.dataset.start);
    return isEnd ? start + found.textContent.length : start;
  }

  // Highlights open their excerpt: a click that is not the end of a selection, or Enter.
  function open(mark) {
    const href = mark && mark.dataset.href;
    if (href) window.location.assign(href);
  }

  text.addEventListener("click", function (event) {
    const mark = event.target.closest("mark.hl[data-href]");
    if (!mark || event.button !== 0) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    open(mark);
  });

  text.addEventListener("keydown", function (event) {
    const mark = event.target.closest && event.target.closest("mark.hl[data-href]");
    if (!mark) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open(mark);
    }
  });

  // A link to a place in the text by offset (#p-1234) scrolls to the block that holds it.
  const byOffset = /^#p-(\d+)$/.exec(window.location.hash);
  if (byOffset) {
    const wanted = Number(byOffset[1]);
    let found = null;
    text.querySelectorAll(".block").forEach(function (block) {
      if (Number(block.dataset.start) <= wanted) found = block;
    });
    if (found) {
      found.setAttribute("tabindex", "-1");
      found.scrollIntoView({ block: "center" });
      found.focus({ preventScroll: true });
    }
  }

  const form = document.getElementById("excerpt-from-selection");
  if (!form) return;
  const button = form.querySelector("button[type=submit]");
  const startInput = form.querySelector("input[name=start]");
  const endInput = form.querySelector("input[name=end]");
  const adjusters = form.querySelectorAll("button[data-adjust]");
  const shown = document.getElementById("chosen-passage");
  const quote = document.getElementById("chosen-in-reader");

  // The stored text around a selection, read from the blocks by offset: what lies between
  // two blocks is a line break of the stored text.
  function blocks() {
    return Array.from(text.querySelectorAll(".block")).map(function (block) {
      return { element: block, start: Number(block.dataset.start), text: block.textContent };
    });
  }

  function charAt(list, offset) {
    for (const block of list) {
      if (offset >= block.start && offset < block.start + block.text.length) {
        return block.text[offset - block.start];
      }
    }
    return "\n";
  }

  function textBetween(list, start, end) {
    const parts = [];
    for (const block of list) {
      const from = Math.max(start, block.start);
      const to = Math.min(end, block.start + block.text.length);
      if (from < to) parts.push(block.text.slice(from - block.start, to - block.start));
    }
    return parts.join("\n");
  }

  const isSpace = function (ch) {
    return /\s/.test(ch);
  };

  // The characters that end a word, written out as the server has them
  // (sources/anchoring/words.py SEPARATORS): the quote shown here must be the one it stores.
  const SEPARATORS = new Set(
    " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" +
      "\u200a\u200b\u2028\u2029\u202f\u205f\u3000" +
      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" +
      "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033\u2026" +
      "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00b7\u2022\u00a1\u00bf\u00a7\u00b6\u2020\u2021" +
      "\u3001\u3002\uff0c\uff01\uff1f\uff1b\uff1a\uff08\uff09\uff3b\uff3d\uff5b\uff5d" +
      "\u300c\u300d\u300e\u300f\u3008\u3009\u300a\u300b"
  );
  const isWordChar = function (ch) {
    return !SEPARATORS.has(ch);
  };

  // A word more or less at either end, as the excerpt form counts words
  // (sources.anchoring.adjust_by_words): runs of characters between spaces. The last word
  // stays. The server widens what it gets to whole words of the source again.
  function adjusted(list, start, end, edge, step) {
    const last = list.length ? list[list.length - 1] : null;
    const length = last ? last.start + last.text.length : 0;
    let i;
    if (edge === "start" && step > 0) {
      i = start;
      while (i > 0 && isSpace(charAt(list, i - 1))) i--;
      while (i > 0 && !isSpace(charAt(list, i - 1))) i--;
      return [i, end];
    }
    if (edge === "start") {
      i = start;
      while (i < end && isSpace(charAt(list, i))) i++;
      while (i < end && !isSpace(charAt(list, i))) i++;
      while (i < end && isSpace(charAt(list, i))) i++;
      return i < end ? [i, end] : [start, end];
    }
    if (step > 0) {
      i = end;
      while (i < length && isSpace(charAt(list, i))) i++;
      while (i < length && !isSpace(charAt(list, i))) i++;
      return [start, i];
    }
    i = end;
    while (i > start && isSpace(charAt(list, i - 1))) i--;
    while (i > start && !isSpace(charAt(list, i - 1))) i--;
    while (i > start && isSpace(charAt(list, i - 1))) i--;
    return i > start ? [start, i] : [start, end];
  }

  // The DOM position of an offset, inside the block that holds it (a start in the block it
  // begins, an end in the block it closes).
  function positionOf(list, offset, isEnd) {
    const block = list.find(function (b) {
      const end = b.start + b.text.length;
      return isEnd ? offset > b.start && offset <= end : offset >= b.start && offset < end;
    });
    if (!block) return null;
    let left = offset - block.start;
    const walker = document.createTreeWalker(block.element, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node) {
      const size = node.nodeValue.length;
      if (left < size || (isEnd && left === size)) return [node, left];
      left -= size;
      node = walker.nextNode();
    }
    return null;
  }

  function show(start, end) {
    const valid = start !== null && end !== null && end > start;
    startInput.value = valid ? String(start) : "";
    endInput.value = valid ? String(end) : "";
    button.disabled = !valid;
    adjusters.forEach(function (adjuster) {
      adjuster.disabled = !valid;
    });
    shown.hidden = !valid;
    quote.textContent = valid ? textBetween(blocks(), start, end) : "";
  }

  // The selection as the server will store it (sources.anchoring.snap_to_words): trimmed of
  // the spaces a selection picks up, then widened to whole words, so that a passage chosen
  // from the middle of a word shows, and sends, the whole word at once.
  function snapped(list, start, end) {
    const last = list.length ? list[list.length - 1] : null;
    const length = last ? last.start + last.text.length : 0;
    while (start < end && isSpace(charAt(list, start))) start++;
    while (end > start && isSpace(charAt(list, end - 1))) end--;
    const inside = function (offset) {
      return (
        offset > 0 &&
        offset < length &&
        isWordChar(charAt(list, offset - 1)) &&
        isWordChar(charAt(list, offset))
      );
    };
    while (start < end && inside(start)) start--;
    while (end > start && inside(end)) end++;
    return [start, end];
  }

  function update() {
    const selection = window.getSelection();
    let start = null;
    let end = null;
    if (selection && selection.rangeCount && !selection.isCollapsed) {
      const range = selection.getRangeAt(0);
      start = offsetOf(range.startContainer, range.startOffset, false);
      end = offsetOf(range.endContainer, range.endOffset, true);
    }
    const valid = start !== null && end !== null && end > start;
    // Pressing a button must not forget the selection it is about to send or adjust.
    if (!valid && form.contains(document.activeElement)) return;
    if (valid) [start, end] = snapped(blocks(), start, end);
    show(valid ? start : null, valid ? end : null);
  }

  // Adjusting moves the selection itself, so the passage stays marked in its paragraph.
  adjusters.forEach(function (adjuster) {
    adjuster.addEventListener("click", function () {
      if (!startInput.value || !endInput.value) return;
      const list = blocks();
      const [edge, direction] = adjuster.dataset.adjust.split("-");
      const step = direction === "more" ? 1 : -1;
      const [start, end] = adjusted(
        list,
        Number(startInput.value),
        Number(endInput.value),
        edge,
        step
      );
      show(start, end);
      const from = positionOf(list, start, false);
      const to = positionOf(list, end, true);
      const selection = window.getSelection();
      if (from && to && selection) selection.setBaseAndExtent(from[0], from[1], to[0], to[1]);
    });
  });

  // Once a passage is chosen (the mouse let go, the key lifted), its panel must be in sight:
  // in a sidebar taller than the screen it can sit below the fold. Only then, never while the
  // selection is still being drawn, and only as far as needed.
  const panel = form.closest(".selection-action") || form;
  function bringPanelIntoView() {
    if (!startInput.value) return;
    const box = panel.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) return;
    panel.scrollIntoView({ block: "nearest" });
  }

  function chosen() {
    update();
    bringPanelIntoView();
  }

  document.addEventListener("selectionchange", update);
  text.addEventListener("mouseup", chosen);
  text.addEventListener("keyup", chosen);
})();
