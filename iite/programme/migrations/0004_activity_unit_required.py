import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0003_place_activities_in_units"),
        ("strategy", "0002_initiative_activity_area_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="strategy.programmeunit",
                verbose_name="programme unit",
            ),
        ),
    ]
