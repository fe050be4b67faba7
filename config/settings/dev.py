"""Development: `make run`. A secret key is generated once into var/ (git-ignored)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _KEY
from .base import development_secret_key, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = _KEY or development_secret_key()

# Serve static files straight from the finders (node_modules, app static) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
