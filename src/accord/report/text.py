"""User text in rich output: always data, never markup.

Titles, labels, ids and file names come from the user's file.  Given to rich as
a plain ``str``, ``[bold]`` would be read as markup (and vanish) and ``:100:``
as an emoji code; wrapped in a :class:`~rich.text.Text` they are printed as
written, on any console (the CLI's, or a notebook's).

>>> from rich.console import Console
>>> c = Console(width=40, color_system=None)
>>> with c.capture() as cap:
...     c.print(plain("[bold]x :100: [/]"))
>>> cap.get()
'[bold]x :100: [/]\\n'
"""

from __future__ import annotations

from rich.text import Text

__all__ = ["plain", "title"]


def plain(text: object, style: str = "") -> Text:
    """``text`` as printed verbatim (no markup, no emoji codes)."""
    return Text(str(text), style=style)


def title(text: str) -> Text:
    """A table title from user text, in rich's title style."""
    return Text(text, style="table.title")
