"""A map of Sweden's 21 counties as server-rendered SVG, each county shaded by a share and linked.

Pure: shares, labels and links keyed by SCB county code in, SVG markup out; no ORM, no
JavaScript and no inline style in the result (the page's Content-Security-Policy allows neither):
the map's rules are in the static file `lms/sweden-map.css`, which a page showing it must link.
The outlines come from `fixtures/maps/sweden-counties.json` (made from
the npm package @svg-maps/sweden, CC BY 4.0; see `fixtures/maps/README.md`).

Every county is a link whose accessible name is its label ("Kronobergs län: 63 % av kommunerna
nådda"), so the map's information is in words as well as in colour (WCAG 1.1.1, 1.4.1). The
fills are one hue from light to dark, which colour-blind readers can order by lightness; the
darkest fill keeps 3:1 against the white page and against the dark borders (WCAG 1.4.11).
"""

import hashlib
import json
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

SHAPES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "maps" / "sweden-counties.json"

# ColorBrewer "Blues", lightest to darkest; CIELAB lightness 92, 79, 68, 58, 46. The darkest is
# 5.1:1 against white and 3.4:1 against BORDER, so every county's edge stays visible.
SCALE = ("#deebf7", "#9ecae1", "#6baed6", "#4292c6", "#2171b5")
BORDER = "#1b1b1b"
NO_DATA_BACKGROUND = "#f0f0f0"
NO_DATA_HATCH = "#595959"
STEP_PERCENT = 100 // len(SCALE)

# Empty sea and Norway in the package's 346 x 793 viewBox: the readout of the county under the
# pointer or keyboard focus goes top left, the legend right of the Gulf of Bothnia, on a canvas
# widened to the right so that the legend's words fit, with a margin for the focus halo.
EXTRA_WIDTH, MARGIN = 34, 6
READOUT_X, READOUT_Y, READOUT_CHARS = 6, 18, 15
LEGEND_X, LEGEND_Y, LEGEND_CHARS = 228, 400, 15
FONT_SIZE, LINE_HEIGHT, ROW_HEIGHT, SWATCH = 14, 17, 22, 15


@dataclass(frozen=True)
class CountyShape:
    """One county's outline: SCB code, our name, the package's id and name, SVG path data."""

    code: str
    county_name: str
    package_id: str
    package_name: str
    d: str


@dataclass(frozen=True)
class CountyShapes:
    """The 21 outlines in SCB code order, with the viewBox they are drawn in and their source."""

    view_box: str
    counties: tuple[CountyShape, ...]
    package: str
    version: str
    licence_url: str

    @property
    def codes(self) -> tuple[str, ...]:
        """The SCB county codes, in order."""
        return tuple(county.code for county in self.counties)


@cache
def load_counties() -> CountyShapes:
    """The county outlines, read from the JSON file once per process."""
    data = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    return CountyShapes(
        view_box=data["viewBox"],
        counties=tuple(
            CountyShape(
                code=county["code"],
                county_name=county["county_name"],
                package_id=county["id"],
                package_name=county["name"],
                d=county["d"],
            )
            for county in data["counties"]
        ),
        package=data["source"]["package"],
        version=data["source"]["version"],
        licence_url=data["source"]["licence_url"],
    )


def percent(share: float) -> int:
    """A share (0..1) as a whole percentage, rounded half up; the legend's steps use the same."""
    return math.floor(share * 100 + 0.5)


