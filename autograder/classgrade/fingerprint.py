"""Document fingerprints of Python answers that survive what copiers do to code.

The method is winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms
for document fingerprinting", SIGMOD 2003; the method of MOSS), applied not to the
text but to a normalised token stream of the code's syntax tree:

1. *parse* the answer (IPython ``%magic`` and ``!shell`` lines are dropped): comments
   and whitespace are gone, and docstrings and bare strings are dropped;
2. *inline* every helper function the answer defines and calls exactly once, so that
   an extracted helper and the inlined code read alike;
3. turn ``acc = []`` + ``for ...: acc.append(e)`` loops (with an ``if`` and nested
   loops) into the list comprehension they build, so a loop and a comprehension
   read alike;
4. put independent statements in a canonical order: each statement list is sorted
   topologically by its data dependencies (names read and written; a method call
   writes its receiver, a bare call its arguments; ``return``, ``raise``, ``break``
   and the like stay where they are), ties broken by the statements' normalised text;
5. *tokenise* the tree in pre-order: node kinds, operators, attribute and library
   names stay, every name the answer binds itself (variables, parameters, its own
   functions) becomes ``V``, numbers become ``N`` and strings ``S``;
6. hash every k-gram of tokens and keep, in each window of ``WINDOW`` consecutive
   hashes, the smallest (winnowing): two answers sharing a run of at least
   ``K + WINDOW - 1`` tokens share at least one fingerprint, whatever surrounds it.

Fingerprints are Python ``hash`` values: stable within one process (every comparison
of a run happens in one), not across processes, so they are never stored.
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import heapq
import re

K = 10          # tokens per k-gram (about one short statement)
WINDOW = 4      # winnowing window: any shared run of K + WINDOW - 1 tokens is seen
MAGIC = re.compile(r"^(\s*)[%!].*$", re.M)


@dataclasses.dataclass
class Fingerprints:
    """One answer's fingerprints: hash -> token positions where its k-gram starts, and
    the original source line of every token (for the evidence)."""
    hashes: dict[int, list[int]]
    lines: list[int]
    tokens: list[str]

    def line_span(self, position: int) -> set[int]:
        return set(self.lines[position:position + K])


def parse(text: str) -> ast.Module:
    """The answer's tree; raises SyntaxError for code Python cannot read."""
    return ast.parse(MAGIC.sub(lambda m: m.group(1) + "pass", text))


# -- 1. docstrings --------------------------------------------------------------------

def drop_strings(tree: ast.AST) -> None:
    """Remove docstrings and bare string statements (prose, not code)."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                kept = [s for s in body if not (isinstance(s, ast.Expr) and isinstance(
                    s.value, ast.Constant) and isinstance(s.value.value, str))]
                setattr(node, field, kept or [ast.Pass()])


# -- 2. one-use helpers ---------------------------------------------------------------

def _bodies(tree: ast.AST):
    """Every statement list of the tree, with its owner and field name."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                yield node, field, body
        for handler in getattr(node, "handlers", []) or []:
            yield handler, "body", handler.body


class _Substitute(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, ast.expr]):
        self.mapping = mapping

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.mapping:
            return ast.copy_location(copy.deepcopy(self.mapping[node.id]), node)
        return node


def _inlinable(fn: ast.FunctionDef) -> bool:
    a = fn.args
    if fn.decorator_list or a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
        return False
    if not fn.body or not isinstance(fn.body[-1], ast.Return) or fn.body[-1].value is None:
        return False
    inner = [n for s in fn.body for n in ast.walk(s)]
    if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal, ast.Await))
           for n in inner):
        return False
    returns = [n for n in inner if isinstance(n, ast.Return)]
    return len(returns) == 1


def _arguments(fn: ast.FunctionDef, call: ast.Call) -> dict[str, ast.expr] | None:
    names = [a.arg for a in fn.args.args]
    defaults = dict(zip(names[len(names) - len(fn.args.defaults):], fn.args.defaults))
    if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > len(names):
        return None
    bound = dict(zip(names, call.args))
    for kw in call.keywords:
        if kw.arg is None or kw.arg not in names or kw.arg in bound:
            return None
        bound[kw.arg] = kw.value
    for name in names:
        if name not in bound:
            if name not in defaults:
                return None
            bound[name] = defaults[name]
    return bound


def inline_helpers(tree: ast.Module) -> None:
    """Inline each function the answer defines and calls exactly once (at most once
    per function; a helper whose single call sits in a comprehension or lambda is
    inlined only if its body is a single ``return``)."""
    for _ in range(10):  # helpers calling helpers: a few rounds
        if not _inline_one(tree):
            return


