# gc.get_referents of dicts, as CPython 3.11's dict traverse: a table that
# has held only exact str keys gives its values; any other key makes it
# give each value and then its key, for good (clear() starts afresh).
import gc
d={'a':[]}
print(gc.get_referents(d))
d2={1:[]}; print(gc.get_referents(d2))
d3={'a':1}; d3[2]=3; del d3[2]; print(gc.get_referents(d3))
class S(str): pass
d4={S('x'):1}; print(gc.get_referents(d4))
d5={}; print(gc.get_referents(d5))
d6=dict(a=1, b=[2]); print(gc.get_referents(d6))
d7={'a': 1}; d7.clear(); d7[3] = 4; print(gc.get_referents(d7))
d8={'a': 1, 'b': 2}.copy(); print(gc.get_referents(d8))
d9 = {i: 0 for i in range(3)}; print(gc.get_referents(d9))
class C:
    def __init__(self): self.x = 1; self.y = [2]
print(gc.get_referents(C().__dict__))
c = C(); c.__dict__[5] = 6; print(gc.get_referents(c.__dict__))
print(gc.get_referents(dict.fromkeys(['q', 'r'])))
