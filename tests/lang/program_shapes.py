# inheritance-heavy program: shapes, abstract-ish base, __eq__/__hash__, sorting, dict of lists
class Shape:
    registry = []
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Shape.registry.append(cls.__name__)
    def area(self):
        raise NotImplementedError(type(self).__name__)
    def __lt__(self, other):
        return self.area() < other.area()
    def __repr__(self):
        return f"{type(self).__name__}({self.area()})"
class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
class Blob(Shape):
    pass
shapes = [Rect(2, 3), Square(2), Rect(1, 1), Square(3)]
print(sorted(shapes), max(shapes), min(shapes))
print(Shape.registry)
try:
    Blob().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
groups = {}
for s in shapes:
    groups.setdefault(type(s).__name__, []).append(s.area())
print(groups)
print(isinstance(Square(1), Rect), issubclass(Square, Shape), Square.__mro__[1].__name__)
print([cls.__name__ for cls in Square.__mro__])
total = 0
for s in shapes:
    if isinstance(s, Square):
        continue
    total += s.area()
print(total)
