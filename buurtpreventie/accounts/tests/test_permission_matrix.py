"""The permission matrix, generated from the URL resolver: every URL pattern × role × scope.

The answers are declared per app in `<app>/tests/access_expectations.py` (see
`buurtpreventie.testing.access_matrix`). A URL pattern without a declared answer fails
`test_every_url_pattern_has_an_answer`; a wrong answer fails the app's matrix test with the
full list of differences. ACCESS_MATRIX_RECORD=<dir> writes the observed tables there instead.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase

from buurtpreventie.testing import access_matrix as am

PATTERNS = am.url_patterns()
TABLE = am.expectation_tables()
RECORD = os.environ.get("ACCESS_MATRIX_RECORD", "")
APPS = sorted({am.table_key(p).split(":")[0] if ":" in p.name else "root" for p in PATTERNS if am.testable(p)})


def _app_of(pattern: am.Pattern) -> str:
    return am.table_key(pattern).split(":")[0] if ":" in pattern.name else "root"


def test_every_url_pattern_has_an_answer() -> None:
    missing = sorted({am.table_key(p) for p in PATTERNS} - set(TABLE))
    assert not missing, (
        "These URL patterns have no declared access answer; add them to the app's "
        f"tests/access_expectations.py (record with ACCESS_MATRIX_RECORD=<dir>): {missing}"
    )
    stale = sorted(set(TABLE) - {am.table_key(p) for p in PATTERNS})
    assert not stale, f"Declared answers for URL names that no longer exist: {stale}"
    for key, entry in TABLE.items():
        assert entry["method"] in ("GET", "POST"), key
        assert entry.get("object") is None or entry["object"] in am.PROVIDERS, key
        for role in am.ROLES:
            for scope in am.scopes_for(entry):
                am.expected(entry, role, scope)


@pytest.mark.django_db
class PermissionMatrix(TestCase):
    world: am.World

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = am.build_world()

    def _run(self, app: str) -> None:
        clients = am.clients_for(self.world)
        wrong: list[str] = []
        recorded: list[str] = []
        for pattern in PATTERNS:
            if _app_of(pattern) != app or not am.testable(pattern):
                continue
            entry: dict[str, Any] | None = TABLE.get(am.table_key(pattern))
            if entry is None:
                if not RECORD:
                    continue  # reported by test_every_url_pattern_has_an_answer
                entry = {"method": "GET", "object": am.guess_object(pattern)}
            answers = self._answers(pattern, entry, clients, wrong)
            if RECORD and entry["method"] == "GET" and any(405 in a.values() for a in answers.values()):
                entry["method"] = "POST"  # a POST-only view: record what a POST gets
                answers = self._answers(pattern, entry, clients, wrong)
            if RECORD:
                recorded.append(am.record_entry(pattern, entry, answers))
        if RECORD:
            out = Path(RECORD)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{app}.py").write_text("EXPECTATIONS = {\n" + "\n".join(recorded) + "\n}\n")
            return
        assert not wrong, "Access answers differ from the declared matrix:\n" + "\n".join(wrong)

    def _answers(self, pattern: am.Pattern, entry: dict[str, Any], clients: dict[str, Any],
                 wrong: list[str]) -> dict[str, dict[str, int]]:
        answers: dict[str, dict[str, int]] = defaultdict(dict)
        for role in am.ROLES:
            seen: dict[str, int] = {}  # municipality-level objects: own/other team/other wijk are one URL
            for scope in am.scopes_for(entry):
                url = am.url_for(pattern, entry, self.world, role, scope)
                body = am.body_for(entry, self.world, role, scope)
                key = f"{url} {body!r}"
                if key not in seen:
                    seen[key] = am.observe(clients[role], entry["method"], url, body)
                got = seen[key]
                answers[role][scope] = got
                if not RECORD and got != am.expected(entry, role, scope):
                    wrong.append(f"{pattern.name} {entry['method']} {url} as {role} ({scope}): "
                                 f"expected {am.expected(entry, role, scope)}, got {got}")
        return answers


def _make(app: str) -> Any:
    def test(self: PermissionMatrix) -> None:
        self._run(app)

    test.__name__ = f"test_matrix_{app}"
    return test


for _app in APPS:
    setattr(PermissionMatrix, f"test_matrix_{_app}", _make(_app))
