from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _check(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _check({"DJANGO_SETTINGS_MODULE": "config.settings.prod"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_start_with_secret_key():
    import secrets

    result = _check({"DJANGO_SETTINGS_MODULE": "config.settings.prod", "SECRET_KEY": secrets.token_urlsafe(60),
                     "PUBLIC_BASE_URL": "https://buurtpreventie.example.nl"})
    assert result.returncode == 0, result.stderr


def test_audit_entries_are_append_only(db):
    import pytest

    from buurtpreventie.core.audit import audit_record

    entry = audit_record(actor=None, action="test.view")
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_geo_bounding_box_contains_circle_edge():
    from buurtpreventie.core.geo import bounding_box, haversine_m

    lat, lon = 51.8475, 5.8650
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, 5000)
    # points exactly 5 km north/east are inside the box
    assert haversine_m(lat, lon, max_lat, lon) >= 5000
    assert haversine_m(lat, lon, lat, max_lon) >= 5000
    assert min_lat < lat < max_lat and min_lon < lon < max_lon
