"""Calendar tokens and invitations move here from scheduling; tables and rows stay as they are."""

import calendars.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("calendartoken", "invitation")


def content_types_to_calendars(apps, schema_editor):
    """Keep the permissions and log entries of the moved models: their content types move too."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="calendars", model=model).exists():
            content_type.objects.filter(app_label="scheduling", model=model).update(
                app_label="calendars"
            )


def content_types_to_scheduling(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="calendars", model__in=MOVED).update(
        app_label="scheduling"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("scheduling", "0003_calendar_tokens_and_invitations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarToken",
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
                            "token",
                            models.CharField(
                                default=calendars.models.new_calendar_token,
                                editable=False,
                                max_length=64,
                                unique=True,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="skapad"),
                        ),
                        (
                            "rotated_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="bytt"),
                        ),
                        (
                            "last_fetched_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="senast hämtad"
                            ),
                        ),
                        (
                            "fetch_count",
                            models.PositiveIntegerField(default=0, verbose_name="antal hämtningar"),
                        ),
                        (
                            "participant",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="calendar_token",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="deltagare",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kalenderprenumeration",
                        "verbose_name_plural": "kalenderprenumerationer",
                        "db_table": "scheduling_calendartoken",
                    },
                ),
                migrations.CreateModel(
                    name="Invitation",
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
                            "method",
                            models.CharField(
                                choices=[("REQUEST", "Inbjudan"), ("CANCEL", "Avbokning")],
                                max_length=7,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Väntar"),
                                    ("sent", "Skickad"),
                                    ("failed", "Misslyckades"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "participant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="scheduling.session",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kalenderinbjudan",
                        "verbose_name_plural": "kalenderinbjudningar",
                        "db_table": "scheduling_invitation",
                        "ordering": ["created_at", "id"],
                        "indexes": [
                            models.Index(
                                fields=["status", "created_at"], name="invitation_outbox_idx"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_calendars, content_types_to_scheduling),
    ]
