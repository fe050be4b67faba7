"""The NL Design System theme is chosen per installation (its own token package); Voorbeeld is the default."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_default_theme_is_voorbeeld(client):
    html = client.get("/account/inloggen/").content.decode()
    assert "/static/vendor/theme/theme.css" in html and 'class="utrecht-page-body voorbeeld-theme' in html
    assert finders.find("vendor/theme/theme.css")


def test_installation_theme(client, settings, tmp_path):
    package = tmp_path / "gemeente-tokens" / "dist"
    package.mkdir(parents=True)
    (package / "index.css").write_text(".nijmegen-theme { --utrecht-document-color: #1a1a1a; }")
    settings.THEME_CSS = "index.css"
    settings.THEME_CLASS = "nijmegen-theme"
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS[:-1], ("vendor/theme", package)]
    finders.get_finder.cache_clear()  # type: ignore[attr-defined]  # an lru_cache; the stub says Callable
    try:
        html = client.get("/account/inloggen/").content.decode()
        assert "/static/vendor/theme/index.css" in html and "nijmegen-theme utrecht-theme" in html
        assert finders.find("vendor/theme/index.css") == str(package / "index.css")
    finally:
        finders.get_finder.cache_clear()  # type: ignore[attr-defined]  # an lru_cache; the stub says Callable
