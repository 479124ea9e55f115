"""Counties and municipalities move here from scheduling; their tables and rows stay as they are."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

MOVED = ("county", "municipality")


def content_types_to_regions(apps, schema_editor):
    """Keep the permissions and log entries of the moved models: their content types move too."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="regions", model=model).exists():
            content_type.objects.filter(app_label="scheduling", model=model).update(
                app_label="regions"
            )


def content_types_to_scheduling(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="regions", model__in=MOVED).update(app_label="scheduling")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("scheduling", "0003_calendar_tokens_and_invitations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="County",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                max_length=2,
                                unique=True,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^\\d{2}$", "Länskoden ska vara två siffror."
                                    )
                                ],
                                verbose_name="länskod",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="namn")),
                        ("is_pilot", models.BooleanField(default=False, verbose_name="pilotlän")),
                        (
                            "contact_email",
                            models.EmailField(
                                blank=True,
                                max_length=254,
                                verbose_name="länsstyrelsens kontaktadress",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "län",
                        "verbose_name_plural": "län",
                        "db_table": "scheduling_county",
                        "ordering": ["code"],
                    },
                ),
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                max_length=4,
                                unique=True,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^\\d{4}$", "Kommunkoden ska vara fyra siffror."
                                    )
                                ],
                                verbose_name="kommunkod",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="namn")),
                        (
                            "skr_group",
                            models.CharField(
                                choices=[
                                    ("A1", "A1 Storstäder"),
                                    ("A2", "A2 Pendlingskommun nära storstad"),
                                    ("B3", "B3 Större stad"),
                                    ("B4", "B4 Pendlingskommun nära större stad"),
                                    ("B5", "B5 Lågpendlingskommun nära större stad"),
                                    ("C6", "C6 Mindre stad/tätort"),
                                    ("C7", "C7 Pendlingskommun nära mindre stad/tätort"),
                                    ("C8", "C8 Landsbygdskommun"),
                                    ("C9", "C9 Landsbygdskommun med besöksnäring"),
                                ],
                                max_length=2,
                                verbose_name="kommungrupp (SKR 2017)",
                            ),
                        ),
                        (
                            "population",
                            models.PositiveIntegerField(verbose_name="folkmängd 31 dec 2021"),
                        ),
                        (
                            "county",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="municipalities",
                                to="regions.county",
                                verbose_name="län",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kommun",
                        "verbose_name_plural": "kommuner",
                        "db_table": "scheduling_municipality",
                        "ordering": ["code"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("code__regex", "^\\d{4}$")),
                                name="municipality_code_four_digits",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_regions, content_types_to_scheduling),
    ]
