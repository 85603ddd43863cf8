"""The places code stays readable: no function in ``gazetteer/`` longer than 50 lines (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import conflictwire

LONGEST = 50  # lines from ``def`` to the function's last line


def _functions(folder: Path) -> list[tuple[int, str]]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                out.append((node.end_lineno - node.lineno + 1, f"{path.name}:{node.name}"))
    return out


def test_no_gazetteer_function_is_longer_than_50_lines():
    folder = Path(conflictwire.__file__).parent / "gazetteer"
    found = _functions(folder)
    assert len(found) > 50  # the folder was read
    assert [f for n, f in found if n > LONGEST] == []
