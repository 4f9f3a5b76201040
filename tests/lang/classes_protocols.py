# special methods honoured on classes: iteration, attribute hooks, calls, comparisons, metaclass, __init_subclass__
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
for v in Countdown(3):
    print("count", v)
print(tuple(Countdown(4)), sum(Countdown(4)), max(Countdown(5)), min(Countdown(5)))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
for v in Seq():
    print("seq", v)
print(20 in Seq(), 25 in Seq(), tuple(reversed((1, 2))))
class Dyn:
    def __getattr__(self, name):
        return "computed " + name
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)
d = Dyn()
d.x = 21
print(d.x, d.other)
class Ordered:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v < other.v
    def __eq__(self, other):
        return self.v == other.v
    def __repr__(self):
        return "O(" + repr(self.v) + ")"
print(Ordered(1) < Ordered(2), Ordered(3) > Ordered(2), Ordered(1) == Ordered(1), Ordered(1) != Ordered(2))
print(max(Ordered(1), Ordered(5), Ordered(3)), min(Ordered(4), Ordered(2)))
class Meta(type):
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)
class WithMeta(metaclass=Meta):
    def __init__(self, a):
        self.a = a
w = WithMeta(7)
print(type(WithMeta).__name__, w.a)
class Plugin:
    registry = {}
    def __init_subclass__(cls, key=None, **kw):
        super().__init_subclass__(**kw)
        Plugin.registry[key] = cls.__name__
class P1(Plugin, key="one"):
    pass
class P2(Plugin, key="two"):
    pass
print(Plugin.registry)
class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __radd__(self, o):
        return Num(o + self.v)
    def __iadd__(self, o):
        self.v += o
        return self
    def __neg__(self):
        return Num(-self.v)
    def __index__(self):
        return self.v
n = Num(1) + 2
n = 3 + n
m = n
n += 10
print(n.v, m is n, (-n).v, hex(Num(255)), (1, 2, 3)[Num(1)])
class Cls:
    count = 0
    @classmethod
    def make(cls):
        cls.count += 1
        return cls()
    @staticmethod
    def helper(x):
        return x * 2
class SubCls(Cls):
    pass
SubCls.make()
print(Cls.count, SubCls.count, SubCls.helper(4), Cls().helper(5))
class P:
    def __init__(self):
        self._v = 1
    @property
    def v(self):
        "the value"
        return self._v
    @v.deleter
    def v(self):
        print("deleting v")
        del self._v
p = P()
print(p.v)
del p.v
print(hasattr(p, "_v"))
try:
    p.v = 3
except AttributeError as e:
    print("AttributeError:", e)
class Callable:
    def __call__(self, *a, **k):
        return a, k
print(Callable()(1, b=2), callable(Callable()), callable(Callable))
class Str:
    def __str__(self):
        return "str!"
    def __repr__(self):
        return "repr!"
s = Str()
print(s, str(s), repr(s), f"{s}", f"{s!r}", (s,))
class Bool:
    def __len__(self):
        return 0
print(bool(Bool()), "yes" if Bool() else "no")
