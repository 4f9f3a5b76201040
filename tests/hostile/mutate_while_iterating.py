# Mutating a list, dict or set while iterating it, or while a comparison,
# lookup, sort or repr that uses it runs: a clean error or a clean result
# as CPython, never a crash.
import gc
def attempt(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)
# dict mutated during iteration
d = {i: i for i in range(10)}
def it_dict():
    for k in d: d[k + 100] = 1
attempt("dict add during iter", it_dict)
d = {i: i for i in range(10)}
def del_dict():
    for k in d: del d[k]
attempt("dict del during iter", del_dict)
d = {i: i for i in range(10)}
def pop_add():
    for k in d:
        d.pop(k); d[k + 1000] = 0
attempt("dict pop+add during iter", pop_add)
d = {i: i for i in range(10)}
def vals():
    for v in d.values(): d.clear()
attempt("dict clear during values", vals)
d = {i: i for i in range(10)}
def items():
    for kv in d.items(): d.update({-1: 0, -2: 0})
attempt("dict update during items", items)
s = set(range(10))
def set_it():
    for x in s: s.add(x + 100)
attempt("set add during iter", set_it)
# list mutated during iteration: no error in CPython, must terminate
l = list(range(10))
def list_rm():
    out = []
    for x in l:
        out.append(x); l.remove(x)
    return out, l
attempt("list remove during iter", list_rm)
l = [1]
def list_grow():
    for x in l:
        if len(l) < 1000: l.append(x + 1)
    return len(l)
attempt("list grow during iter", list_grow)
l = list(range(10))
def list_clear():
    n = 0
    for x in l:
        l.clear(); n += 1
    return n
attempt("list clear during iter", list_clear)
# mutation inside __eq__ during comparisons
class Evil:
    def __init__(self, target): self.target = target
    def __eq__(self, other):
        self.target.clear()
        return False
    __hash__ = object.__hash__
l = []
l.extend([Evil(l) for i in range(5)])
attempt("list.index with clearing __eq__", lambda: l.index(0))
l = []
l.extend([Evil(l) for i in range(5)])
attempt("in with clearing __eq__", lambda: 0 in l)
l = []
l.extend([Evil(l) for i in range(5)])
attempt("count with clearing __eq__", lambda: l.count(0))
l = []
l.extend([Evil(l) for i in range(5)])
attempt("remove with clearing __eq__", lambda: l.remove(0))
a = []; b = []
a.extend([Evil(a) for i in range(5)]); b.extend([Evil(b) for i in range(5)])
attempt("list == with clearing __eq__", lambda: a == b)
# dict lookup where __eq__ mutates the dict
class K:
    def __init__(self, d): self.d = d
    def __hash__(self): return 1
    def __eq__(self, other):
        self.d.clear()
        return False
d = {}
for i in range(5): d[K(d)] = i
attempt("dict lookup, __eq__ clears", lambda: d.get(K(d)))
d = {}
d[K(d)] = 1
def ins(): d[K(d)] = 2; return len(d)
attempt("dict insert, __eq__ clears", ins)
d1 = {}
d2 = {}
class VEq:
    def __eq__(self, o):
        d1.clear(); d2.clear(); return True
for i in range(5): d1[i] = VEq(); d2[i] = VEq()
attempt("dict == with clearing value __eq__", lambda: d1 == d2)
# sort while list mutated by key / comparisons
l = list(range(20))
def key(x):
    l.append(x)
    return x
attempt("sort with key mutating", lambda: l.sort(key=key))
l = list(range(20))
class C:
    def __init__(self, v): self.v = v
    def __lt__(self, o):
        l.append(1); return self.v < o.v
l = [C(i) for i in range(20)]
attempt("sort with __lt__ mutating", lambda: l.sort())
print(len(l))
# set comparisons mutating
class SE:
    def __hash__(self): return 0
    def __eq__(self, o):
        s.clear(); return False
s = set()
s.add(SE()); s.add(SE())
attempt("set membership, __eq__ clears", lambda: SE() in s)
# list repr mutating
class RM:
    def __repr__(self):
        l.clear(); return "RM"
l = [RM(), RM(), RM()]
attempt("repr clearing list", lambda: repr(l))
d = {1: None}
class DR:
    def __repr__(self):
        d.clear(); d[5] = 5; return "DR"
d = {1: DR(), 2: DR()}
attempt("repr mutating dict", lambda: repr(d))
# list.sort comparing while list cleared by __lt__
class Clr:
    def __lt__(self, o):
        l.clear(); return False
l = [Clr() for i in range(10)]
attempt("sort __lt__ clears", lambda: l.sort())
print("end", gc.collect() >= 0)
