import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()

from buurtpreventie.core.heap import settle  # noqa: E402

settle()  # the start-up heap frozen out of every later full collection (core/heap.py)
