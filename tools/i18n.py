"""Keep i18n/lianwei_zh_CN.ts in step with the code (developer tool).

    /usr/bin/python3 -m tools.i18n          # from the repository root: add new strings, drop vanished ones
    /usr/bin/python3 -m tools.i18n --fill zh.json   # also take translations from a {"English": "中文"} file

Strings are the literal first arguments of tr(), tr_both(), tr_later() and self.tr() in the plugin's Python files,
and the message templates a core module lists in its module-level ``TEMPLATES`` (core/notes.py: core never imports
the translation, the QGIS side translates a note by its template).
Translations already in the .ts are kept; new strings are added as "unfinished" for a translator to fill.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from typing import Dict, List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TS_PATH = os.path.join(ROOT, "i18n", "lianwei_zh_CN.ts")
CONTEXT = "lianwei"
SKIP_DIRS = {"tests", "tools", "bench", ".git", ".venv", "build", "demo-output", "__pycache__", ".ci"}
MARKERS = {"tr", "tr_both", "tr_later", "fail"}  # fail(): LianweiAlgorithm.fail translates its message


def source_files(root: str = ROOT) -> List[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return found


def extract(root: str = ROOT) -> List[str]:
    """Every translatable string, in first-seen order."""
    strings: List[str] = []
    for path in source_files(root):
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            first = node.args[0]
            if name in MARKERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                if re.sub(r"\{[^}]*\}", "", first.value).strip() and first.value not in strings:
                    strings.append(first.value)
        strings += [t for t in listed_templates(tree) if t not in strings]
    return strings


def listed_templates(tree: ast.Module) -> List[str]:
    """The strings of a module-level ``TEMPLATES = (NAME, …)``, each NAME a module-level string constant (or one
    imported from another module, which lists it itself)."""
    constants: Dict[str, str] = {}
    names: List[str] = []
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        target = node.targets[0].id
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            constants[target] = node.value.value
        elif target == "TEMPLATES" and isinstance(node.value, (ast.Tuple, ast.List)):
            names = [e.id for e in node.value.elts if isinstance(e, ast.Name)]
    return [constants[n] for n in names if n in constants]


def read_ts(path: str = TS_PATH) -> Dict[str, str]:
    """source -> translation, finished ones only."""
    if not os.path.exists(path):
        return {}
    result = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.get("type") not in ("unfinished", "vanished", "obsolete"):
            result[source] = translation.text or ""
    return result


def write_ts(strings: List[str], translations: Dict[str, str], path: str = TS_PATH) -> None:
    ts = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for text in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if translations.get(text):
            translation.text = translations[text]
        else:
            translation.set("type", "unfinished")
    ET.indent(ts, space="    ")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        handle.write(ET.tostring(ts, encoding="unicode"))
        handle.write("\n")


def main() -> int:
    strings = extract()
    translations = read_ts()
    if len(sys.argv) == 3 and sys.argv[1] == "--fill":
        with open(sys.argv[2], encoding="utf-8") as handle:
            translations.update(json.load(handle))
    write_ts(strings, translations)
    missing = [s for s in strings if not translations.get(s)]
    print(f"{len(strings)} strings, {len(missing)} without translation")
    for text in missing:
        print("  missing:", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
