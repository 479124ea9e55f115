"""The map of Sweden's counties: the outlines file, the SVG it draws, and the template tag."""

import csv
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation
from django.utils.html import strip_tags

from lms.stats.sweden_map import BORDER, SCALE, load_counties, render_map, step

SVG = "{http://www.w3.org/2000/svg}"
COUNTIES_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "reference" / "counties.csv"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture(scope="module")
def county_names():
    with COUNTIES_CSV.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def labels_for(values, county_names):
    return {
        code: f"{name}: "
        + ("ingen uppgift" if values.get(code) is None else f"{values[code] * 100:.0f} % nådda")
        for code, name in county_names.items()
    }


def links_for(county_names):
    return {code: f"/lan/{code}/?visa=karta&ar=2025" for code in county_names}


def draw(values, county_names, **overrides):
    arguments = {
        "labels": labels_for(values, county_names),
        "links": links_for(county_names),
        "title": "Kommuner nådda per län",
        "description": "Andelen kommuner i varje län där någon slutfört kursen.",
        "legend_title": "Andel kommuner nådda",
        **overrides,
    }
    return render_map(values, **arguments)


def counties(root):
    """The county elements of a parsed map, by their SCB code."""
    found = {}
    for element in root.iter():
        code = element.get("data-county")
        if code:
            assert code not in found, f"{code} drawn twice"
            found[code] = element
    return found


def fill_of(county):
    return county.find(f"{SVG}path").get("fill")


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_outlines_hold_each_county_of_the_reference_data_exactly_once(county_names):
    shapes = load_counties()

    assert len(shapes.counties) == 21
    assert list(shapes.codes) == sorted(county_names)
    assert {c.code: c.county_name for c in shapes.counties} == county_names
    assert len({c.package_id for c in shapes.counties}) == 21
    assert shapes.package == "@svg-maps/sweden"
    assert all(re.match(r"^[mM] ", c.d) for c in shapes.counties)
    assert load_counties() is shapes


def test_the_map_is_xml_with_one_shape_per_county_a_title_and_a_description(county_names):
    root = ET.fromstring(draw({"07": 0.63}, county_names))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == root.get("aria-labelledby")
    assert title.text == "Kommuner nådda per län"
    assert desc.get("id") == root.get("aria-describedby")
    assert desc.text == "Andelen kommuner i varje län där någon slutfört kursen."
    assert sorted(counties(root)) == sorted(county_names)


def test_each_county_links_to_its_page_and_is_named_by_its_label(county_names):
    values = {"07": 0.63, "25": None}
    root = ET.fromstring(draw(values, county_names))

    links = links_for(county_names)
    for code, county in counties(root).items():
        assert county.tag == f"{SVG}a"
        assert county.get("href") == links[code]
        assert county.find(f"{SVG}title").text == county.get("aria-label")
    kronoberg = counties(root)["07"]
    assert kronoberg.get("aria-label") == "Kronobergs län: 63 % nådda"
    assert counties(root)["25"].get("aria-label") == "Norrbottens län: ingen uppgift"


def test_a_county_without_a_link_or_label_is_still_named(county_names):
    links = links_for(county_names)
    del links["09"]
    labels = labels_for({}, county_names)
    del labels["09"], labels["10"]

    root = ET.fromstring(draw({"09": 0.5, "10": None}, county_names, links=links, labels=labels))

    gotland = counties(root)["09"]
    assert gotland.tag == f"{SVG}g"
    assert gotland.get("role") == "img"
    assert gotland.get("aria-label") == "Gotlands län: 50 %"
    assert counties(root)["10"].get("aria-label") == "Blekinge län: ingen uppgift"


@pytest.mark.parametrize(
    ("share", "colour"),
    [
        (0, SCALE[0]),
        (0.194, SCALE[0]),
        (0.195, SCALE[1]),  # 20 % once rounded, as the label says
        (0.2, SCALE[1]),
        (0.5, SCALE[2]),
        (0.79, SCALE[3]),
        (0.8, SCALE[4]),
        (1.0, SCALE[4]),
    ],
)
def test_a_county_is_filled_by_the_step_its_share_falls_in(county_names, share, colour):
    root = ET.fromstring(draw({"07": share}, county_names))

    assert fill_of(counties(root)["07"]) == colour


