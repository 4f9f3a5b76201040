# try/finally with break/continue/return, exception state, tracebacks, metaclass keywords
def f1():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("fin", i)
    return i
print(f1())
def f2():
    try:
        try:
            raise ValueError("a")
        finally:
            print("inner finally")
    except ValueError as e:
        print("outer caught", e)
        return "r"
    finally:
        print("outer finally")
print(f2())
def f3(x):
    def g():
        return x
    x = x + 1
    return g()
print(f3(1))
def f4(a, b):
    def g():
        return a + b
    return g
print(f4(1, 2)())
def f5():
    try:
        return 1
    finally:
        try:
            raise KeyError("x")
        except KeyError:
            print("handled in finally")
print(f5())
def f6():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                continue
print(f6())
def f7():
    with_result = []
    return "ok"
try:
    print(f7())
except Exception as e:
    print(type(e).__name__)
import sys
def f8():
    try:
        raise ValueError("v")
    except ValueError:
        print("in handler", sys.exc_info()[0].__name__)
        try:
            raise KeyError("k")
        except KeyError:
            print("nested", sys.exc_info()[0].__name__)
        print("back", sys.exc_info()[0].__name__)
    print("after", sys.exc_info())
f8()
def f9():
    try:
        raise ValueError("x")
    except ValueError as e:
        return e
e9 = f9()
print(type(e9), e9.__traceback__ is not None)
def f10(n):
    if n == 0:
        raise IndexError("deep")
    return f10(n - 1)
try:
    f10(5)
except IndexError as e:
    tb = e.__traceback__
    c = 0
    while tb is not None:
        c += 1
        tb = tb.tb_next
    print("tb entries", c)
class Meta(type):
    pass
class WithMeta(metaclass=Meta):
    pass
print(type(WithMeta).__name__)
class Base:
    def __init_subclass__(cls, flag=None, **kw):
        super().__init_subclass__(**kw)
        cls.flag = flag
class Sub(Base, flag="yes"):
    pass
print(Sub.flag)
x = 0
def f11():
    global x
    for x in range(3):
        pass
f11()
print(x)
a = b = c = 5
print(a, b, c)
(p, q), r = (1, 2), 3
print(p, q, r)
d = {}
d["a"] = d.get("a", 0) + 1 if False else 1
print(d)
s = 0
for i in range(100):
    s += i
print(s)
print(1 if 0 else 2 if 0 else 3)
def kw(**k):
    return k
print(kw(a=1, **{"b": 2}))
print((lambda *a, **k: (a, k))(1, x=2))
def g1(): return 1
def g2(): return 2
print(g1() + g2(), -g1(), not g1())
t = 1,
print(t, (), (1,), (1, 2))
print(isinstance(True, (str, int)), isinstance(1, (str, (bytes, int))) if False else 0)
