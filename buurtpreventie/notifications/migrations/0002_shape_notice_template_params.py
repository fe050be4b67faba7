from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_shape_notice_moved_from_feedback"),
        ("feedback", "0003_shape_notice_moved_to_notifications"),
    ]

    operations = [
        migrations.AlterField(model_name="notice", name="text", field=models.CharField(blank=True, max_length=300)),
        migrations.AddField(model_name="notice", name="template", field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="notice", name="params", field=models.JSONField(blank=True, default=dict)),
    ]
