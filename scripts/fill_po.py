"""Fill an English .po catalogue from a Python dict file (T and PLURAL), then report what is left.

Usage: .venv/bin/python scripts/fill_po.py path/to/django.po translations.py
Requires polib (pip install polib); a maintainer tool, not needed at run time.
"""

import runpy
import sys

import polib

po = polib.pofile(sys.argv[1])
table = runpy.run_path(sys.argv[2])
T, PLURAL = table.get("T", {}), table.get("PLURAL", {})
missing = []
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid_plural:
        if entry.msgid in PLURAL:
            entry.msgstr_plural = {0: PLURAL[entry.msgid][0], 1: PLURAL[entry.msgid][1]}
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        elif not entry.msgstr_plural.get(0):
            missing.append(entry.msgid)
    elif entry.msgid in T:
        entry.msgstr = T[entry.msgid]
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    elif not entry.msgstr:
        missing.append(entry.msgid)
po.save()
print(f"{len(missing)} untranslated")
for m in missing:
    print("  ", repr(m))
