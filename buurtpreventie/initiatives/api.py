"""JSON API endpoints of this app; mounted under /api/initiatives/ by buurtpreventie.api.urls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Router, Schema

from buurtpreventie.accounts.types import AuthenticatedHttpRequest
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.tenancy import resolve_municipality

from .selectors import access_initiative, initiative_history_visible_to, initiative_list_visible_to

router = Router(tags=["initiatives"])


class InitiativeOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    at_risk: bool
    wijken: list[str]


class StatusChangeOut(Schema):
    at: datetime
    from_status: str
    to_status: str
    by: str
    reason: str


def _out(initiative: Any) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "name": initiative.name,
        "kind": initiative.kind,
        "status": initiative.status,
        "at_risk": initiative.at_risk,
        "wijken": [w.code for w in initiative.wijken.all()],
    }


@router.get("/", response=list[InitiativeOut], summary="Initiatives the user may see, in one municipality")
def initiatives(request: AuthenticatedHttpRequest, municipality: str = "", status: str = "") -> Any:
    chosen: Municipality | None = resolve_municipality(request, code=municipality, required=False)
    if chosen is None:
        return []
    qs = initiative_list_visible_to(user=request.user, municipality=chosen)
    if status:
        qs = qs.filter(status=status)
    return [_out(i) for i in qs]


@router.get("/{initiative_id}/history", response=list[StatusChangeOut], summary="Life-cycle history")
def history(request: AuthenticatedHttpRequest, initiative_id: int) -> Any:
    initiative = access_initiative(user=request.user, pk=initiative_id)
    return [
        {
            "at": c.at,
            "from_status": c.from_status,
            "to_status": c.to_status,
            "by": str(c.actor) if c.actor else c.actor_label,
            "reason": c.display_reason(),
        }
        for c in initiative_history_visible_to(user=request.user, initiative=initiative)
    ]
