"""Every block type renders what a participant needs to see, accessibly."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import ModulePageFactory

VIDEO_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def cached_embed(db):
    """The video's oEmbed answer, cached so that no test goes to the network."""
    return Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        max_width=None,
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/x" width="480"></iframe>',
        title="Video",
        thumbnail_url="",
        width=480,
        height=270,
    )


@pytest.fixture
def module_with_every_block(course_tree, cached_embed):
    image = Image.objects.create(title="Diagram", file=get_test_image_file(filename="diagram.png"))
    document = Document(title="Mall")
    document.file.save("mall.csv", ContentFile(b"Indikator;Basvarde\n"), save=False)
    document._set_document_file_metadata()
    document.save()
    body = [
        {"type": "heading", "value": {"text": "Avsnitt ett", "level": "h2"}},
        {"type": "heading", "value": {"text": "Underavsnitt", "level": "h3"}},
        {"type": "paragraph", "value": "<p>Löptext med <strong>fetstil</strong>.</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Ett stapeldiagram"},
                "caption": "Figur 1. Utvecklingen",
            },
        },
        {
            "type": "video",
            "value": {
                "video": VIDEO_URL,
                "title": "Intervju med en strateg",
                "transcript": "<p>Textversion.</p>",
            },
        },
        {
            "type": "fact_box",
            "value": {"title": "Generationsmålet", "text": "<p>Det övergripande målet.</p>"},
        },
        {
            "type": "case_example",
            "value": {
                "title": "Ett program som fick fäste",
                "setting": "En landsbygdskommun",
                "text": "<p>Så gick det till.</p>",
                "note": "Sammansatt exempel.",
            },
        },
        {
            "type": "reflection_question",
            "value": {"question": "Vem äger frågan hos er?", "guidance": "Tänk på mandat."},
        },
        {"type": "checklist", "value": {"title": "Att göra", "items": ["Boka möte", "Skriv PM"]}},
        {
            "type": "document",
            "value": {
                "document": document.pk,
                "title": "Ladda ner mallen",
                "description": "En mall.",
            },
        },
    ]
    return ModulePageFactory(parent=course_tree["course"], title="Alla block", body=body)


@pytest.mark.django_db
def test_every_block_type_renders(staff_client, module_with_every_block):
    response = staff_client.get(module_with_every_block.url)
    html = response.content.decode()
    assert response.status_code == 200
    for block in module_with_every_block.body:
        assert f'id="avsnitt-{block.id}"' in html or block.block_type != "heading"
    assert "<h2 id=" in html and ">Avsnitt ett</h2>" in html
    assert ">Underavsnitt</h3>" in html
    assert "<strong>fetstil</strong>" in html
    assert (
        'alt="Ett stapeldiagram"' in html
        and "<figcaption>Figur 1. Utvecklingen</figcaption>" in html
    )
    assert '<iframe title="Intervju med en strateg"' in html
    assert "Visa textversion av videon" in html
    assert "Generationsmålet" in html and "Fakta" in html
    assert "Ett program som fick fäste" in html and "En landsbygdskommun" in html
    assert "Vem äger frågan hos er?" in html and "Tänk på mandat." in html
    assert "<li>Boka möte</li>" in html and "<li>Skriv PM</li>" in html
    assert "Ladda ner mallen" in html and "(CSV," in html


@pytest.mark.django_db
def test_decorative_image_has_empty_alt(staff_client, course_tree):
    image = Image.objects.create(title="Mönster", file=get_test_image_file(filename="m.png"))
    body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": True, "alt_text": ""},
                "caption": "",
            },
        }
    ]
    page = ModulePageFactory(parent=course_tree["course"], body=body)
    html = staff_client.get(page.url).content.decode()
    assert 'alt=""' in html


@pytest.mark.django_db
def test_reflection_anchor_uses_the_stable_block_id(staff_client, course_tree):
    body = [{"type": "reflection_question", "value": {"question": "Varför?", "guidance": ""}}]
    page = ModulePageFactory(parent=course_tree["course"], body=body)
    block_id = page.body[0].id
    assert block_id
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.body[0].id == block_id
    assert f'id="reflektion-{block_id}"' in staff_client.get(page.url).content.decode()
