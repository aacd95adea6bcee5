r"""The templates of the site: the Jinja environment, the shared header and the legends' swatches.

Every page is a template of ``templates/`` rendered with autoescaping on
(:func:`render_template`), so every label, description and quote is escaped; graph
data goes into pages as JSON safe inside ``<script>`` elements (``tojson``).

>>> render_template("site_macros.html") == ""
True
>>> str(environment().from_string("{{ x|tojson }}").render(x={"b": "<i>", "a": 1}))
'{"a":1,"b":"\\u003ci\\u003e"}'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import orjson
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from ijgraph.render.style import FALLBACK_STYLE, FAMILY_STYLES, Style

__all__ = ["TEMPLATES", "Nav", "environment", "render_template", "site_header", "swatch"]

TEMPLATES = resources.files("ijgraph") / "templates"


@dataclass(frozen=True)
class Nav:
    """Links every page shows: the themes and the extra pages (timeline, ontology...)."""

    themes: tuple[tuple[str, str, str], ...]  # (path, English title, Japanese title)
    extras: tuple[tuple[str, str, str], ...]
    sources: tuple[tuple[str, str, str], ...]  # the reader page of each source document
    max_overview_nodes: int


_HTML_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def _jsonsafe(text: str) -> Markup:
    """A JSON string made safe to sit inside a <script> element."""
    for raw, escaped in _HTML_UNSAFE:
        text = text.replace(raw, escaped)
    return Markup(text)


def _tojson(value: Any) -> Markup:
    """Jinja's ``tojson`` (sorted keys, compact, UTF-8, safe in HTML), made by orjson.

    The same text as Jinja's filter with the environment's ``json.dumps_kwargs``, about
    ten times faster: every graph page encodes its nodes and edges.
    """
    text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    for raw, escaped in (*_HTML_UNSAFE, ("'", "\\u0027")):
        text = text.replace(raw, escaped)
    return Markup(text)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's environment, with ``x.key`` on a dict looked up as the item first.

    Jinja tries ``getattr(x, "key")`` first, which on a dict raises (and catches) an
    AttributeError for every key that is not a dict method: about sixty per entity page,
    a tenth of its time. The result is the same: the attribute still wins for the names
    of dict methods (``items``, ``get``...).
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    """The Jinja environment of the pages: autoescaping, compact sorted JSON."""
    env = _Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the package's templates do not change while pages are made
    )
    env.policies["json.dumps_kwargs"] = {
        "sort_keys": True,
        "ensure_ascii": False,
        "separators": (",", ":"),
    }
    env.filters["jsonsafe"] = _jsonsafe
    env.filters["tojson"] = _tojson
    env.globals["swatch"] = swatch
    env.globals["site_header"] = site_header
    return env


@lru_cache(maxsize=16)
def site_header(nav: Nav, root: str) -> Markup:
    """The header of every page (navigation, search, language switch), made once per depth.

    Tens of thousands of entity pages share two headers (``root`` is ``""`` or
    ``"../"``): rendering it once saves most of the template time at scale.
    """
    html = environment().get_template("site_header.html").render(nav=nav, root=root)
    return Markup(html)


_SHAPES: dict[str, str] = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "square": '<rect x="2.5" y="2.5" width="11" height="11"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangle": '<polygon points="8,1.5 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14.5"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
}


def swatch(family: str) -> Markup:
    """A small SVG of a family's shape and colour, for legends (built from constants only)."""
    style: Style = FAMILY_STYLES.get(family, FALLBACK_STYLE)
    shape = _SHAPES.get(style.shape, _SHAPES["dot"])
    return Markup(
        f'<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
        f'fill="{style.colour}" stroke="{style.border}" stroke-width="1">{shape}</svg>'
    )


def render_template(template: str, **context: Any) -> str:
    """A page from one of the package's templates (autoescaped)."""
    return environment().get_template(template).render(**context)
