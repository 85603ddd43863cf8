"""HTML markup left in a report's text, made harmless without moving any offset.

Feeds and pasted pages often carry tags (``<p>``, ``<br/>``) and character references
(``&amp;``, ``&#8217;``) in what should be plain text; read literally, ``&amp;`` became a word
and turned "killed 4 people &amp; wounded 2" into 5 deaths. ``neutralise`` gives the text the
stages read (``doc.clean_text``): each tag, comment, script or style block becomes spaces (a
block-level tag a line break, so paragraphs stay apart), and each reference the one character it
stands for followed by spaces. The result has the input's length, so every offset into it points
at the same place in the stored text, whose evidence then quotes the markup as it was.
"""

from __future__ import annotations

import html
import re

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})  # fmt: skip
_MARKUP = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>"  # a script or style block, its content too
    r"|<!--.*?-->"  # a comment
    r"|</?([A-Za-z][A-Za-z0-9-]{0,30})(?:\s[^<>]{0,2000})?/?>",  # a tag ("<10 dead" is none)
    re.IGNORECASE | re.DOTALL,
)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _blanked(s: str, line_break: bool) -> str:
    kept = ["\n" if c in "\r\n" else " " for c in s]
    if line_break and kept:
        kept[0] = "\n"
    return "".join(kept)


def neutralise(text: str) -> str:
    """``text`` with its HTML tags blanked and its character references resolved in place (see
    the module's doc); the same length, and the same text when it has no markup."""
    if "<" not in text and "&" not in text:
        return text

    def tag(m: re.Match[str]) -> str:
        name = (m.group(1) or m.group(2) or "").lower()
        return _blanked(m.group(0), name in _BLOCKS)

    def reference(m: re.Match[str]) -> str:
        ch = html.unescape(m.group(0))
        if len(ch) != 1 or ch == m.group(0):  # unknown, or more than one character
            return m.group(0)
        return ch + " " * (len(m.group(0)) - 1)

    return _REFERENCE.sub(reference, _MARKUP.sub(tag, text))