@pytest.mark.parametrize("values", [{"07": None}, {"07": math.nan}, {}])
def test_a_county_without_data_is_hatched_as_in_the_legend(county_names, values):
    root = ET.fromstring(draw(values, county_names))

    paint = fill_of(counties(root)["07"])
    pattern_id = re.fullmatch(r"url\(#(.+)\)", paint).group(1)
    assert root.find(f".//{SVG}pattern[@id='{pattern_id}']") is not None
    assert paint not in SCALE
    legend = root.find(f".//{SVG}g[@class='sweden-map__legend']")
    swatches = {rect.get("fill") for rect in legend.iter(f"{SVG}rect")}
    assert swatches == {*SCALE, paint}


def test_the_legend_gives_each_step_its_range_in_percent(county_names):
    root = ET.fromstring(draw({}, county_names))

    legend = root.find(f".//{SVG}g[@class='sweden-map__legend']")
    texts = [" ".join(text.itertext()) for text in legend.iter(f"{SVG}text")]
    assert texts == [
        "Andel kommuner nådda",
        "0–19 %",
        "20–39 %",
        "40–59 %",
        "60–79 %",
        "80–100 %",
        "ingen uppgift",
    ]


def test_all_text_is_escaped(county_names):
    labels = labels_for({}, county_names)
    labels["07"] = 'Kronoberg <&> "citat"'
    links = links_for(county_names)
    links["07"] = '/lan/07/?a=1&b="><script>'

    svg = draw(
        {},
        county_names,
        labels=labels,
        links=links,
        title="<script>alert(1)</script>",
        description="A & B",
        legend_title="<b>Andel</b>",
    )

    assert "<script" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    kronoberg = counties(root)["07"]
    assert kronoberg.get("aria-label") == 'Kronoberg <&> "citat"'
    assert kronoberg.find(f"{SVG}title").text == 'Kronoberg <&> "citat"'
    assert kronoberg.get("href") == '/lan/07/?a=1&b="><script>'
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert root.find(f"{SVG}desc").text == "A & B"


def test_the_map_has_no_javascript(county_names):
    svg = draw({"07": 0.5}, county_names)

    assert not ET.fromstring(svg).findall(f".//{SVG}script")
    assert not re.search(r"\son\w+=", svg)
    assert "javascript:" not in svg


@pytest.mark.parametrize(
    ("values", "overrides"),
    [
        ({"02": 0.5}, {}),
        ({"07": 1.5}, {}),
        ({"07": -0.1}, {}),
        ({}, {"links": {"07": "javascript:alert(1)"}}),
        ({}, {"labels": {"99": "Okänt län"}}),
    ],
)
def test_bad_input_is_refused(county_names, values, overrides):
    with pytest.raises(ValueError):
        draw(values, county_names, **overrides)


def test_the_darkest_step_keeps_three_to_one_against_white_and_the_borders():
    assert contrast(SCALE[-1], "#ffffff") >= 3
    assert contrast(SCALE[-1], BORDER) >= 3


def test_the_scale_darkens_step_by_step():
    luminances = [relative_luminance(colour) for colour in SCALE]

    assert luminances == sorted(luminances, reverse=True)
    assert len(set(luminances)) == len(SCALE)
    assert step(None) is None


def test_the_tag_draws_the_map_in_a_figure_crediting_its_source(county_names):
    template = Template(
        "{% load sweden_map_tags %}"
        "{% sweden_map values labels links title=title description=description "
        "legend_title=legend_title %}"
    )
    values = {"07": 0.63}

    html = template.render(
        Context(
            {
                "values": values,
                "labels": labels_for(values, county_names),
                "links": links_for(county_names),
                "title": "Kommuner nådda per län",
                "description": "Andelen kommuner per län.",
                "legend_title": "Andel kommuner nådda",
            }
        )
    )

    figure = ET.fromstring(html)
    assert figure.tag == "figure"
    assert figure.find(f"{SVG}svg") is not None
    caption = figure.find("figcaption")
    assert " ".join(strip_tags(ET.tostring(caption, encoding="unicode")).split()) == (
        "Kartan: @svg-maps/sweden av MapSVG, CC BY 4.0"
    )
    licence = caption.find("a[@rel='license']")
    assert licence.get("href") == LICENCE_URL
    assert licence.text == "CC BY 4.0"


def test_the_tag_needs_its_title_description_and_legend_title():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load sweden_map_tags %}{% sweden_map values labels links title='Karta' %}")
