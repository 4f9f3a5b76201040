# Subclasses of subclasses of built-in types keep the instance dict where
# their base put it: for int, str and tuple (variable-sized in ouro) that
# is after the items, and a class two levels down once sized its
# instances without that word (an out-of-bounds write, found by ASan).
import gc
for base in (int, str, tuple, float, list, dict):
    class A(base):
        pass
    class B(A):
        pass
    class C(B):
        __slots__ = ()
    arg = {int: 7, str: "seven", tuple: (7, 7), float: 7.5, list: [7], dict: {7: 7}}[base]
    objs = []
    for cls in (A, B, C):
        o = cls(arg)
        o.name = cls.__name__
        o.me = o
        objs.append((o, cls.__name__))
    gc.collect()
    print(base.__name__, [(o == arg, o.name == n, o.me is o, sorted(vars(o))) for o, n in objs])
    del objs, o
    print(gc.collect() >= 3)
