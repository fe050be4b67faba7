"""`check --deploy` under config.settings.prod reports nothing; weak keys and a missing base URL refuse to start."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(**env: str) -> subprocess.CompletedProcess[str]:
    unset = {"SECRET_KEY", "PUBLIC_BASE_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the latter: browser tests
    full = {k: v for k, v in os.environ.items() if k not in unset}
    full.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", "ALLOWED_HOSTS": "x", **env})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing():
    result = _run(SECRET_KEY=secrets.token_urlsafe(60), PUBLIC_BASE_URL="https://x")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_short_secret_or_missing_base_url_refused():
    assert "SECRET_KEY" in _run(SECRET_KEY="k" * 40, PUBLIC_BASE_URL="https://x").stderr
    assert "PUBLIC_BASE_URL" in _run(SECRET_KEY=secrets.token_urlsafe(60)).stderr
