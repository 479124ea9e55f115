"""The network's pages: its start page below the home page and the county boards' guide."""

from wagtail.models import Page

from .models import GuidePage, NetworkIndexPage

INDEX_SLUG = "natverket"
GUIDES = [
    {
        "slug": "vagledning",
        "title": "Vägledning för lokalt arbete med miljömål och Agenda 2030",
        "year": 2020,
        "summary": (
            "<p>Länsstyrelsernas vägledning stödjer kommunerna i det lokala arbetet med de "
            "nationella miljömålen och Agenda 2030. Den är skriven för kommunernas miljö- och "
            "hållbarhetsstrateger och för dem som arbetar med miljöprogram och lokala "
            "indikatorer.</p>"
        ),
    },
    {
        "slug": "vagledning-kortversion",
        "title": "Vägledning för lokalt arbete med miljömål och Agenda 2030 – kortversion",
        "year": 2021,
        "summary": (
            "<p>Kortversionen sammanfattar länsstyrelsernas vägledning för lokalt arbete med "
            "miljömål och Agenda 2030, för den som vill komma i gång snabbt.</p>"
        ),
    },
]


def ensure_network_pages(home: Page) -> NetworkIndexPage:
    """Create the network's start page and the guide pages if missing; editors' pages stay."""
    index = NetworkIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = NetworkIndexPage(
            title="Nätverket",
            slug=INDEX_SLUG,
            intro=(
                "<p>Kommunernas nätverk för miljömål och Agenda 2030, med länsstyrelsernas "
                "vägledning och medlemmarnas egna erfarenhetsexempel.</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    for guide in GUIDES:
        if GuidePage.objects.child_of(index).filter(slug=guide["slug"]).exists():
            continue
        page = GuidePage(publisher="Länsstyrelserna", **guide)
        index.add_child(instance=page)
        page.save_revision().publish()
    return index
