# How deep a recursion through a builtin goes before RecursionError, at the
# default limit of 1000. CPython 3.11 counts one level per Python frame and
# one more for some builtins: len() and the vector-call builtins such as
# getattr() count none once their call site is specialised, METH_O ones
# such as repr() count one, and repr() and == count their own. ouro counts
# as the specialised call sites do (CPython counts a few more levels while
# a call site warms up: 990 for len here, ouro 998), so the bounds below
# hold in both. Before, ouro counted every builtin call: len() stopped at
# 499 levels.
import sys


class A:
    def __len__(self):
        global depth
        depth += 1
        return len(A())

    def __getattr__(self, name):
        global depth
        depth += 1
        return getattr(A(), name)

    def __repr__(self):
        global depth
        depth += 1
        return repr(A())

    def __eq__(self, other):
        global depth
        depth += 1
        return A() == A()

    def __hash__(self):
        return 0


def attempt(what, run, low, high):
    global depth
    depth = 0
    try:
        run()
        print(what, "no RecursionError")
    except RecursionError as e:
        print(what, low <= depth <= high, e)


print(sys.getrecursionlimit())
attempt("len", lambda: len(A()), 980, 999)
attempt("getattr", lambda: A().missing, 980, 999)
attempt("repr", lambda: repr(A()), 320, 334)
attempt("==", lambda: A() == 1, 490, 500)
sys.setrecursionlimit(300)
attempt("len at 300", lambda: len(A()), 280, 299)
sys.setrecursionlimit(1000)
