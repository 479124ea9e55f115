"""The user's county and municipality point at regions; the columns and constraints stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0005_user_erased_at"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="county",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Länsstyrelsen där en kurssamordnare eller kursledare arbetar.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="regions.county",
                        verbose_name="länsstyrelse",
                    ),
                ),
                migrations.AlterField(
                    model_name="user",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Kommunen där deltagaren arbetar. Lämnas tom för personal.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="users",
                        to="regions.municipality",
                        verbose_name="kommun",
                    ),
                ),
            ],
        ),
    ]
