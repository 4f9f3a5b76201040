# The eval loop's inline caches (LOAD_GLOBAL, LOAD_ATTR, STORE_ATTR,
# LOAD_METHOD): every change that must invalidate one, run several times
# through the same instructions, and the release order of cached stores.
x = 1
def f(): return x + len('ab')
print(f()); x = 5; print(f())
del x
try: f()
except NameError as e: print(e)
import builtins
len = lambda s: 100
print(f() if 'x' in globals() else 'nox')
x = 2; print(f())
del len
print(f())
builtins.len = lambda s: 7
print(f())
for i in range(30): globals()['v%d' % i] = i
print(f())
exec("def g(): return y", {'y': 3})
print([f() for i in range(3)])
d = {'y': 10}
exec("print(y)", d); exec("print(y)", {'y': 11})
class A:
    def __init__(self, x): self.x = x; self.y = 2
    def m(self): return 'm'
def getx(o): return o.x
def sety(o, v): o.y = v
def callm(o): return o.m()
a = A(1); b = A(3)
for i in range(3): print(getx(a), getx(b), callm(a))
b.m = lambda: 'shadow'
print(callm(a), callm(b))
del b.m
print(callm(b))
b.z = 5; b.m = lambda: 'shadow2'; print(callm(b), callm(a))
d = a.__dict__; print(d)
sety(a, 10); print(d, getx(a), a.y)
del a.x
try: getx(a)
except AttributeError as e: print(e)
A.x = property(lambda self: 'prop')
print(getx(a), getx(b))
del A.x
print(getx(b))
class S:
    __slots__ = ('l', 'r')
    def __init__(self, l): self.l = l
def getl(o): return o.l
def getr(o): return o.r
s = S(1); print(getl(s), getl(s))
try: getr(s)
except AttributeError as e: print(e)
s.r = 4; print(getr(s))
del s.r
try: getr(s)
except AttributeError as e: print(e)
class B(A): pass
bb = B(7); print(getx(bb), callm(bb))
A.m = lambda self: 'newm'; print(callm(bb), callm(b))
class D:
    def __del__(self): print('del D')
def setit(o, v): o.x = v
setit(a, D()); setit(a, 1); print('after')
s2 = S(D()); s2.l = 3; print('after2')
a.__class__ = B; print(getx(a), callm(a))
l = []
for i in range(3): l.append(i)
print(l, l.pop(), l)
class C2:
    def __init__(self): self.a=1
o = C2()
for i in range(3):
    print(getattr(o, 'a'), o.a)
    o.__dict__['a'] = i
class D:
    def __init__(self, n): self.n = n
    def __del__(self): print('del', self.n)
class S:
    __slots__ = ('a', '__weakref__')
    def __del__(self): print('del S')
class I:
    def __del__(self): print('del I')
def f(mk):
    for i in range(3):
        o = mk(); o.a = D(1); o.a = D(2)
        mk().a = D(3)
        print('--')
f(S); f(I)
import sys
def g(o):
    for i in range(3):
        o.a = o; print(sys.getrefcount(o))
        del o.a
g(I())
class X:
    __slots__ = ('a',)
class Y:
    a = X.__dict__['a']
def get(o): return o.a
def put(o): o.a = 1
x = X(); x.a = 5
for i in range(3):
    print(get(x))
    try: print(get(Y()))
    except TypeError as e: print('TE', e)
    try: put(Y())
    except TypeError as e: print('TE', e)
