"""Disguised copies of answers: what a student does to someone else's code to hide it.

The similarity check (``autograder/classgrade/similarity.py``) is measured on these
(``tools/benchmark_similarity.py``): each transformation of issue 27, applied alone
to an answer cell's source, and all of them at once. A transformation that finds
nothing to change in an answer (no helper to inline, no loop building a list) returns
``None``: the answer has no copy of that kind. Copies stay correct Python with the
graded functions' names; they are never run here.
"""
from __future__ import annotations

import ast
import copy
import io
import keyword
import random
import re
import tokenize

from autograder.classgrade import fingerprint

WORDS = ("val", "tmp", "res", "arr", "buf", "acc", "item", "data", "cur", "nxt", "out",
         "step", "part", "blk", "mat", "vec", "aux", "elem", "stuff", "thing")


def _graded_names(text: str) -> set[str]:
    """The answer cell's top-level functions and classes: their names are the contract
    with the grader, which a copier keeps."""
    tree = ast.parse(text)
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def rename(text: str, seed: int = 0, keep: set[str] | None = None) -> str | None:
    """Rename every variable, parameter and helper the answer binds (not the graded
    functions); comments and layout are kept."""
    tree = ast.parse(text)
    keep = _graded_names(text) if keep is None else keep
    bound = sorted(fingerprint.bound_names(tree) - keep)
    if not bound:
        return None
    rng = random.Random(seed)
    mapping = {}
    for i, name in enumerate(bound):
        mapping[name] = f"{rng.choice(WORDS)}_{i}{rng.choice('abcxyz')}"
    out, previous = [], None
    lines = text.splitlines(keepends=True)
    edits = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.NAME and tok.string in mapping and previous != "." \
                and not keyword.iskeyword(tok.string):
            edits.append((tok.start, tok.end, mapping[tok.string]))
        elif tok.type == tokenize.STRING and "f" in tok.string.split("'")[0].split('"')[0] \
                .lower() and tok.start[0] == tok.end[0]:  # names inside an f-string
            edits.append((tok.start, tok.end, _rename_fstring(tok.string, mapping)))
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                            tokenize.INDENT, tokenize.DEDENT):
            previous = tok.string
    for (row, col), (_, end), new in reversed(edits):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new + line[end:]
    out = "".join(lines)
    ast.parse(out)
    return out


def _rename_fstring(text: str, mapping: dict[str, str]) -> str:
    def field(m):
        return re.sub(r"\b[A-Za-z_]\w*\b", lambda n: mapping.get(n.group(0), n.group(0))
                      if not m.group(0)[:n.start()].rstrip().endswith(".") else n.group(0),
                      m.group(0))
    return re.sub(r"\{[^{}]*\}", field, text)


def reorder(text: str, seed: int = 0) -> str | None:
    """Swap independent statements (a different valid order of each statement list)."""
    tree = ast.parse(text)
    local = fingerprint.bound_names(tree)
    rng = random.Random(seed)
    changed = False
    for _, _, body in list(fingerprint._bodies(tree)):
        effects = [fingerprint._effects(s, local) for s in body]
        i = 0
        while i < len(body) - 1:
            (ra, wa, ba), (rb, wb, bb) = effects[i], effects[i + 1]
            independent = not (ba or bb or wa & (rb | wb) or wb & ra)
            docstring = i == 0 and isinstance(body[0], ast.Expr)
            if independent and not docstring and rng.random() < 0.8:
                body[i], body[i + 1] = body[i + 1], body[i]
                effects[i], effects[i + 1] = effects[i + 1], effects[i]
                changed = True
                i += 2
            else:
                i += 1
    return ast.unparse(tree) + "\n" if changed else None


def recomment(text: str, seed: int = 0) -> str | None:
    """Drop the comments, write others, re-indent by two spaces, add blank lines and
    spaces."""
    rng = random.Random(seed)
    code = ast.unparse(ast.parse(text))
    out = []
    for line in code.splitlines():
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        indent = "  " * depth
        if stripped.startswith(("for ", "if ", "return ", "def ")) and rng.random() < 0.7:
            out.append(f"{indent}# {rng.choice(['now', 'here we go', 'main part', 'step'])}")
        if rng.random() < 0.2:
            out.append("")
        out.append(indent + stripped.replace(", ", " , ") if rng.random() < 0.3
                   else indent + stripped)
    result = "\n".join(out) + "\n"
    try:
        ast.parse(result)
    except SyntaxError:  # a multi-line string re-indented: keep four spaces
        return code + "\n# done\n"
    return result


def inline(text: str, seed: int = 0) -> str | None:
    """Inline the helpers the answer defines and calls once."""
    tree = ast.parse(text)
    before = ast.dump(tree)
    fingerprint.inline_helpers(tree)
    return None if ast.dump(tree) == before else ast.unparse(tree) + "\n"


def extract(text: str, seed: int = 0) -> str | None:
    """Move the largest expression of a graded function into a helper of its own."""
    tree = ast.parse(text)
    graded = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    best = None
    for fn in graded:
        local = {a.arg for a in fn.args.args} | {
            n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        for node in ast.walk(fn):
            for field in ("value",):
                expr = getattr(node, field, None)
                if not isinstance(node, (ast.Assign, ast.Return, ast.AugAssign)) or \
                        not isinstance(expr, ast.expr):
                    continue
                if any(isinstance(n, (ast.Lambda, ast.NamedExpr, ast.Yield, ast.Await))
                       for n in ast.walk(expr)):
                    continue
                size = sum(1 for _ in ast.walk(expr))
                if best is None or size > best[0]:
                    best = (size, node, expr, local)
    if best is None or best[0] < 6:
        return None
    _, holder, expr, local = best
    stored = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)
              and not isinstance(n.ctx, ast.Load)}
    params = sorted({n.id for n in ast.walk(expr) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Load) and n.id in local} - stored)
    name = f"_{random.Random(seed).choice(WORDS)}_part"
    helper = ast.FunctionDef(name, ast.arguments([], [ast.arg(p) for p in params], None, [],
                                                 [], None, []),
                             [ast.Return(copy.deepcopy(expr))], [], None, None)
    holder.value = ast.Call(ast.Name(name, ast.Load()), [ast.Name(p, ast.Load())
                                                        for p in params], [])
    tree.body.insert(0, helper)
    ast.fix_missing_locations(tree)
    return ast.unparse(tree) + "\n"


def comprehend(text: str, seed: int = 0) -> str | None:
    """Turn loops that build a list with ``append`` into list comprehensions."""
    tree = ast.parse(text)
    before = ast.dump(tree)
    fingerprint.loops_to_comprehensions(tree)
    return None if ast.dump(tree) == before else ast.unparse(tree) + "\n"


TRANSFORMS = {"rename": rename, "reorder": reorder, "comments": recomment,
              "inline": inline, "extract": extract, "comprehension": comprehend}


def everything(text: str, seed: int = 0) -> str | None:
    """Every transformation that applies, one after the other."""
    out = text
    for transform in (inline, comprehend, extract, reorder, rename, recomment):
        changed = transform(out, seed)
        out = changed if changed is not None else out
    return out


ALL = dict(TRANSFORMS, all=everything)


def disguised(text: str, seed: int = 0) -> dict[str, str]:
    """transformation -> the disguised copy, for every transformation that applies."""
    out = {}
    for name, transform in ALL.items():
        try:
            copy_text = transform(text, seed)
        except SyntaxError:
            continue
        if copy_text is not None and copy_text != text:
            out[name] = copy_text
    return out
