# divmod() is a binary operation of its own (nb_divmod): __divmod__,
# __rdivmod__, reflected operands, subclasses first, and the messages of
# int and float.

print(divmod(7, 2), divmod(-7, 2), divmod(7, -2), divmod(10**20 + 3, 7))
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(7, 2.5), divmod(True, 2))
print(int.__divmod__(7, 3), int.__rdivmod__(3, 7), float.__rdivmod__(2.0, 7))
print(int.__divmod__(7, 1.5), float.__divmod__(7.0, "x"))


class D:
    def __divmod__(self, other):
        return ("D.divmod", other)

    def __rdivmod__(self, other):
        return ("D.rdivmod", other)


print(divmod(D(), 3))
print(divmod(1, D()))
print(divmod(2.5, D()))


class OnlyR:
    def __rdivmod__(self, other):
        return "OnlyR.rdivmod"


print(divmod(1, OnlyR()))


class NotImpl:
    def __divmod__(self, other):
        return NotImplemented


class Taker:
    def __rdivmod__(self, other):
        return "Taker got " + type(other).__name__


print(divmod(NotImpl(), Taker()))


class MyInt(int):
    def __rdivmod__(self, other):
        return "MyInt.rdivmod first"


print(divmod(7, MyInt(2)))


class FloorOnly:
    # // and % alone do not make divmod work
    def __floordiv__(self, other):
        return 1

    def __mod__(self, other):
        return 2


for a, b in [(1, 0), (1, 0.0), (1.5, 0), (10**30, 0), (FloorOnly(), 2), (1, OnlyR),
             ("a", 1), (1, None), (NotImpl(), NotImpl())]:
    try:
        print(divmod(a, b))
    except (ZeroDivisionError, TypeError) as e:
        print(type(e).__name__, e)

try:
    divmod(1)
except TypeError as e:
    print(e)
print(int.__divmod__.__name__, type(int.__divmod__).__name__, type((5).__rdivmod__).__name__)
print(hasattr(float, "__rdivmod__"), hasattr(str, "__divmod__"))

import weakref
d = D()
p = weakref.proxy(d)
print(divmod(p, 4), divmod(4, p))
