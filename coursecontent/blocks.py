"""StreamField blocks for the course modules."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

INLINE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the page title is the only h1."""

    text = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Nivå"),
        choices=[("h2", _("Rubrik (h2)")), ("h3", _("Underrubrik (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "coursecontent/blocks/heading_block.html"
        description = _("En rubrik som delar in modulen i avsnitt.")
        preview_value = {"text": "Varför förändring tar tid", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with lists and links."""

    def __init__(self, **kwargs):
        super().__init__(features=INLINE_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "coursecontent/blocks/paragraph_block.html"
        description = _("Löptext med listor och länkar.")
        preview_value = "<p>Förändring i en kommun sker i många led samtidigt.</p>"


class FigureBlock(blocks.StructBlock):
    """An image with alt text (or marked decorative) and an optional caption."""

    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "coursecontent/blocks/figure_block.html"
        description = _("En bild med alternativtext och bildtext.")


class VideoBlock(blocks.StructBlock):
    """An embedded video with a title for screen readers and an optional transcript."""

    video = EmbedBlock(label=_("Videolänk"), help_text=_("Till exempel en länk till YouTube."))
    title = blocks.CharBlock(label=_("Videons titel"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Textversion"), features=INLINE_FEATURES, required=False
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "coursecontent/blocks/video_block.html"
        description = _("En inbäddad video med titel och textversion.")


class FactBoxBlock(blocks.StructBlock):
    """A short fact or definition set apart from the text."""

    title = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Faktaruta")
        template = "coursecontent/blocks/fact_box_block.html"
        description = _("En kort fakta- eller definitionsruta.")
        preview_value = {
            "title": "Miljökvalitetsmålen",
            "text": "<p>Sverige har 16 miljökvalitetsmål och ett generationsmål.</p>",
        }


class CaseExampleBlock(blocks.StructBlock):
    """An example from municipal practice, with the kind of municipality it comes from."""

    title = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    setting = blocks.CharBlock(
        label=_("Kommun eller sammanhang"),
        max_length=300,
        help_text=_("Vilken sorts kommun exemplet kommer från."),
    )
    text = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES)
    note = blocks.CharBlock(label=_("Källa eller anmärkning"), max_length=300, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Exempel från en kommun")
        template = "coursecontent/blocks/case_example_block.html"
        description = _("Ett exempel från kommunal vardag.")
        preview_value = {
            "title": "Ett program som fastnade",
            "setting": "En mellanstor kommun",
            "text": "<p>Programmet antogs men fick ingen budget.</p>",
            "note": "",
        }


class ReflectionQuestionBlock(blocks.StructBlock):
    """A question for the participant to think over; the block's id identifies the answer."""

    # Holds the reader's own answer and form, so it is rendered for each request and never
    # kept among the body's cached fragments (see fragments.py).
    per_reader = True

    question = blocks.CharBlock(label=_("Fråga"), max_length=500)
    guidance = blocks.TextBlock(label=_("Stöd för reflektionen"), required=False)

    class Meta:
        icon = "help"
        label = _("Reflektionsfråga")
        template = "coursecontent/blocks/reflection_question_block.html"
        description = _("En fråga som deltagaren reflekterar över.")
        preview_value = {"question": "Vem behöver vara med för att förändringen ska hålla?"}


class ChecklistBlock(blocks.StructBlock):
    """A list of concrete checks to take back to one's own work."""

    title = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt"), max_length=300), label=_("Punkter"))

    class Meta:
        icon = "tasks"
        label = _("Checklista")
        template = "coursecontent/blocks/checklist_block.html"
        description = _("Konkreta punkter att ta med sig.")
        preview_value = {"title": "Inför nästa steg", "items": ["Bjud in kommundirektören"]}


class DownloadBlock(blocks.StructBlock):
    """A document to download, such as a template."""

    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(label=_("Länktext"), max_length=200)
    description = blocks.TextBlock(label=_("Beskrivning"), required=False)

    class Meta:
        icon = "download"
        label = _("Dokument att ladda ner")
        template = "coursecontent/blocks/download_block.html"
        description = _("En fil som deltagaren kan ladda ner, till exempel en mall.")


class ModuleBodyBlock(blocks.StreamBlock):
    """Everything a module's body can hold."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    video = VideoBlock()
    fact_box = FactBoxBlock()
    case_example = CaseExampleBlock()
    reflection_question = ReflectionQuestionBlock()
    checklist = ChecklistBlock()
    document = DownloadBlock()


class LearningObjectivesBlock(blocks.StreamBlock):
    """The module's learning objectives, one sentence each."""

    objective = blocks.CharBlock(label=_("Lärandemål"), max_length=300)

    class Meta:
        icon = "list-ul"
