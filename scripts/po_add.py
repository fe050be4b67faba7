"""Add English translations to one app's catalogue without rewriting the rest of it, then compile it.

Usage:
    .venv/bin/python scripts/po_add.py buurtpreventie/<app> translations.json
where translations.json is {"Dutch source text": "English text", ...}; for plurals use
{"singular": ["English singular", "English plural", "plural source text"]}.

Entries already in the catalogue keep their place (their translation is updated); new ones are
appended at the end, so two branches that both add texts merge without conflicts in the middle
of the file. Run `make messages` to rebuild every catalogue from the source instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib


def main(app_dir: str, table_path: str) -> int:
    po_path = Path(app_dir) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    if not po_path.exists():
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en",
                       "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    table = json.loads(Path(table_path).read_text(encoding="utf-8"))
    for msgid, value in table.items():
        entry = po.find(msgid)
        if isinstance(value, list):
            singular, plural, plural_id = value
            if entry is None:
                po.append(polib.POEntry(msgid=msgid, msgid_plural=plural_id,
                                        msgstr_plural={0: singular, 1: plural}))
            else:
                entry.msgstr_plural = {0: singular, 1: plural}
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        elif entry is None:
            po.append(polib.POEntry(msgid=msgid, msgstr=value))
        else:
            entry.msgstr = value
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save(str(po_path))
    subprocess.run(["msgfmt", "--check-format", "-o", str(po_path.with_suffix(".mo")), str(po_path)], check=True)  # noqa: S603, S607
    print(f"{po_path}: {len(table)} entries, compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
