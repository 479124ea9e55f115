"""The invitation outbox becomes the outbox of every email; its rows stay, as calendar messages.

Invitations that had given up (eight failed attempts) are flagged, so that national staff see
them and they are sent again; those whose event was deleted are marked as gone.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GAVE_UP_AFTER = 8


def flag_given_up(apps, schema_editor):
    message = apps.get_model("calendars", "OutboxMessage")
    message.objects.filter(status="failed", last_error="EventGone").update(
        status="gone", next_attempt_at=None
    )
    message.objects.filter(status="failed", attempts__gte=GAVE_UP_AFTER).update(
        status="flagged", next_attempt_at=None
    )


def unflag(apps, schema_editor):
    message = apps.get_model("calendars", "OutboxMessage")
    message.objects.filter(kind="email").delete()
    message.objects.filter(status__in=["flagged", "gone", "superseded"]).update(status="failed")


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0002_invitation_keyed_by_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Invitation", "OutboxMessage"),
        migrations.AlterModelTable(name="outboxmessage", table=None),
        migrations.AlterModelOptions(
            name="outboxmessage",
            options={
                "ordering": ["created_at", "id"],
                "permissions": [
                    ("resend_outboxmessage", "Kan se och skicka om e-post som fastnat")
                ],
                "verbose_name": "utgående meddelande",
                "verbose_name_plural": "utgående meddelanden",
            },
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="kind",
            field=models.CharField(
                choices=[("calendar", "Kalenderinbjudan"), ("email", "E-post")],
                default="calendar",
                max_length=10,
                verbose_name="slag",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="to_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="mottagare"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="subject",
            field=models.CharField(blank=True, max_length=255, verbose_name="ämne"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="text",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="html",
            field=models.TextField(blank=True, verbose_name="HTML"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="participant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outbox_messages",
                to=settings.AUTH_USER_MODEL,
                verbose_name="deltagare",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Vilken sorts händelse, till exempel en träff.",
                max_length=50,
                verbose_name="källa",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="event_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="händelse"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="method",
            field=models.CharField(
                blank=True,
                choices=[("REQUEST", "Inbjudan"), ("CANCEL", "Avbokning")],
                max_length=7,
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Väntar"),
                    ("sent", "Skickad"),
                    ("failed", "Misslyckades, försöker igen"),
                    ("flagged", "Behöver åtgärdas"),
                    ("superseded", "Ersatt av ett nyare meddelande"),
                    ("gone", "Händelsen finns inte längre"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="försök"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="nästa försök"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="senaste fel"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="skapad"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="skickad"),
        ),
        migrations.RunPython(flag_given_up, unflag),
        migrations.AddConstraint(
            model_name="outboxmessage",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind", "calendar"),
                        models.Q(("source", ""), _negated=True),
                        ("event_id__isnull", False),
                        ("participant__isnull", False),
                        models.Q(("method", ""), _negated=True),
                    ),
                    models.Q(
                        ("kind", "email"),
                        models.Q(("to_email", ""), _negated=True),
                        models.Q(("subject", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="outbox_message_complete",
            ),
        ),
    ]
