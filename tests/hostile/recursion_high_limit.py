# With sys.setrecursionlimit(200_000), runaway recursion must still end in
# RecursionError: the C-stack guard (docs/vm.md) stops it before the C stack
# overflows. CPython 3.11 crashes here (SIGSEGV in the first case already), so
# the expected output is ouro's own (written by hand, not by gen.sh); see
# docs/language.md, "Differences from CPython at run time".
import sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000   # limit and depth
# valgrind args: 30000
sys.setrecursionlimit(N)
def f(n): return f(n + 1)
try: f(0)
except RecursionError as e: print("python recursion:", type(e).__name__)
class R:
    def __repr__(self): return repr(self)
try: repr(R())
except RecursionError as e: print("repr:", type(e).__name__)
class E:
    def __eq__(self, o): return self == o
try: E() == E()
except RecursionError as e: print("eq:", type(e).__name__)
class I:
    def __init__(self): I()
try: I()
except RecursionError as e: print("init:", type(e).__name__)
class Del:
    def __del__(self):
        try:
            f(0)
        except RecursionError as e:
            print("in __del__:", type(e).__name__)
Del()
l = []
for i in range(N): l = [l]
try: repr(l)
except RecursionError as e: print("deep repr:", type(e).__name__)
a = []; b = []
for i in range(N): a = [a]; b = [b]
try: a == b
except RecursionError as e: print("deep ==:", type(e).__name__)
print("end")
