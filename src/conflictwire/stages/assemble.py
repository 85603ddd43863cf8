from conflictwire.doc import Doc


def to_events(doc: Doc, include_historical: bool = False) -> list:
    return []
