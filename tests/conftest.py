"""Importing plugin_paths makes ``import lianwei`` work from any checkout folder name."""

import plugin_paths  # noqa: F401
