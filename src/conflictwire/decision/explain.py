"""Why the decision kept or set aside each candidate of a report (``extract --explain``)."""

from __future__ import annotations

from typing import Any

from conflictwire.doc import Doc


def explain(doc: Doc, model: Any, top: int = 8) -> list[dict[str, Any]]:
    """One row per candidate the rules proposed: the rules' type, the decision (the record's type
    and the model's) and the features that weighed most on P(event)."""
    kept = [(m, True) for m in doc.mentions]
    rejected = [(m, False) for m in doc.extra.get("rejected", [])]
    rows = []
    for m, accepted in sorted(kept + rejected, key=lambda mk: mk[0].trigger.start):
        d = m.decision
        rules = next((c[6:] for c in m.cues if c.startswith("rules:")), m.sub_event_type)
        row: dict[str, Any] = {
            "trigger": m.trigger.to_dict(),
            "rules": rules,
            "kept": accepted,
        }
        if d is not None:
            row |= {
                # the record's type: the model's, unless the codebook kept the rules' (decide.py)
                "sub_event_type": m.sub_event_type if accepted else d.sub_event_type,
                "model_type": d.sub_event_type,
                "p_event": round(d.p_event, 3),
                "p_type": round(d.p_type, 3),
                "confidence": round(d.confidence, 3),
                "weights": [[f, round(w, 3)] for f, w in model.explain(m.features, top)],
            }
        rows.append(row)
    return rows
