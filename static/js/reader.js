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
  const button = form.querySelector("button");
  const startInput = form.querySelector("input[name=start]");
  const endInput = form.querySelector("input[name=end]");

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
    // Pressing the button must not forget the selection it is about to send.
    if (!valid && form.contains(document.activeElement)) return;
    startInput.value = valid ? String(start) : "";
    endInput.value = valid ? String(end) : "";
    button.disabled = !valid;
  }

  document.addEventListener("selectionchange", update);
  text.addEventListener("mouseup", update);
  text.addEventListener("keyup", update);
})();
