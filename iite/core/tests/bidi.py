"""Scripts for browser tests that read the visual order of mixed-direction text.

EDGES gives, for an element, the x of its first and last visible characters (a range's
client rects, so the answer is where the characters are drawn, not their order in the
source) and its computed direction; BOXES the first line box of each matching element.
"""

EDGES = """(selector) => {
  const el = document.querySelector(selector);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) { if (walker.currentNode.textContent.trim()) nodes.push(walker.currentNode); }
  const first = nodes[0], last = nodes[nodes.length - 1];
  const range = document.createRange();
  range.setStart(first, first.textContent.search(/\\S/)); range.setEnd(first, first.textContent.search(/\\S/) + 1);
  const a = range.getBoundingClientRect();
  const end = last.textContent.trimEnd().length;
  range.setStart(last, end - 1); range.setEnd(last, end);
  const b = range.getBoundingClientRect();
  return {first: a.left, last: b.left, direction: getComputedStyle(el).direction, text: el.textContent.trim()};
}"""

# The first line box of each element (a wrapped element's bounding box spans the lines).
BOXES = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const r = el.getClientRects()[0]; return {left: r.left, right: r.right, top: r.top, text: el.textContent};
})"""
