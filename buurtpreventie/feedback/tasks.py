"""Background work (django-tasks). Thin: pass ids, call the forwarding/roster functions."""

from __future__ import annotations

from django_tasks import default_task_backend, task

from .forwarding import defect_forward, defects_forward_due


@task()
def forward_defect_task(defect_id: int) -> str:
    from buurtpreventie.patrols.models import Defect, ForwardState

    state = defect_forward(defect_id=defect_id)
    if state == ForwardState.PENDING and default_task_backend.supports_defer:
        next_at = Defect.objects.filter(pk=defect_id).values_list("forward_next_at", flat=True).first()
        if next_at is not None:
            forward_defect_task.using(run_after=next_at).enqueue(defect_id)
    return state


@task()
def forward_due_task() -> dict[str, int]:
    """Forward every defect that is due: the sweep `forwarding.forward_soon` kicks after new defects."""
    return defects_forward_due()
