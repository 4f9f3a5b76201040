#!/usr/bin/env python3
"""Regenerates the expected files of tests/compiler from CPython 3.11.

Run from the repository root with python3 (3.11):
    python3 tests/compiler/gen_expected.py

  corpus/NAME.py   -> NAME.ast  (ast.dump(tree))
                      NAME.attr (ast.dump(tree, include_attributes=True))
  errors/NAME.py   -> NAME.err  ("Kind lineno offset end_lineno end_offset" and
                                 the message: the SyntaxError of ast.parse, that is
                                 of compile(src, "x.py", "exec") up to the parser)
  interactive.txt  <- INTERACTIVE below, against codeop.compile_command
  eval.txt         <- EVAL below, against compile(src, "<string>", "eval")

unsupported/*.err are written by hand: those are the constructs ouro rejects
on purpose, so CPython has no opinion on them.
"""
import ast
import codeop
import glob
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))

PyCF_DONT_IMPLY_DEDENT = 0x200
PyCF_ALLOW_INCOMPLETE_INPUT = 0x4000


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")


def escape(src):
    return src.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def gen_corpus():
    for path in sorted(glob.glob(os.path.join(HERE, "corpus", "*.py"))):
        src = open(path, "rb").read().decode("utf-8")
        try:
            tree = ast.parse(src, os.path.basename(path))
        except SyntaxError as e:
            sys.exit("%s: %s" % (path, e))
        base = path[:-3]
        write(base + ".ast", ast.dump(tree))
        write(base + ".attr", ast.dump(tree, include_attributes=True))


def gen_errors():
    for path in sorted(glob.glob(os.path.join(HERE, "errors", "*.py"))):
        # As str, like compile(src, "x.py", "exec"): offsets in characters.
        src = open(path, "rb").read().decode("utf-8")
        try:
            ast.parse(src, "x.py")
        except SyntaxError as e:
            write(path[:-3] + ".err", "%s %d %d %d %d\n%s" % (
                type(e).__name__, e.lineno, e.offset, e.end_lineno, e.end_offset, e.msg))
            continue
        sys.exit("%s: parses without error" % path)


# Lines typed at the REPL, joined with "\n" (no final "\n" unless the user
# entered an empty line).
INTERACTIVE = [
    "x = 1", "x = 1\n", "", "# comment", "  \n", "if x:", "if x:\n", "if x:\n    y",
    "if x:\n    y\n", "if x:\n    y\nelse:", "if x:\n    y\nelse:\n    z\n",
    "if x:\n  y\nz = 1", "x = (1,", "x = [1,\n2]", "x = '''abc", "x = '''abc\ndef'''",
    "x = \\", "x = 1 +", "x = 1 2", "x = 'abc", "a\nb", "@dec", "@dec\ndef f(): pass",
    "def f():\n  return 1", "def f():\n  return 1\n", "for x in y:\n  pass\nelse:\n  pass\n",
    "class A:\n    x = 1\n\n", "x = 1; y = 2", "x = 1;", "print(1)  # c", "try:\n  x\nexcept:",
    "try:\n  x\nexcept E:\n  y\n", "while True:\n    break\n", "f(x for x in y)", "{", "[1, 2,",
    "x = f'{a}'", "1 +\n", "def f(:", "  x = 1", "lambda: (", "x = {'a': 1,\n 'b': 2}",
    "if x:\n    y\n  z", "with a as b:\n    pass\n", "from m import (a,", "del x", "x: int = 3",
    "if x: pass", "if x: pass\n", "if x: pass\n  ", "def f(): pass", "class A: pass", "f() = 1",
    "x = 1 2", "f(a b)", "f(a b", "if x", "1 = 2 = 3", "del 1", "x = (1 2)", "pass\n  ", "print 'x'",
    "x = \"\"\"a\nb", "x = 'a\\\nb", "if x:\n    pass\n\n", "try:\n  pass\nfinally:",
 "x = [\n", "import a.b as c", "for x in range(3): print(x)\n", "a = b = c",
    "\tx = 1", "if x:\n\ty\n", "x = 1\ny = 2\n", "x = 1 if y else", "lambda x:",
]

EVAL = [
    "1", "x + y", "  1", "1,", "1, 2", "(1,\n2)", "x if y else z", "lambda x: x", "[x for x in y]",
    "1\n\n", "# c\n1", "1 2", "x = 1", "", "yield x", "*a", "*a, b", "f(*a, **k)", "a[1:2, ::3]",
    "not x in y", "1 if 2", "{**a, 'b': 1}", "f'{x!r:>10}'", "'a' 'b'", "b'a' b'b'",
]


def gen_lines(name, cases, compile_one):
    lines = []
    for src in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            status, detail = compile_one(src)
        lines.append("%s\t%s\t%s" % (status, detail, escape(src)))
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def interactive_one(src):
    try:
        code = codeop.compile_command(src)
    except SyntaxError as e:
        return "ERROR", "%s: %s" % (type(e).__name__, e.msg)
    if code is None:
        return "INCOMPLETE", ""
    blank = all(not l.strip() or l.strip().startswith("#") for l in src.split("\n"))
    if blank:
        return "OK", "Interactive(body=[])"
    tree = compile(src, "<input>", "single",
                   ast.PyCF_ONLY_AST | PyCF_DONT_IMPLY_DEDENT | PyCF_ALLOW_INCOMPLETE_INPUT)
    return "OK", ast.dump(tree)


def eval_one(src):
    try:
        return "OK", ast.dump(ast.parse(src, "<string>", "eval"))
    except SyntaxError as e:
        return "ERROR", "%s: %s" % (type(e).__name__, e.msg)


def main():
    gen_corpus()
    gen_errors()
    gen_lines("interactive.txt", INTERACTIVE, interactive_one)
    gen_lines("eval.txt", EVAL, eval_one)


main()
