"""An invitation names its event by source and id instead of a foreign key to a session."""

from django.db import migrations, models

SESSION_SOURCE = "scheduling.session"


def session_to_event(apps, schema_editor):
    invitation = apps.get_model("calendars", "Invitation")
    invitation.objects.update(source=SESSION_SOURCE, event_id=models.F("session_id"))


def event_to_session(apps, schema_editor):
    invitation = apps.get_model("calendars", "Invitation")
    invitation.objects.exclude(source=SESSION_SOURCE).delete()
    invitation.objects.update(session_id=models.F("event_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="source",
            field=models.CharField(
                default=SESSION_SOURCE,
                help_text="Vilken sorts händelse, till exempel en träff.",
                max_length=50,
                verbose_name="källa",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invitation",
            name="event_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="händelse"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="session",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="invitations",
                to="scheduling.session",
            ),
        ),
        migrations.RunPython(session_to_event, event_to_session),
        migrations.RemoveField(model_name="invitation", name="session"),
        migrations.AlterField(
            model_name="invitation",
            name="event_id",
            field=models.PositiveBigIntegerField(verbose_name="händelse"),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(
                fields=["source", "event_id", "participant"], name="invitation_event_idx"
            ),
        ),
    ]
