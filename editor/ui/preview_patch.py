"""Patching the preview's body in place: only the blocks that changed cross into the page.

Sending the whole article through runJavaScript costs the GUI thread 4-20 ms for a
40,000-word body (the string is copied and shipped on every render), long enough to delay
a keystroke past one frame. Most edits change one block, so the script carries just the
run of blocks between the unchanged start and end, plus the blocks' source lines when
lines were added or removed. Qt-free, so it is tested without a page.
"""

from __future__ import annotations

import json

from editor.ui.preview_render import BodyBlocks

# Applied only to the page state it was computed against: the body must still hold the
# expected number of blocks, or the script changes nothing and says so (a full update
# follows). Scroll position is kept.
_PATCH_JS = """(function (start, removed, html, lines, expected) {
  var body = document.querySelector('article .body');
  if (!body || body.children.length !== expected) { return false; }
  var y = window.scrollY;
  var kids = body.children;
  var before = start + removed < kids.length ? kids[start + removed] : null;
  for (var k = 0; k < removed; k++) { kids[start].remove(); }
  var template = document.createElement('template');
  template.innerHTML = html;
  body.insertBefore(template.content, before);
  if (lines !== null) {
    if (kids.length !== lines.length) { return false; }
    for (var i = 0; i < kids.length; i++) {
      if (kids[i].getAttribute('data-source-line') !== String(lines[i])) {
        kids[i].setAttribute('data-source-line', String(lines[i]));
      }
    }
  }
  window.scrollTo(0, y);
  return true;
})(%d, %d, %s, %s, %d)"""


def changed_run(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[int, int, int]:
    """(start, removed, inserted): old[start:start+removed] becomes new[start:start+inserted]."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, len(old) - start - end, len(new) - start - end


def patch_script(shown: BodyBlocks, new: BodyBlocks) -> str | None:
    """A script turning the shown body into `new`, or None if more than the body changed."""
    if shown.frame != new.frame:
        return None
    start, removed, inserted = changed_run(shown.blocks, new.blocks)
    html_run = "\n".join(
        _with_line(block, line)
        for block, line in zip(
            new.blocks[start : start + inserted], new.lines[start : start + inserted], strict=True
        )
    )
    lines = None if new.lines == shown.lines else json.dumps(new.lines)
    return _PATCH_JS % (start, removed, json.dumps(html_run), lines or "null", len(shown.blocks))


def _with_line(block: str, line: int) -> str:
    """The block's opening tag given its data-source-line back (after the tag name)."""
    name_end = next((n for n, char in enumerate(block) if n > 0 and not char.isalnum()), len(block))
    return f'{block[:name_end]} data-source-line="{line}"{block[name_end:]}'
