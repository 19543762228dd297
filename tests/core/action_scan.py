"""Every action string the core writes to the history, found by reading its source.

An action reaches ``history_entry.action`` through a call whose ``action`` argument (by keyword
or by position: any function of the core with a parameter named ``action``) is a string literal,
a module constant, a local variable assigned literals in the same function, a parameter passed
on by the caller (found at the caller), or a parameter's default. A few come from a ``dict``
literal with an ``"action"`` key (rows inserted in bulk). What cannot be read this way is
reported, so a new kind of call site fails the test instead of slipping past it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "mediation_desk"

#: Calls named ``action`` that are not the history's (argparse's store actions).
_NOT_HISTORY = frozenset({"add_argument"})


@dataclass
class Scan:
    actions: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)  # "file:line: expression"
    dynamic: list[str] = field(default_factory=list)  # attribute reads, e.g. ``event.value``


def _str(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _literals(node: ast.AST, constants: dict[str, str] | None = None) -> list[str]:
    """The strings an expression may evaluate to: literals, module constants (``constants``),
    either branch of ``a if c else b``."""
    if (s := _str(node)) is not None:
        return [s]
    if isinstance(node, ast.Name) and constants and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        return _literals(node.body, constants) + _literals(node.orelse, constants)
    return []


def _is_str(annotation: ast.expr | None) -> bool:
    return isinstance(annotation, ast.Name) and annotation.id == "str"


def _functions(
    trees: dict[Path, ast.Module],
) -> tuple[dict[str, tuple[int, list[str]]], set[str]]:
    """Functions taking a history action (a parameter ``action: str``): name → (its position,
    its default's literals); and the names of those whose ``action`` is something else (a
    callable, a ``SessionAction``…), whose calls are not the history's."""
    found: dict[str, tuple[int, list[str]]] = {}
    others: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            param = next((a for a in (*positional, *args.kwonlyargs) if a.arg == "action"), None)
            if param is None:
                continue
            if not _is_str(param.annotation):
                others.add(node.name)
                continue
            defaults: list[str] = []
            index = positional.index(param) if param in positional else -1
            if index >= 0 and args.defaults:
                offset = len(positional) - len(args.defaults)
                if index >= offset:
                    defaults = _literals(args.defaults[index - offset])
            elif index < 0:
                default = args.kw_defaults[args.kwonlyargs.index(param)]
                defaults = _literals(default) if default is not None else []
            if positional and positional[0].arg in ("self", "cls"):
                index -= 1
            found[node.name] = (index, defaults)
    return found, others - set(found)


def _constants(trees: dict[Path, ast.Module]) -> dict[str, str]:
    """Module-level ``NAME = "text"`` constants of the core, by name."""
    out: dict[str, str] = {}
    for tree in trees.values():
        for node in tree.body:
            if isinstance(node, ast.Assign) and (s := _str(node.value)) is not None:
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        out[target.id] = s
    return out


def _assigned(function: ast.AST, name: str, constants: dict[str, str]) -> list[str]:
    """What ``function`` assigns to ``name`` (plain or tuple assignments)."""
    out: list[str] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == name:
                out += _literals(node.value, constants)
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                for t, v in zip(target.elts, node.value.elts, strict=False):
                    if isinstance(t, ast.Name) and t.id == name:
                        out += _literals(v, constants)
    return out


def _parameters(function: ast.AST) -> set[str]:
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return set()
    a = function.args
    return {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _is_history_call(name: str, others: set[str]) -> bool:
    """Not argparse's ``add_argument(action=…)``, not a function whose ``action`` is no
    history action, not a class other than the history row (``AuditRow(action=…)`` copies)."""
    if name in _NOT_HISTORY or name in others:
        return False
    return not name[:1].isupper() or name == "HistoryEntry"


def scan(root: Path = CORE) -> Scan:
    trees = {p: ast.parse(p.read_text("utf-8"), str(p)) for p in sorted(root.rglob("*.py"))}
    functions, others = _functions(trees)
    constants = _constants(trees)
    result = Scan()
    for _, defaults in functions.values():
        result.actions.update(defaults)
    for path, tree in trees.items():
        where = path.relative_to(root.parent)
        enclosing: dict[ast.AST, ast.AST] = {}
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(fn):
                    enclosing[inner] = fn  # innermost wins: walked outer first
        for node in ast.walk(tree):
            expr: ast.expr | None = None
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if key is not None and _str(key) == "action":
                        expr = value
            elif isinstance(node, ast.Call) and _is_history_call(_call_name(node), others):
                for kw in node.keywords:
                    if kw.arg == "action":
                        expr = kw.value
                name = _call_name(node)
                if expr is None and name in functions:
                    index = functions[name][0]
                    args = node.args
                    if 0 <= index < len(args) and not any(
                        isinstance(a, ast.Starred) for a in args[: index + 1]
                    ):
                        expr = args[index]
            if expr is None:
                continue
            line = f"{where}:{getattr(expr, 'lineno', '?')}: {ast.unparse(expr)}"
            fn = enclosing.get(node)
            if found := _literals(expr, constants):
                result.actions.update(found)
            elif isinstance(expr, ast.Name) and fn is not None:
                if local := _assigned(fn, expr.id, constants):
                    result.actions.update(local)
                elif expr.id not in _parameters(fn):
                    result.unresolved.append(line)
                # else passed on: the callers' arguments are scanned
            elif isinstance(expr, ast.Attribute):
                result.dynamic.append(line)
            else:
                result.unresolved.append(line)
    return result
