"""English is available everywhere: every catalogue is complete and compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))


def _entries(text: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstr values, fuzzy) for each entry of a .po file."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        parts: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                parts[current] = [match.group(2)]
            elif current and line.startswith('"'):
                parts[current].append(line.strip()[1:-1])
        msgid = "".join(parts.get("msgid", []))
        strs = ["".join(v) for k, v in parts.items() if k.startswith("msgstr")]
        entries.append((msgid, strs, fuzzy))
    return entries


def test_there_are_catalogues_for_every_app_with_texts():
    apps_with_locale = {p.relative_to(PACKAGE).parts[0] for p in CATALOGUES}
    for app in ("accounts", "initiatives", "public", "patrols", "feedback", "alerts", "surveys", "engagement",
                "insights"):
        assert app in apps_with_locale or "locale" in apps_with_locale, f"no English catalogue for {app}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalogue_is_complete_and_compiled(po: Path):
    missing = [msgid for msgid, strs, fuzzy in _entries(po.read_text(encoding="utf-8"))
               if msgid and (fuzzy or not all(strs))]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {po}: {missing[:10]}"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, strs, _fuzzy in _entries(po.read_text(encoding="utf-8"))
             if msgid and "\\" not in msgid and len(strs) == 1 and compiled.gettext(_unescape(msgid)) != _unescape(strs[0])]
    assert not stale, f"{mo} does not match {po} (run compilemessages): {stale[:5]}"


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
