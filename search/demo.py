"""Runs last in `load_demo`: index everything the other apps' demo data published."""

from .index import rebuild


def load():
    counts = rebuild()
    return "index: " + ", ".join(f"{k} {v}" for k, v in counts.items())
