# sys.getsizeof: __sizeof__ looked up on the type plus the collector's
# header for collector-managed objects; the errors and the default.
import sys

print("header on containers:", [sys.getsizeof(o) - o.__sizeof__() for o in ([], {}, set(), (1, 2))])
print("no header on atoms:", [sys.getsizeof(o) - o.__sizeof__() for o in (10 ** 30, 2.5, "text", None)])
print("list grows in steps:", len({sys.getsizeof(list(range(n))) for n in range(9)}) < 9)
a = []
sizes = []
for i in range(20):
    a.append(i)
    sizes.append(sys.getsizeof(a))
print("non-decreasing while appending:", sizes == sorted(sizes))
print("ascii str linear:", sys.getsizeof("a" * 200) - sys.getsizeof("a" * 100) == 100)
print("shallow:", sys.getsizeof([list(range(1000))]) == sys.getsizeof([[]]))

class Fixed:
    def __sizeof__(self):
        return 1000

class Boolean:
    def __sizeof__(self):
        return True

class Text:
    def __sizeof__(self):
        return "big"

class Negative:
    def __sizeof__(self):
        return -1

class Huge:
    def __sizeof__(self):
        return 2 ** 70

class Raises:
    def __sizeof__(self):
        raise KeyError("inner")

class Index:
    def __index__(self):
        return 5

class ReturnsIndex:
    def __sizeof__(self):
        return Index()

class NotCallable:
    __sizeof__ = None

class IntSub(int):
    def __sizeof__(self):
        return 7

print("override + header:", sys.getsizeof(Fixed()) - 1000 >= 16)
print("bool is an int:", sys.getsizeof(Boolean()) - 1 == sys.getsizeof(Fixed()) - 1000)
print("int subclass override:", sys.getsizeof(IntSub(3)) >= 7)
obj = Fixed()
obj.__sizeof__ = lambda: 5
print("instance attribute ignored:", sys.getsizeof(obj) == sys.getsizeof(Fixed()))

for cls in [Text, Negative, Huge, Raises, ReturnsIndex, NotCallable]:
    try:
        sys.getsizeof(cls())
    except Exception as e:
        print(cls.__name__, type(e).__name__, e)

print("default on TypeError:", sys.getsizeof(Text(), "dflt"), sys.getsizeof(Text(), default=None))
for cls in [Negative, Raises]:
    try:
        sys.getsizeof(cls(), 0)
    except Exception as e:
        print("default not used:", cls.__name__, type(e).__name__)
print("default unused when fine:", sys.getsizeof(Fixed(), -1) > 1000)
print("keyword object:", sys.getsizeof(object=[]) == sys.getsizeof([]))

for args, kw in [((), {}), ((1, 2, 3), {}), ((1,), {"object": 2}), ((1,), {"d": 2}), ((), {"default": 1})]:
    try:
        sys.getsizeof(*args, **kw)
    except TypeError as e:
        print("TypeError", e)
