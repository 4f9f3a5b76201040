# isinstance/issubclass call type(cls).__instancecheck__ / __subclasscheck__
# (after the exact-type shortcut), item by item through tuples.

class Meta(type):
    def __instancecheck__(cls, inst):
        print("instancecheck", cls.__name__, repr(inst))
        return inst == "yes"

    def __subclasscheck__(cls, sub):
        print("subclasscheck", cls.__name__, sub.__name__)
        return sub is int


class A(metaclass=Meta):
    pass


print(isinstance("yes", A), isinstance("no", A))
print(isinstance(A(), A))            # exact type: no call
print(isinstance(3, (str, A)), isinstance(3, (int, A)))
print(issubclass(int, A), issubclass(str, A), issubclass(A, A))
print(issubclass(str, (int, (A, float))))


# The result is made a bool; exceptions propagate.
class Weird(type):
    def __instancecheck__(cls, inst):
        return [1]

    def __subclasscheck__(cls, sub):
        raise ValueError("no subclasses here")


class W(metaclass=Weird):
    pass


print(isinstance(0, W))
try:
    issubclass(int, W)
except ValueError as e:
    print("ValueError", e)


# type's own methods are the hook-free tests, and super() reaches them.
class Logged(type):
    def __instancecheck__(cls, inst):
        print("checking", type(inst).__name__)
        return super().__instancecheck__(inst)

    def __subclasscheck__(cls, sub):
        return super().__subclasscheck__(sub)


class Base(metaclass=Logged):
    pass


class Derived(Base):
    pass


print(isinstance(Derived(), Base), isinstance(1, Base), isinstance(Base(), Base))
print(issubclass(Derived, Base), issubclass(int, Base))
print(type.__instancecheck__(int, 3), type.__subclasscheck__(int, bool), int.__instancecheck__("x"))


# A non-class second argument whose type defines the hook.
class Checker:
    def __instancecheck__(self, inst):
        return isinstance(inst, int)

    def __subclasscheck__(self, sub):
        return sub is bool


print(isinstance(5, Checker()), isinstance("5", Checker()), issubclass(bool, Checker()))

# Errors keep CPython's messages.
for f, args in [(isinstance, (1, 2)), (issubclass, (1, int)), (issubclass, (int, 1)),
                (isinstance, (1, (int, 2))), (issubclass, (int, (str, 3))),
                (type.__subclasscheck__, (int, (int,))),
                (type.__instancecheck__, (int, 1, 2))]:
    try:
        print(f(*args))
    except TypeError as e:
        print("TypeError", e)


# __class__ is honoured by isinstance (objects standing in for others).
class Fake:
    @property
    def __class__(self):
        return int


print(isinstance(Fake(), int), isinstance(Fake(), Fake), isinstance(Fake(), str))

import weakref


class Target:
    pass


t = Target()
print(isinstance(weakref.proxy(t), Target))


# Runaway recursion in a hook is a RecursionError.
class Loop(type):
    def __instancecheck__(cls, inst):
        return isinstance(inst, cls)


class L(metaclass=Loop):
    pass


try:
    isinstance(1, L)
except RecursionError as e:
    print("RecursionError")


# Objects with a __bases__ tuple count as classes (CPython's "abstract"
# classes), searched through __bases__.
class Abstract:
    def __init__(self, *bases):
        self.__bases__ = bases


root = Abstract()
mid = Abstract(root)
leaf = Abstract(Abstract(), mid)


class Pretender:
    __class__ = leaf


print(issubclass(leaf, root), issubclass(root, leaf), issubclass(mid, mid))
print(isinstance(Pretender(), root), isinstance(Pretender(), Abstract()), isinstance(3, root))
try:
    issubclass(leaf, 5)
except TypeError as e:
    print("TypeError", e)
