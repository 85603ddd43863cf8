"""Placeholder: being written."""

from conflictwire.doc import Doc


def run(doc: Doc, res: object) -> Doc:
    return doc
