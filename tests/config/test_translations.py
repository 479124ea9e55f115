"""The English catalogue: every Swedish source string translated, and the .mo file up to date."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def untranslated_entries(po_text: str) -> list[str]:
    """Return the msgids of entries whose msgstr lines are all empty (the header excepted)."""
    missing = []
    for entry in po_text.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        text = "\n".join(lines)
        if not text.strip() or text.startswith('msgid ""\nmsgstr ""\n"Project'):
            continue
        msgstr_values = [line for line in lines if line.startswith("msgstr")]
        if all(line.endswith('""') for line in msgstr_values):
            continuation = text.split("msgstr", 1)[1].splitlines()[1:]
            if not any(line.startswith('"') for line in continuation):
                missing.append(lines[0])
    return missing


def test_every_string_has_an_english_translation():
    assert untranslated_entries((LOCALE / "django.po").read_text(encoding="utf-8")) == []


def test_no_translation_is_a_guess_waiting_for_review():
    """makemessages marks guesses from similar strings as fuzzy, with the old msgid after #|."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    guesses = [line for line in text.splitlines() if line.startswith(("#, fuzzy", "#| msgid"))]
    assert guesses == []


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
def test_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", compiled, LOCALE / "django.po"], check=True)
    with compiled.open("rb") as fresh, (LOCALE / "django.mo").open("rb") as committed:
        assert (
            gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog
        )