def _inline_one(tree: ast.Module) -> bool:
    defs = {}
    for owner, field, body in _bodies(tree):
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef):
                defs.setdefault(stmt.name, []).append((owner, field, stmt))
    uses: dict[str, list[ast.Name]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            uses.setdefault(node.id, []).append(node)
    calls = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, []).append(node)
    for name, found in defs.items():
        if len(found) != 1 or len(uses.get(name, [])) != 1 or len(calls.get(name, [])) != 1:
            continue
        owner, field, fn = found[0]
        call = calls[name][0]
        if not _inlinable(fn) or any(call is n for n in ast.walk(fn)):
            continue
        bound = _arguments(fn, call)
        if bound is None:
            continue
        if _replace_call(tree, fn, call, bound):
            getattr(owner, field).remove(fn)
            if not getattr(owner, field):
                setattr(owner, field, [ast.Pass()])
            return True
    return False


def _replace_call(tree, fn, call, bound) -> bool:
    stored = {n.id for s in fn.body for n in ast.walk(s)
              if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    read_only = {k: v for k, v in bound.items() if k not in stored}
    body = [copy.deepcopy(s) for s in fn.body]
    prelude = [ast.Assign([ast.Name(k, ast.Store())], copy.deepcopy(v), lineno=call.lineno)
               for k, v in bound.items() if k in stored]
    body = prelude + [_Substitute(read_only).visit(s) for s in body]
    result = body.pop().value
    if not body:
        return _swap(tree, call, result)
    for owner, field, stmts in list(_bodies(tree)):
        for index, stmt in enumerate(stmts):
            if stmt is fn:
                continue
            nodes = list(ast.walk(stmt))
            if not any(n is call for n in nodes):
                continue
            if any(isinstance(n, (ast.Lambda, ast.comprehension, ast.FunctionDef))
                   and n is not stmt and any(m is call for m in ast.walk(n)) for n in nodes):
                return False  # the call runs later, or many times: keep the helper
            if isinstance(stmt, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
                return False  # the call is in a header or nested body: not inlined
            _swap(stmt, call, result)
            stmts[index:index] = body
            return True
    return False


def _swap(root, old, new) -> bool:
    for node in ast.walk(root):
        for field, value in ast.iter_fields(node):
            if value is old:
                setattr(node, field, new)
                return True
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return True
    return False


# -- 3. loops building lists ----------------------------------------------------------

def _appended(stmt: ast.stmt, acc: str):
    """(element, generators, pending ifs) if ``stmt`` only appends to ``acc``; the
    pending conditions belong to the loop around ``stmt``."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call, f = stmt.value, stmt.value.func
        if (isinstance(f, ast.Attribute) and f.attr == "append" and isinstance(f.value, ast.Name)
                and f.value.id == acc and len(call.args) == 1 and not call.keywords):
            return call.args[0], [], []
        return None
    if isinstance(stmt, ast.If) and len(stmt.body) == 1 and not stmt.orelse:
        inner = _appended(stmt.body[0], acc)
        return None if inner is None else (inner[0], inner[1], [stmt.test] + inner[2])
    if isinstance(stmt, ast.For) and len(stmt.body) == 1 and not stmt.orelse:
        inner = _appended(stmt.body[0], acc)
        if inner is None:
            return None
        elt, gens, ifs = inner
        return elt, [ast.comprehension(stmt.target, stmt.iter, ifs, 0)] + gens, []
    return None


def _names(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def loops_to_comprehensions(tree: ast.Module) -> None:
    """``acc = []`` then ``for x in it: [if c:] acc.append(e)`` -> ``acc = [e for x in
    it if c]`` (statements in between that do not mention ``acc`` are allowed)."""
    for _, _, body in list(_bodies(tree)):
        index = 0
        while index < len(body):
            stmt = body[index]
            found = _list_loop(body, index) if isinstance(stmt, ast.For) else None
            if found is not None:
                start, acc, elt, gens = found
                new = ast.Assign([ast.Name(acc, ast.Store())], ast.ListComp(elt, gens),
                                 lineno=stmt.lineno)
                ast.copy_location(new, stmt)
                body[index] = new
                del body[start]
                index -= 1
            index += 1


def _list_loop(body, index):
    for start in range(index - 1, -1, -1):
        init = body[start]
        if (isinstance(init, ast.Assign) and len(init.targets) == 1
                and isinstance(init.targets[0], ast.Name) and _empty_list(init.value)):
            acc = init.targets[0].id
            if any(acc in _names(s) for s in body[start + 1:index]):
                return None
            found = _appended(body[index], acc)
            if found is None or not found[1] or found[2] or acc in _names(found[0]):
                return None
            return start, acc, found[0], found[1]
    return None


def _empty_list(node) -> bool:
    return (isinstance(node, ast.List) and not node.elts) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id == "list" and not node.args and not node.keywords)


# -- 4. canonical statement order -----------------------------------------------------

BARRIERS = (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Global, ast.Nonlocal,
            ast.Assert, ast.Delete, ast.Yield, ast.YieldFrom, ast.Await, ast.Try, ast.With)


def _effects(stmt: ast.stmt, local: set[str]) -> tuple[set[str], set[str], bool]:
    """(names read, names written, is a barrier) of one statement."""
    reads, writes, barrier = set(), set(), isinstance(stmt, BARRIERS)
    if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
        writes.add(stmt.name)
        for d in stmt.decorator_list + getattr(stmt.args, "defaults", []) if \
                isinstance(stmt, ast.FunctionDef) else stmt.decorator_list:
            reads |= _names(d)
        return reads, writes, False
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return reads, {(a.asname or a.name).split(".")[0] for a in stmt.names}, False
    for node in ast.walk(stmt):
        if isinstance(node, BARRIERS):
            barrier = True
        if isinstance(node, ast.Name):
            (reads if isinstance(node.ctx, ast.Load) else writes).add(node.id)
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and not isinstance(
                node.ctx, ast.Load):
            writes |= {_base(node)} - {None}
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                base = _base(node.func.value)
                if base in local:
                    writes.add(base)
            if isinstance(stmt, ast.Expr):
                for arg in node.args:
                    writes |= {_base(arg)} - {None}
    if isinstance(stmt, ast.AugAssign):
        writes |= {_base(stmt.target)} - {None}
    return reads, writes, barrier


def _base(node):
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def canonical_order(tree: ast.Module, local: set[str]) -> None:
    """Sort every statement list topologically by data dependency, ties by text."""
    for _, _, body in list(_bodies(tree)):
        if len(body) > 1:
            body[:] = _sorted(body, local)


def _sorted(body: list[ast.stmt], local: set[str]) -> list[ast.stmt]:
    effects = [_effects(s, local) for s in body]
    keys = [" ".join(t for t, _ in tokens(s, local)) for s in body]
    after: list[set[int]] = [set() for _ in body]
    before = [0] * len(body)
    for j in range(len(body)):
        rj, wj, bj = effects[j]
        for i in range(j):
            ri, wi, bi = effects[i]
            if bi or bj or wi & (rj | wj) or wj & ri:
                after[i].add(j)
                before[j] += 1
    ready = [(keys[i], i) for i in range(len(body)) if before[i] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        _, i = heapq.heappop(ready)
        out.append(body[i])
        for j in after[i]:
            before[j] -= 1
            if before[j] == 0:
                heapq.heappush(ready, (keys[j], j))
    return out


# -- 5. tokens ------------------------------------------------------------------------

def bound_names(tree: ast.AST) -> set[str]:
    """Names the answer binds itself (renamable by a copier without changing the code)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
    return out


OPERATORS = (ast.operator, ast.boolop, ast.cmpop, ast.unaryop)


def tokens(node: ast.AST, local: set[str], line: int = 0) -> list[tuple[str, int]]:
    """The pre-order token stream of ``node``: (token, source line)."""
    out: list[tuple[str, int]] = []
    _emit(node, local, getattr(node, "lineno", line), out)
    return out


def _emit(node, local, line, out) -> None:
    line = getattr(node, "lineno", line) or line
    if isinstance(node, ast.expr_context):
        return
    if isinstance(node, ast.Name):
        out.append(("V" if node.id in local else node.id, line))
        return
    if isinstance(node, ast.Constant):
        value = node.value
        out.append(("S" if isinstance(value, (str, bytes)) else
                    repr(value) if value is None or isinstance(value, bool) else "N", line))
        return
    out.append((type(node).__name__, line))
    if isinstance(node, OPERATORS):
        return
    for field, value in ast.iter_fields(node):
        if isinstance(value, ast.AST):
            _emit(value, local, line, out)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    _emit(item, local, line, out)
                elif isinstance(item, str):  # Global / Nonlocal names
                    out.append(("V", line))
        elif isinstance(value, str) and field in ("attr", "module"):
            out.append((value, line))
        elif isinstance(value, str) and field in ("name", "arg", "asname"):
            out.append(("V" if value in local else value, line))


# -- all together ---------------------------------------------------------------------

def normalised_tokens(text: str) -> list[tuple[str, int]]:
    """The answer's tokens after every normalisation (raises SyntaxError)."""
    tree = parse(text)
    drop_strings(tree)
    inline_helpers(tree)
    loops_to_comprehensions(tree)
    local = bound_names(tree)
    canonical_order(tree, local)
    return tokens(tree, local)


def winnow(stream: list[tuple[str, int]], k: int = K, window: int = WINDOW) -> Fingerprints:
    """Fingerprints of a token stream (all its k-gram hashes if it is shorter than a
    window, none if it is shorter than one k-gram)."""
    words = [t for t, _ in stream]
    lines = [line for _, line in stream]
    grams = [hash(tuple(words[i:i + k])) for i in range(len(words) - k + 1)]
    chosen: dict[int, list[int]] = {}
    if len(grams) < window:
        picks = range(len(grams))
    else:
        picks, last = [], -1
        for start in range(len(grams) - window + 1):
            # rightmost minimum of the window, recorded once per position
            best = min(range(start, start + window), key=lambda i: (grams[i], -i))
            if best != last:
                picks.append(best)
                last = best
    for i in picks:
        positions = chosen.setdefault(grams[i], [])
        if i not in positions:
            positions.append(i)
    return Fingerprints(chosen, lines, words)


def fingerprints(text: str) -> Fingerprints:
    """Winnowed fingerprints of an answer's normalised code (raises SyntaxError)."""
    return winnow(normalised_tokens(text))
