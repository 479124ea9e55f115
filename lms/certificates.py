"""Course certificates: the facts a certificate states, and the certificate as an A4 PDF."""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Frame, KeepInFrame, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.flowables import HRFlowable

from scheduling.models import Enrolment, EnrolmentStatus

from .models import Completion

SWEDISH_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
ISSUER = "Länsstyrelserna"  # the county boards jointly: the platform's name for itself
ACCENT = HexColor("#005a46")  # the site's accent colour
MUTED = HexColor("#4a4a4a")

# DejaVu Sans (Debian's fonts-dejavu-core) covers every Latin letter in people's names: Polish,
# Czech, Turkish and the rest. Where it is missing, Bitstream Vera, which ships with reportlab and
# which DejaVu extends (same letterforms), still covers Swedish and Latin-1 but not ą, ę, ś, ř...
# Either is embedded, unlike the standard Helvetica, whose encoding stops at Latin-1.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_VERA = Path(reportlab.__file__).parent / "fonts"
FONT_FILES = (
    (_DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf")
    if (_DEJAVU / "DejaVuSans-Bold.ttf").exists()
    else (_VERA / "Vera.ttf", _VERA / "VeraBd.ttf")
)
FONT, FONT_BOLD = "CertificateSans", "CertificateSans-Bold"
if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILES[0]))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, FONT_FILES[1]))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


@dataclass(frozen=True)
class CertificateData:
    """Everything a certificate states, and where it can be checked."""

    participant_name: str
    course_title: str
    round_title: str
    county_board: str
    completed_on: date
    verification_code: str
    verify_url: str


def swedish_date(day: date) -> str:
    """A date as Swedish prose, e.g. "15 mars 2023"."""
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


def county_board_name(county_name: str | None) -> str:
    """The county administrative board of a county ("Kronobergs län"), or the boards jointly."""
    return f"Länsstyrelsen i {county_name}" if county_name else ISSUER


def certificate_queryset():
    """Completions with what a certificate needs from the participant, round and course."""
    return Completion.objects.select_related("participant", "round__course")


def certificate_data_for(completion: Completion, *, verify_url: str) -> CertificateData:
    """The certificate of a completion: one query for the county board if the rest is loaded.

    The board is the county of the cohort the participant took the course in: their enrolled
    place in the round, else their latest enrolment in it (one cancelled after completing).
    """
    county_name = (
        Enrolment.objects.filter(
            participant_id=completion.participant_id, round=completion.round_id
        )
        .order_by(
            Case(
                When(status=EnrolmentStatus.ENROLLED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
        )
        .values_list("cohort__county__name", flat=True)
        .first()
    )
    participant, round = completion.participant, completion.round
    return CertificateData(
        # Never the email address in place of a missing name: the verification page is public.
        participant_name=participant.get_full_name(),
        course_title=round.course.title if round.course_id else round.title,
        round_title=round.title,
        county_board=county_board_name(county_name),
        completed_on=timezone.localdate(completion.completed_at),
        verification_code=completion.verification_code,
        verify_url=verify_url,
    )


def _style(name, size, *, bold=False, color=None, space_after=0, align=TA_CENTER, leading=None):
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=align,
        textColor=color or HexColor("#1b1b1b"),
        spaceAfter=space_after,
    )


def _qr_code(value: str, size: float) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def certificate_pdf(data: CertificateData) -> bytes:
    """The certificate as a one-page A4 PDF in Swedish, with its verification code and QR code."""
    width, height = A4
    margin = 25 * mm
    footer_height = 42 * mm
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Kursintyg – {data.course_title}",
        author=ISSUER,
        subject=f"Kursintyg för {data.participant_name}, {data.round_title}",
        creator="Länsstyrelsernas kursplattform",
        keywords=["kursintyg", data.verification_code],
        lang="sv-SE",
    )

    def decorate(canvas, _doc):
        canvas.saveState()
        canvas.setViewerPreference("DisplayDocTitle", "true")
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(2)
        canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        canvas.setLineWidth(0.5)
        canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
        canvas.setFillColor(ACCENT)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawCentredString(width / 2, height - 32 * mm, ISSUER.upper(), charSpace=3)
        canvas.restoreState()
        _draw_footer(canvas, data, x=margin, y=margin, width=width - 2 * margin)

    body_frame = Frame(
        margin,
        margin + footer_height,
        width - 2 * margin,
        height - 2 * margin - footer_height - 20 * mm,
        id="body",
        showBoundary=0,
    )
    doc.addPageTemplates([PageTemplate(id="certificate", frames=[body_frame], onPage=decorate)])

    text = _style("text", 13, space_after=6)
    body = [
        Spacer(0, 12 * mm),
        Paragraph("Kursintyg", _style("heading", 38, bold=True, color=ACCENT, space_after=10)),
        HRFlowable(width="30%", thickness=1, color=ACCENT, spaceBefore=4, spaceAfter=18),
        Paragraph("Härmed intygas att", text),
        Paragraph(escape(data.participant_name), _style("name", 26, bold=True, space_after=14)),
        Paragraph("har genomgått kursen", text),
        Paragraph(escape(data.course_title), _style("course", 19, bold=True, space_after=6)),
        Paragraph(escape(data.round_title), _style("round", 13, color=MUTED, space_after=14)),
        Paragraph(f"anordnad av {escape(data.county_board)}.", text),
        Spacer(0, 10 * mm),
        Paragraph(
            f"Kursen slutfördes den <b>{swedish_date(data.completed_on)}</b>.",
            _style("date", 13),
        ),
    ]
    # Shrink rather than spill onto a second page when a name or title is very long.
    doc.build([KeepInFrame(body_frame._width, body_frame._height, body, mode="shrink")])
    return buffer.getvalue()


def _draw_footer(canvas, data: CertificateData, *, x: float, y: float, width: float) -> None:
    """The verification code and URL at the foot of the page, with a QR code of the URL."""
    qr_size = 32 * mm
    drawing = _qr_code(data.verify_url, qr_size)
    drawing.drawOn(canvas, x + width - qr_size, y)

    text_width = width - qr_size - 8 * mm
    label = _style("label", 10, color=MUTED, align=TA_LEFT)
    code = _style("code", 16, bold=True, align=TA_LEFT, leading=20)
    note = _style("note", 10, align=TA_LEFT, leading=13)
    url = escape(data.verify_url)
    paragraphs = [
        Paragraph("Kontrollkod", label),
        Paragraph(escape(data.verification_code), code),
        Paragraph(f'Kontrollera intyget på <link href="{url}">{url}</link>', note),
    ]
    top = y + qr_size
    for paragraph in paragraphs:
        _, h = paragraph.wrapOn(canvas, text_width, qr_size)
        top -= h + 2
        paragraph.drawOn(canvas, x, top)
