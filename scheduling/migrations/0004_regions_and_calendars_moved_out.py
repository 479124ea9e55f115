"""Counties and municipalities now live in regions, tokens and invitations in calendars.

State only: the tables keep their names, columns and constraints (see regions 0001, calendars
0001 and lms 0006).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0001_initial"),
        ("lms", "0006_user_county_and_municipality_in_regions"),
        ("regions", "0001_initial"),
        ("scheduling", "0003_calendar_tokens_and_invitations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cohort",
                    name="county",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cohorts",
                        to="regions.county",
                        verbose_name="värdlän",
                    ),
                ),
                migrations.AlterField(
                    model_name="interestregistration",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="interest",
                        to="regions.municipality",
                        verbose_name="kommun",
                    ),
                ),
                migrations.AlterField(
                    model_name="cohort",
                    name="guest_counties",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Län vars deltagare går i den här gruppen.",
                        related_name="guest_cohorts",
                        to="regions.county",
                        verbose_name="gästlän",
                    ),
                ),
                migrations.AlterField(
                    model_name="round",
                    name="pilot_counties",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="pilot_rounds",
                        to="regions.county",
                        verbose_name="pilotlän",
                    ),
                ),
                migrations.DeleteModel(
                    name="CalendarToken",
                ),
                migrations.DeleteModel(
                    name="County",
                ),
                migrations.DeleteModel(
                    name="Invitation",
                ),
                migrations.DeleteModel(
                    name="Municipality",
                ),
            ],
        ),
    ]
