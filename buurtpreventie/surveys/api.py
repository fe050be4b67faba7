"""JSON API endpoints of this app; mounted under /api/ by buurtpreventie.api.urls."""

from ninja import Router

router = Router(tags=["surveys"])
