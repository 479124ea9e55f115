"""Loading counties and municipalities from fixtures/reference."""

import shutil

import pytest

from regions.loader import REFERENCE_DIR, ReferenceDataError, load_reference_data
from regions.models import County, Municipality


@pytest.fixture
def reference_copy(tmp_path):
    """A writable copy of the reference files."""
    for name in ["counties.csv", "municipalities.csv"]:
        shutil.copy(REFERENCE_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.django_db
def test_loads_all_counties_and_municipalities_with_leading_zeros():
    result = load_reference_data()
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290
    assert result.created == {"län": 21, "kommuner": 290}
    stockholm = Municipality.objects.select_related("county").get(code="0180")
    assert (stockholm.name, stockholm.county.code, stockholm.skr_group) == ("Stockholm", "01", "A1")
    assert stockholm.population == 978_770
    assert Municipality.objects.filter(county__code="14").count() == 49
    assert Municipality.objects.filter(county__code="07").count() == 8
    assert sum(Municipality.objects.values_list("population", flat=True)) == 10_452_326


@pytest.mark.django_db
def test_pilot_counties_are_marked_on_creation_and_staff_edits_are_kept():
    load_reference_data()
    assert set(County.objects.filter(is_pilot=True).values_list("code", flat=True)) == {"07", "14"}
    County.objects.filter(code="07").update(contact_email="kurs@example.com", is_pilot=False)
    result = load_reference_data()
    assert result.created == {"län": 0, "kommuner": 0}
    assert result.unchanged == {"län": 21, "kommuner": 290}
    kronoberg = County.objects.get(code="07")
    assert (kronoberg.contact_email, kronoberg.is_pilot) == ("kurs@example.com", False)


@pytest.mark.django_db
def test_changed_values_are_updated(reference_copy):
    load_reference_data(reference_copy)
    path = reference_copy / "municipalities.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "0180,Stockholm,01,A1,978770", "0180,Stockholm,01,A1,978771"
        ),
        encoding="utf-8",
    )
    result = load_reference_data(reference_copy)
    assert result.updated == {"län": 0, "kommuner": 1}
    assert Municipality.objects.get(code="0180").population == 978_771


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("0180,Stockholm,01,A1,978770", "180,Stockholm,01,A1,978770", "rad 18: kommunkoden '180'"),
        (
            "0180,Stockholm,01,A1,978770",
            "0180,Stockholm,01,X1,978770",
            "rad 18: kommungruppen 'X1'",
        ),
        (
            "0180,Stockholm,01,A1,978770",
            "0180,Stockholm,01,A1,många",
            "rad 18: folkmängden 'många'",
        ),
        (
            "0180,Stockholm,01,A1,978770",
            "0180,Stockholm,02,A1,978770",
            "rad 18: länskoden '02' finns inte",
        ),
        ("0180,Stockholm,01,A1,978770", "0180,,01,A1,978770", "rad 18: namnet saknas"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(reference_copy, old, new, message):
    path = reference_copy / "municipalities.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(reference_copy)
    assert any(
        message in problem and "municipalities.csv" in problem for problem in error.value.problems
    )
    assert County.objects.count() == 0
    assert Municipality.objects.count() == 0


@pytest.mark.django_db
def test_a_wrong_header_is_reported(reference_copy):
    (reference_copy / "counties.csv").write_text("kod,namn\n01,Stockholms län\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="rubrikraden ska vara code,name"):
        load_reference_data(reference_copy)


@pytest.mark.django_db
def test_a_file_not_in_utf8_names_file_line_and_field(reference_copy):
    path = reference_copy / "municipalities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(reference_copy)
    assert error.value.problems == [
        "municipalities.csv, rad 2, fält name: filen är inte sparad som UTF-8 (byte 0xe4); "
        "spara den som CSV UTF-8."
    ]
    assert not County.objects.exists()


@pytest.mark.django_db
def test_excels_byte_order_mark_is_accepted(reference_copy):
    path = reference_copy / "counties.csv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_reference_data(reference_copy).created == {"län": 21, "kommuner": 290}
