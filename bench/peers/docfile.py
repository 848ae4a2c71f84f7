"""Rewriting a generated document while keeping its hand-written tail.

compare.py (docs/performance.md) and mkl_compare.py (docs/performance-mkl.md)
regenerate the top of their file and keep everything from a marker line on,
where other benchmarks and notes live.
"""
import os


def write_keeping(path, text, mark, new_tail=""):
    """Writes text to path, then the old file's part from the line `mark`
    on; a file without the marker gets new_tail instead."""
    kept = new_tail
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
        if mark in old:
            kept = "\n" + old[old.index(mark):]
    with open(path, "w") as f:
        f.write(text + kept)
