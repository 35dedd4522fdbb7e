// The source reader: turns a selection in the text into character offsets of the stored text,
// so that the quote of an excerpt is cut from the source on the server, never retyped.
(function () {
  "use strict";
  const text = document.getElementById("reader-text");
  const form = document.getElementById("excerpt-from-selection");
  if (!text || !form) return;
  const button = form.querySelector("button");
  const startInput = form.querySelector("input[name=start]");
  const endInput = form.querySelector("input[name=end]");

  // The block (paragraph or heading) holding a DOM position, or null outside the text.
  function blockOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".block") : null;
  }

  // Offset in the stored text of a DOM position inside a block: the block's own start plus
  // the length of its text before the position.
  function offsetOf(node, offset) {
    const block = blockOf(node);
    if (!block || !text.contains(block)) return null;
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    return Number(block.dataset.start) + range.toString().length;
  }

  function update() {
    const selection = window.getSelection();
    let start = null;
    let end = null;
    if (selection && selection.rangeCount && !selection.isCollapsed) {
      const range = selection.getRangeAt(0);
      start = offsetOf(range.startContainer, range.startOffset);
      end = offsetOf(range.endContainer, range.endOffset);
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
