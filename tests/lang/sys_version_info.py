# sys.version_info is a struct sequence: a tuple with named fields.
import sys

v = sys.version_info
print(v)
print(repr(v), str(v) == repr(v))
print(v.major, v.minor, v.micro, v.releaselevel, v.serial)
print(v[0], v[1], v[-1], v[:2], v[1:3], len(v), list(v))
print(type(v[:2]).__name__, type(v).__name__, type(v).__module__, type(v).__mro__[1:])
print(isinstance(v, tuple), v >= (3, 8), v < (4,), v == (3, 11, 7, "final", 0), v != tuple(v))
print(v[:2] == (3, 11), v > (3, 11, 6), hash(v) == hash(tuple(v)), {v: 1}[tuple(v)])
major, minor, *rest = v
print(major, minor, rest, "%d.%d" % v[:2], "{0}.{1}.{2}".format(*v))
print(v.count(3), v.index(11), 11 in v, v + (1,), sorted(v[:3]))
try:
    v.major = 4
except AttributeError as e:
    print("AttributeError", e)
try:
    type(v)()
except TypeError as e:
    print("TypeError", e)
try:
    v[5]
except IndexError as e:
    print("IndexError", e)
