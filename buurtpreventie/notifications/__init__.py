"""The one notification path: notify(recipients, template, context, channels).

Every e-mail and in-app notice of the platform goes through `notify` (see docs/adr and
`service.py`); only `email.py` in this app talks to Django's mail API.
"""
