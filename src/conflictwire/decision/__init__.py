"""The learned event decision: is a rule-proposed candidate a real, recent, codable event, and of
which ACLED sub-event type? ``features`` turns a candidate into named features, ``model`` loads
and applies the shipped model, ``dataset`` and ``train`` rebuild it (``conflictwire train``)."""
