# Special methods are looked up on the type, never on the object itself:
# format(cls) is type.__format__(cls, ''), not cls.__format__(''), and an
# instance attribute does not replace the method.

class K:
    def __format__(self, spec):
        return "K.__format__(%r)" % spec

    def __round__(self, n=None):
        return "K.__round__(%r)" % (n,)

    def __dir__(self):
        return ["b", "a"]

    def __reversed__(self):
        return iter("K.__reversed__")

    def __repr__(self):
        return "K()"

    def __len__(self):
        return 3


print(format(int), f"{int}", "{}".format(int), "{0!s:>20}|".format(K))
print(format(K), f"{K}", "{}".format(K), format(K, ""))
print(format(K(), "x"), f"{K():>5}", "{:abc}".format(K()))
print(repr(K), str(K), "%s %r" % (K, K))
try:
    format(int, "d")
except TypeError as e:
    print("TypeError", e)
try:
    f"{K:>10}"
except TypeError as e:
    print("TypeError", e)

k = K()
k.__format__ = lambda spec: "instance attribute"
k.__round__ = lambda n=None: "instance attribute"
k.__dir__ = lambda: ["instance attribute"]
k.__reversed__ = lambda: iter("xy")
k.__len__ = lambda: 99
print(format(k, "q"), round(k), round(k, 2), dir(k), "".join(reversed(k)), len(k))

# The class itself: its methods are not special methods of the class.
print(round(K(), 1))
try:
    round(K)
except TypeError as e:
    print("TypeError", e)
print("__dir__" in dir(K), "__format__" in dir(K))
try:
    reversed(K)
except TypeError as e:
    print("TypeError", e)
try:
    len(K)
except TypeError as e:
    print("TypeError", e)


class Meta(type):
    def __format__(cls, spec):
        return "Meta.__format__ of %s %r" % (cls.__name__, spec)

    def __round__(cls, n=None):
        return "Meta.__round__"

    def __dir__(cls):
        return ["z", "y"]

    def __len__(cls):
        return 7

    def __reversed__(cls):
        return iter([3, 2, 1])


class WithMeta(K, metaclass=Meta):
    pass


print(format(WithMeta, "s"), f"{WithMeta}", "{:>3}".format(WithMeta))
print(round(WithMeta), dir(WithMeta), len(WithMeta), list(reversed(WithMeta)))
print(format(WithMeta(), "i"), round(WithMeta()), dir(WithMeta()))
