"""Signals other apps may listen to (sent after commit). The feedback app forwards defects."""

from django.dispatch import Signal

# sender=Defect model class, defect_ids=list[int]
defects_created = Signal()