def step(share: float | None) -> int | None:
    """Which of the five colour steps a share falls in (0..4), or None for no data."""
    if share is None or math.isnan(share):
        return None
    if not 0 <= share <= 1:
        raise ValueError(f"A share must be between 0 and 1, not {share!r}.")
    return min(percent(share) // STEP_PERCENT, len(SCALE) - 1)


def fill(share: float | None, *, no_data: str) -> str:
    """The fill for a share: a colour of the scale, or the no-data hatch paint."""
    index = step(share)
    return no_data if index is None else SCALE[index]


def legend_steps() -> list[tuple[str, str]]:
    """The legend's colours and their ranges in whole percent: ("#deebf7", "0–19 %"), ..."""
    steps = []
    for index, colour in enumerate(SCALE):
        low = index * STEP_PERCENT
        high = 100 if index == len(SCALE) - 1 else low + STEP_PERCENT - 1
        steps.append((colour, _("%(low)s–%(high)s %%") % {"low": low, "high": high}))
    return steps


def render_map(
    values: Mapping[str, float | None],
    *,
    labels: Mapping[str, str],
    links: Mapping[str, str],
    title: str,
    description: str,
    legend_title: str,
) -> SafeString:
    """The SVG map: each county shaded by its share (None or NaN: no data) and linked.

    All three mappings are keyed by SCB county code. A county left out of `values` has no data;
    one left out of `labels` is named by its county name and share; one left out of `links` is
    drawn without a link. A code that is not one of the 21 counties is an error.
    """
    shapes = load_counties()
    for name, mapping in (("values", values), ("labels", labels), ("links", links)):
        unknown = sorted(set(mapping) - set(shapes.codes))
        if unknown:
            raise ValueError(f"Unknown county codes in {name}: {', '.join(unknown)}")
    for url in links.values():
        if urlsplit(url).scheme not in ("", "http", "https"):
            raise ValueError(f"A county link must be a web address, not {url!r}.")

    ident = (
        "sweden-map-"
        + hashlib.sha1(
            json.dumps(
                [sorted(values.items()), sorted(labels.items()), sorted(links.items()), title],
                default=str,
            ).encode()
        ).hexdigest()[:10]
    )
    no_data = f"url(#{ident}-no-data)"
    canvas = _canvas(shapes.view_box)
    x, y, width, height = canvas.split()

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sweden-map" role="group" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'viewBox="{canvas}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        "<defs>",
        f'<pattern id="{ident}-no-data" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{NO_DATA_BACKGROUND}"/>'
        f'<line x1="1.5" y1="0" x2="1.5" y2="6" stroke="{NO_DATA_HATCH}" stroke-width="1.5"/>'
        "</pattern>",
        "</defs>",
        # The sea is white on any page, so the contrasts above hold on a dark theme too.
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for county in shapes.counties:
        share = values.get(county.code)
        label = labels.get(county.code) or _default_label(county.county_name, share)
        path = f'<path d="{escape(county.d)}" fill="{fill(share, no_data=no_data)}"/>'
        name = escape(label)
        if county.code in links:
            parts.append(
                f'<a class="sweden-map__county" href="{escape(links[county.code])}" '
                f'aria-label="{name}" data-county="{county.code}">'
                f"<title>{name}</title>{path}</a>"
            )
        else:
            parts.append(
                f'<g class="sweden-map__county" role="img" aria-label="{name}" '
                f'data-county="{county.code}"><title>{name}</title>{path}</g>'
            )
        parts.append(_lines(label, READOUT_X, READOUT_Y, READOUT_CHARS, "sweden-map__readout"))
    parts.append(_legend(legend_title, no_data))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _canvas(view_box: str) -> str:
    """The package's viewBox with room for the legend and the focus halo."""
    min_x, min_y, width, height = (float(number) for number in view_box.split())
    return (
        f"{min_x - MARGIN:g} {min_y - MARGIN:g} "
        f"{width + EXTRA_WIDTH + 2 * MARGIN:g} {height + 2 * MARGIN:g}"
    )


def _default_label(county_name: str, share: float | None) -> str:
    if step(share) is None:
        return _("%(county)s: ingen uppgift") % {"county": county_name}
    return _("%(county)s: %(percent)s %%") % {"county": county_name, "percent": percent(share)}


def _lines(
    text: str, x: float, y: float, width: int, css_class: str, *, hidden: bool = True
) -> str:
    """Text wrapped at about `width` characters into lines starting at (x, y)."""
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if index == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for index, line in enumerate(textwrap.wrap(text, width, break_long_words=False) or [""])
    )
    aria = ' aria-hidden="true"' if hidden else ""
    return f'<text class="{css_class}" x="{x}" y="{y}"{aria}>{spans}</text>'


def _legend(legend_title: str, no_data: str) -> str:
    """The legend: its title, the five steps with their ranges, and the no-data hatch."""
    title_lines = len(textwrap.wrap(legend_title, LEGEND_CHARS, break_long_words=False)) or 1
    parts = [
        '<g class="sweden-map__legend">',
        _lines(
            legend_title, LEGEND_X, LEGEND_Y, LEGEND_CHARS, "sweden-map__legend-title", hidden=False
        ),
    ]
    rows = [*legend_steps(), (no_data, _("ingen uppgift"))]
    top = LEGEND_Y + (title_lines - 1) * LINE_HEIGHT + 10
    for index, (paint, text) in enumerate(rows):
        y = top + index * ROW_HEIGHT
        parts.append(
            f'<rect x="{LEGEND_X}" y="{y}" width="{SWATCH}" height="{SWATCH}" fill="{paint}" '
            f'stroke="{BORDER}" stroke-width="1"/>'
            f'<text x="{LEGEND_X + SWATCH + 7}" y="{y + SWATCH - 3}">{escape(text)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
