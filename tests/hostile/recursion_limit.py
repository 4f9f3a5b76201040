# RecursionError, never a crash: plain recursion, and recursion through
# __repr__, __eq__, __init__, __hash__, __getattr__, __len__, __str__, __bool__,
# __add__, __iter__, sort comparisons, and repr/== of 100,000-deep nestings.
# Where ouro names another operation in the message than CPython (the check
# that fires first differs, docs/language.md), only the type is printed.
# The nestings are N deep (the first argument; 100,000 by default).
# valgrind args: 5000
import sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
def f(n): return f(n + 1)
try: f(0)
except RecursionError as e: print("plain:", e)

class R:
    def __repr__(self): return repr(self)
try: repr(R())
except RecursionError as e: print("repr:", type(e).__name__)

class R2:
    def __init__(self): self.me = [self]
    def __repr__(self): return "R2(%r)" % (self.me,)
try: repr(R2())
except RecursionError as e: print("repr2:", type(e).__name__)

class E:
    def __eq__(self, other): return self == other
try: E() == E()
except RecursionError as e: print("eq:", type(e).__name__)

class E2:
    def __eq__(self, other): return [self] == [other]
try: E2() == E2()
except RecursionError as e: print("eq list:", type(e).__name__)

class I:
    def __init__(self): I()
try: I()
except RecursionError as e: print("init:", type(e).__name__)

class H:
    def __hash__(self): return hash(self)
try: hash(H())
except RecursionError as e: print("hash:", type(e).__name__)

class G:
    def __getattr__(self, name): return self.missing
try: G().x
except RecursionError as e: print("getattr:", type(e).__name__)

class L:
    def __len__(self): return len(self)
try: len(L())
except RecursionError as e: print("len:", type(e).__name__)

class S:
    def __str__(self): return str(self)
try: print(S())
except RecursionError as e: print("str:", type(e).__name__)

class B:
    def __bool__(self): return not self
try: bool(B())
except RecursionError as e: print("bool:", type(e).__name__)

class A:
    def __add__(self, o): return self + o
try: A() + 1
except RecursionError as e: print("add:", type(e).__name__)

class It:
    def __iter__(self): return iter(self)
try: iter(It())
except RecursionError as e: print("iter:", type(e).__name__)

class Lt:
    def __lt__(self, o): return sorted([self, o])
try: sorted([Lt(), Lt()])
except RecursionError as e: print("sort:", type(e).__name__)

l = []
for i in range(N): l = [l]
try: repr(l)
except RecursionError as e: print("deep list repr:", e)
d = {}
for i in range(N): d = {1: d}
try: repr(d)
except RecursionError as e: print("deep dict repr:", e)
a = []; b = []
for i in range(N): a = [a]; b = [b]
try: a == b
except RecursionError as e: print("deep list eq:", e)
t = ()
for i in range(N): t = (t,)
try: str(t)
except RecursionError as e: print("deep tuple str:", e)
print("limit", sys.getrecursionlimit())
def g(n):
    try: return g(n + 1)
    except RecursionError: return n
print(g(0) > 900)
print("still alive")
f(0)
