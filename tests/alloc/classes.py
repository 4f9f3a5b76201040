# Allocation-failure sweep input: classes. Inheritance and super(),
# __slots__, properties, class and static methods, operator and container
# protocols, __repr__/__eq__/__hash__, exceptions as classes, __del__.
# No broad `except`: a MemoryError must reach the top.


class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        return 0

    def __repr__(self):
        return "%s(%r, area=%s)" % (type(self).__name__, self.name, self.area())

    def __lt__(self, other):
        return self.area() < other.area()


class Rect(Shape):
    def __init__(self, name, w, h):
        super().__init__(name)
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, name, side):
        super().__init__(name, side, side)

    @property
    def side(self):
        return self.w

    @side.setter
    def side(self, v):
        self.w = self.h = v


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)


class Bag:
    def __init__(self):
        self.items = {}

    def __setitem__(self, k, v):
        self.items[k] = v

    def __getitem__(self, k):
        return self.items[k]

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(sorted(self.items))

    def __contains__(self, k):
        return k in self.items

    @classmethod
    def of(cls, **kw):
        b = cls()
        for k, v in kw.items():
            b[k] = v
        return b

    @staticmethod
    def describe():
        return "a bag"


class Noisy:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print("del", self.tag)


class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code


shapes = [Rect("r%d" % i, i, i + 1) for i in range(6)] + [Square("s%d" % i, i) for i in range(4)]
shapes.sort()
print(shapes[:3])
print(max(shapes), Shape.count)
sq = Square("big", 3)
sq.side = 5
print(sq, sq.side, isinstance(sq, Rect), issubclass(Square, Shape))
pts = {Point(i, i * i) for i in range(8)}
total = Point(0, 0)
for p in sorted(pts, key=lambda p: p.x):
    total = total + p
print(total, Point(1, 1) in pts, len(pts))
bag = Bag.of(b=2, a=1, c=[1, 2, 3])
print(list(bag), len(bag), "c" in bag, bag["c"], Bag.describe())
for i in range(3):
    n = Noisy(i)
del n
try:
    raise AppError(42, "bad thing")
except AppError as e:
    print("caught", e.code, e, type(e).__mro__[1].__name__)
kinds = {}
for s in shapes:
    kinds.setdefault(type(s).__name__, []).append(s.name)
print(sorted(kinds.items()))
keep = Noisy("kept to the end")
print("done")
