"""One results file per benchmark, one section per QGIS version: a new run replaces its own version's section."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write_section(file_name: str, header: str, heading: str, section: str) -> None:
    """Replace the section starting with ``heading`` in bench/``file_name``, keeping the other versions'."""
    path = os.path.join(HERE, file_name)
    sections = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            parts = handle.read().split("\n## ")[1:]
        sections = ["## " + part.strip() for part in parts if not ("## " + part).startswith(heading)]
    sections.append(section)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(header + "\n" + "\n\n".join(sorted(sections)) + "\n")
