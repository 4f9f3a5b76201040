# weakref.proxy: attribute access, operators, items, iteration, calls and
# str forwarded to the referent; ReferenceError once it is dead.
import weakref


def e(label, f):
    try:
        print(label, f())
    except Exception as x:
        print(label, type(x).__name__, "|", x)


class N:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return N(self.v + (o.v if isinstance(o, N) else o))

    def __radd__(self, o):
        return N(o + self.v)

    def __iadd__(self, o):
        self.v += o
        return self

    def __sub__(self, o):
        return self.v - (o.v if isinstance(o, N) else o)

    def __neg__(self):
        return -self.v

    def __eq__(self, o):
        return isinstance(o, N) and o.v == self.v

    def __lt__(self, o):
        return self.v < o.v

    def __int__(self):
        return self.v

    def __index__(self):
        return self.v

    def __float__(self):
        return float(self.v)

    def __len__(self):
        return self.v

    def __getitem__(self, i):
        return i * 2

    def __setitem__(self, i, v):
        print("set", i, v)

    def __delitem__(self, i):
        print("del", i)

    def __contains__(self, x):
        return x == 1

    def __iter__(self):
        return iter([1, 2, 3])

    def __call__(self, *a, **k):
        return (a, k)

    def __bool__(self):
        return False

    def __hash__(self):
        return 7

    def __str__(self):
        return "N%d" % self.v


n1 = N(3)
n2 = N(4)
p1 = weakref.proxy(n1)
p2 = weakref.proxy(n2)
print(type(p1) is weakref.CallableProxyType, p1 is weakref.proxy(n1))
print(weakref.proxy(n1, None) is p1, weakref.proxy(n1, print) is p1)
e("p1+p2", lambda: (p1 + p2).v)
e("p1+1", lambda: (p1 + 1).v)
e("1+p1", lambda: (1 + p1).v)
e("p1-p2", lambda: p1 - p2)
e("-p1", lambda: -p1)
e("p1==N(3)", lambda: p1 == N(3))
e("p1<p2", lambda: p1 < p2)
e("numbers", lambda: (int(p1), float(p1), [10, 20, 30, 40][p1]))
e("len", lambda: len(p1))
e("item", lambda: p1[5])


def setit():
    p1[1] = 2


def delit():
    del p1[1]


e("setitem", setit)
e("delitem", delit)
e("contains", lambda: (1 in p1, 2 in p1))
e("iter", lambda: list(p1))
e("call", lambda: p1(1, k=2))
e("bool", lambda: bool(p1))
e("str", lambda: str(p1))
e("attr", lambda: p1.v)
e("class", lambda: p1.__class__ is N)
p1.w = 9
print(n1.w)
del p1.w
print(hasattr(n1, "w"))
e("hash", lambda: hash(p1))
q = p1
q += 5
print(q is n1, n1.v)
del q


class Plain:
    pass


pl = Plain()
pp = weakref.proxy(pl)
print(type(pp) is weakref.ProxyType, weakref.ProxyTypes)
e("hash plain", lambda: hash(pp))
e("not callable", lambda: pp())
e("not iterable", lambda: iter(pp))
e("not an iterator", lambda: next(pp))
e("no item", lambda: pp[0])
e("no add", lambda: pp + 1)
e("no lt", lambda: pp < 3)
e("truth", lambda: bool(pp))
class Count:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 2:
            raise StopIteration
        return self.i


counter = Count()
it = weakref.proxy(counter)
e("next through proxy", lambda: (next(it), next(it)))
e("exhausted", lambda: next(it))
e("iter through proxy", lambda: iter(it) is counter)
e("proxy of int", lambda: weakref.proxy(5))
e("no args", lambda: weakref.proxy())
e("3 args", lambda: weakref.proxy(pl, None, 3))
e("keyword", lambda: weakref.proxy(pl, callback=None))
e("ProxyType()", lambda: weakref.ProxyType(pl))

log = []
pc = weakref.proxy(pl, lambda p: log.append(p is pc))
del pl
print(log)
for label, f in [("attr", lambda: pp.x), ("str", lambda: str(pp)), ("bool", lambda: bool(pp)),
                 ("eq", lambda: pp == 1), ("add", lambda: 1 + pp), ("len", lambda: len(pp)),
                 ("iter", lambda: iter(pp)), ("setattr", lambda: setattr(pp, "x", 1)),
                 ("item", lambda: pp[0])]:
    e("dead " + label, f)
del n1
e("dead call", lambda: p1())
print("done")
