# Notice moved to the notifications app (state only: the table feedback_notice and its rows stay).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_initial"),
        ("notifications", "0001_shape_notice_moved_from_feedback"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notice")],
            database_operations=[],
        ),
    ]
