# Lists and sets whose items change them from __eq__, __lt__, __repr__ or
# a key function: no crash, and CPython's results.
class ClearOnEq:
    def __init__(self, victim):
        self.victim = victim

    def __eq__(self, other):
        self.victim.clear()
        return False

    __hash__ = object.__hash__

    def __repr__(self):
        return "C"


a = []
b = []
a.extend([ClearOnEq(a), ClearOnEq(a)])
b.extend([ClearOnEq(b), ClearOnEq(b)])
print(a == b, a, b)
a = [1, 2, 3]
print(ClearOnEq(a) in a, a)
a = [1, 2]
print(a.count(ClearOnEq(a)), a)
a = [5, 6, 7]
try:
    a.index(ClearOnEq(a))
except ValueError as e:
    print(e)
a = [5, 6, 7]
try:
    a.remove(ClearOnEq(a))
except ValueError as e:
    print(e)


class ClearOnRepr:
    def __repr__(self):
        r.clear()
        return "R"


r = [ClearOnRepr(), 1, 2]
print(r, r)


class Boom:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        if self.v == 3:
            raise RuntimeError("boom")
        return self.v < o.v


l = [Boom(i) for i in [5, 1, 4, 3, 2, 0]]
try:
    l.sort()
except RuntimeError as e:
    print(e, sorted(x.v for x in l))


class Grow:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        m.append(1)
        return self.v < o.v


m = [Grow(3), Grow(1), Grow(2)]
try:
    m.sort()
except ValueError as e:
    print(e, len(m), [x.v for x in m])


class Peek:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        print("during the sort:", len(n), n)
        return self.v < o.v


n = [Peek(2), Peek(1)]
n.sort()
print([x.v for x in n])


class H:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 1

    def __eq__(self, o):
        s.add(99 + self.v)
        return self.v == o.v

    def __repr__(self):
        return "H" + str(self.v)


s = set()
s.add(H(1))
s.add(H(2))
s.add(H(3))
print(len(s), sorted(repr(x) for x in s))
s = {1, 2, 3}
try:
    for i in s:
        s.discard(i)
except RuntimeError as e:
    print(e)
s = {1, 2, 3}
it = iter(s)
next(it)
s.add(9)
s.discard(9)
print(list(it))
print({1} in {frozenset({1})}, {frozenset({1})})
