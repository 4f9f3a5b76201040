# classes: attributes, methods, inheritance, super(), special methods, properties
class Base:
    kind = "base"
    def __init__(self, v):
        self.v = v
    def describe(self):
        return "%s(%d)" % (type(self).__name__, self.v) if False else type(self).__name__ + str(self.v)
    def __repr__(self):
        return "Base<" + str(self.v) + ">"
class Child(Base):
    kind = "child"
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w
    def describe(self):
        return "child of " + super().describe()
b = Base(1)
c = Child(2, 3)
print(b.describe(), c.describe(), c.kind, Base.kind, c.w)
print(repr(b), repr(c), isinstance(c, Base), issubclass(Child, Base), type(c) is Child)
print(Child.__mro__ == (Child, Base, object), Child.__name__, Child.__qualname__, Child.__bases__)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __str__(self):
        return "P(" + str(self.x) + ", " + str(self.y) + ")"
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __call__(self, k):
        return self.x * k
    def __bool__(self):
        return self.x != 0
p = Point(1, 2) + Point(3, 4)
print(p, p == Point(4, 6), p != Point(0, 0), hash(p) == hash(Point(4, 6)), len(p), p[1], 6 in p, p(10))
print(bool(Point(0, 1)), bool(p), str(p), tuple(p))
class Prop:
    def __init__(self):
        self._x = 0
    @property
    def x(self):
        return self._x
    @x.setter
    def x(self, value):
        self._x = value * 2
    @staticmethod
    def s(a):
        return a + 1
    @classmethod
    def c(cls, a):
        return cls.__name__ + str(a)
pr = Prop()
pr.x = 5
print(pr.x, Prop.s(1), pr.s(2), Prop.c(3), pr.c(4))
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
Counter(); Counter()
print(Counter.instances)
class WithClassRef:
    def who(self):
        return __class__.__name__
print(WithClassRef().who())
class A:
    def hello(self):
        return "A"
class B(A):
    def hello(self):
        return "B" + super().hello()
class C(A):
    def hello(self):
        return "C" + super().hello()
class D(B, C):
    def hello(self):
        return "D" + super().hello()
print(D().hello(), D.__mro__ == (D, B, C, A, object))
obj = Base(9)
obj.extra = "dyn"
print(obj.extra, hasattr(obj, "extra"), getattr(obj, "nope", "default"))
delattr(obj, "extra")
print(hasattr(obj, "extra"))
setattr(obj, "v", 10)
print(obj.v, vars(obj) if False else obj.__dict__)
try:
    obj.missing
except AttributeError as e:
    print(e)
try:
    Base.missing
except AttributeError as e:
    print(e)
class Slotted:
    __slots__ = ("a", "b")
s = Slotted()
s.a = 1
try:
    s.c = 3
except AttributeError as e:
    print(e)
