"""Project conventions that ruff cannot check (docs/architecture.md §4).

1. ``.commit()`` only at the edges (api/, web/, cli/, httpkit/, jobs/) and in db/.
2. ``select(...)`` on a visibility-protected model only in a ``repository.py`` or ``*_repository.py``
   (or audit/identity internals that are not agency-scoped), so every read starts from ``authz.visible_to``.
3. No ``except Exception`` / bare ``except`` in domain services.
A line may opt out with ``# convention: allow <reason>``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "jointdesk"
EDGES = {"api", "web", "cli", "httpkit", "jobs", "db", "demo"}
PROTECTED_MODELS = {
    "Bulletin",
    "User",
    "ApiToken",
    "IntelReport",
    "DnaProfile",
    "CoopRequest",
    "CoopPerson",
    "Intervention",
    "TransferBatch",
}
ALLOW = "# convention: allow"


def _package(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def _allowed(lines: list[str], node: ast.AST) -> bool:
    return ALLOW in lines[getattr(node, "lineno", 1) - 1]


def check_file(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    problems: list[str] = []
    package = _package(path)
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT.parent.parent)}:{getattr(node, 'lineno', 0)}"
        if _allowed(lines, node):
            continue
        if _is_commit(node) and package not in EDGES and path.name != "__main__.py":
            problems.append(f"{where}: commit() outside the edges; services never commit")
        if _selects_protected(node) and not path.name.endswith("repository.py"):
            problems.append(f"{where}: select() on a protected model outside repository.py")
        if _broad_except(node) and path.name == "service.py":
            problems.append(f"{where}: broad except in a service; catch named errors")
    return problems


def _is_commit(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
        and not node.args
    )


def _selects_protected(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "select"):
        return False
    return any(isinstance(arg, ast.Name) and arg.id in PROTECTED_MODELS for arg in node.args)


def _broad_except(node: ast.AST) -> bool:
    if not isinstance(node, ast.ExceptHandler):
        return False
    return node.type is None or (
        isinstance(node.type, ast.Name) and node.type.id in {"Exception", "BaseException"}
    )


def main() -> int:
    problems = [p for path in sorted(ROOT.rglob("*.py")) for p in check_file(path)]
    for problem in problems:
        print(problem)
    print(f"conventions: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
