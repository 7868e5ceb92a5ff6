"""The five source documents as citations: the one place a document key ('gill2025') becomes its
author-date label ('Gill (2025)') and the anchor of its reference entry ('ref-gill2025').

Read from seeds/sources.yaml: `cite_as` is the name an author-date citation uses (the author's surname,
or the outlet or a short title when no author is named), the year comes from `date`, and a `date_note`
starting 'circa' marks an estimated year, cited 'c. 2018'. `link_documents` turns every key left in a
piece of HTML (in the text, never in tags) into a link to its entry, so that no bare key reaches a reader.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache

import yaml

from ..errors import WorkbookError
from .model import SOURCES_FILE


@dataclass(frozen=True)
class Document:
    """One source document of seeds/sources.yaml, with what a citation of it needs."""

    key: str
    title: str
    author: str
    cite_as: str
    outlet: str
    date: str
    year: str
    circa: bool
    kind: str
    url: str = ""

    @property
    def year_text(self) -> str:
        return f"c. {self.year}" if self.circa else self.year

    @property
    def label(self) -> str:
        """The narrative citation: 'Gill (2025)', 'Continuing Saga (c. 2018)'."""
        return f"{self.cite_as} ({self.year_text})"

    @property
    def parenthetical(self) -> str:
        """The citation inside brackets: 'Gill 2025', 'Continuing Saga c. 2018'."""
        return f"{self.cite_as} {self.year_text}"

    @property
    def anchor(self) -> str:
        return f"ref-{self.key}"


@cache
def documents() -> dict[str, Document]:
    """The source documents by key, in the order of seeds/sources.yaml."""
    out = {}
    for i, d in enumerate(yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))):
        missing = [f for f in ("id", "title", "author", "cite_as", "outlet", "date") if not d.get(f)]
        if missing:
            raise WorkbookError(f"seeds/sources.yaml entry {i + 1} ({d.get('id')!r}) lacks {', '.join(missing)}")
        date = str(d["date"])
        out[d["id"]] = Document(
            key=d["id"],
            title=d["title"],
            author=d["author"],
            cite_as=d["cite_as"],
            outlet=d["outlet"],
            date=date,
            year=date[:4],
            circa=str(d.get("date_note", "")).lower().startswith("circa"),
            kind=str(d.get("kind", "")),
            url=str(d.get("url", "")),
        )
    return out


def document(key: str) -> Document:
    """One source document; an unknown key is an error (the register checks its keys against the list)."""
    docs = documents()
    if key not in docs:
        raise WorkbookError(f"{key!r} is not a document of seeds/sources.yaml: {sorted(docs)}")
    return docs[key]


def cite_label(key: str) -> str:
    """A document key as its author-date label: 'gill2025' -> 'Gill (2025)'."""
    return document(key).label


def cite_html(key: str, *, parenthetical: bool = False) -> str:
    """A document key as a link to its reference entry, titled with the document's title."""
    d = document(key)
    text = d.parenthetical if parenthetical else d.label
    return f"<a class='cite' href='#{d.anchor}' title='{html.escape(d.title, quote=True)}'>{html.escape(text)}</a>"


_TAG = re.compile(r"(<[^>]*>)")


def link_documents(markup: str) -> str:
    """Every document key in the text of `markup` linked to its entry: '[gill2025]' and a bare 'gill2025'
    become 'Gill (2025)', '(gill2025)' becomes '(Gill 2025)'. Tags, scripts and styles are left alone."""
    keys = "|".join(re.escape(k) for k in documents())
    pattern = re.compile(rf"\[({keys})\]|\(({keys})\)|\b({keys})\b")

    def sub(m: re.Match[str]) -> str:
        if m.group(2):
            return f"({cite_html(m.group(2), parenthetical=True)})"
        return cite_html(m.group(1) or m.group(3))

    parts = _TAG.split(markup)
    skip = None
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            low = part[:8].lower()
            if skip is None and (low.startswith("<script") or low.startswith("<style")):
                skip = "</script" if low.startswith("<script") else "</style"
            elif skip and low.startswith(skip):
                skip = None
        elif not skip and part:
            parts[i] = pattern.sub(sub, part)
    return "".join(parts)
