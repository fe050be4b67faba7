"""Local stand-ins for the systems we connect to (Signalen, PDOK Locatieserver), served over real HTTP
by uvicorn in a thread. They enforce the other system's published rules; tests never mock transport.

`signalen_extra_properties.json` is copied unchanged from Amsterdam/signals
(app/signals/apps/api/json_schema/extra_properties.json, MPL-2.0)."""
