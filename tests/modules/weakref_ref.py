# weakref.ref: sharing of callback-less refs, callbacks, __callback__,
# hash and equality through the referent, repr, subclassing, errors.
import weakref


def mask(s):
    # Addresses differ from run to run: 0x1234abcd -> 0x?
    out = ""
    i = 0
    while i < len(s):
        if s[i:i + 2] == "0x":
            out += "0x?"
            i += 2
            while i < len(s) and s[i] in "0123456789abcdef":
                i += 1
        else:
            out += s[i]
            i += 1
    return out


def e(label, f):
    try:
        print(label, f())
    except Exception as x:
        print(label, type(x).__name__, "|", x)


class T:
    def __init__(self, n=0):
        self.n = n

    def __eq__(self, other):
        return isinstance(other, T) and other.n == self.n

    def __hash__(self):
        return hash(self.n)


t = T(1)
r = weakref.ref(t)
print(r() is t, weakref.ref(t) is r, weakref.ref(t, None) is r)
log = []
rc = weakref.ref(t, log.append)
print(rc is r, rc.__callback__ == log.append, r.__callback__)
print(weakref.getweakrefcount(t), weakref.getweakrefs(t) == [r, rc])
print(type(r) is weakref.ReferenceType, weakref.ref is weakref.ReferenceType)
print(weakref.ref.__name__, weakref.ref.__module__, type(r))
print(mask(repr(r)))

# Hash and equality follow the referent while it lives.
t2 = T(1)
r2 = weakref.ref(t2)
print(r == r2, r != r2, hash(r) == hash(t), hash(r2) == hash(1))
e("lt", lambda: r < r2)
e("eq other", lambda: r == 1)

# The hash is kept once computed; a dead ref without one cannot hash.
h = hash(r2)
del t2
print(r2(), hash(r2) == h, r == r2, r2 == r2, r2 != r)
e("hash dead", lambda: hash(weakref.ref(T(5))))
print(mask(repr(r2)))

# Functions and classes: the repr names them.
def func():
    return "called"


fr = weakref.ref(func)
print(fr()(), mask(repr(fr)))
cr = weakref.ref(T)
print(mask(repr(cr)))

# Arguments.
e("no args", lambda: weakref.ref())
e("3 args", lambda: weakref.ref(t, None, 3))
e("keyword", lambda: weakref.ref(t, callback=None))
e("call arg", lambda: r(1))
e("call kw", lambda: r(x=1))
e("init 3", lambda: r.__init__(t, 1, 2))
e("init 0", lambda: r.__init__())
e("new non-type", lambda: weakref.ref.__new__(3, t))
e("new int", lambda: weakref.ref.__new__(int, t))
e("no attr", lambda: r.x)
e("not weakrefable", lambda: weakref.ref(3))
e("callback any object", lambda: weakref.ref(t, 3).__callback__)


# Subclasses are never shared, and may carry attributes.
class Named(weakref.ref):
    __slots__ = ("name",)

    def __init__(self, ob, callback=None, name="?"):
        super().__init__(ob, callback)
        self.name = name


n1 = Named(t, name="first")
print(n1 is Named(t), n1.name, n1() is t, isinstance(n1, weakref.ref))
print(weakref.getweakrefcount(t))
del t
print(r(), rc(), n1(), mask(repr(n1)), log == [rc], rc.__callback__)
print("done")
