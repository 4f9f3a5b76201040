# __del__ runs when the last reference goes: temporaries, rebinding, locals at return, exceptions
class N:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
def g(x):
    return 5
print("line", g(N("temp")))
def f():
    a = N("a")
    b = N("b")
    c = N("c")
    print("returning")
    return 1
print("f ->", f())
def h():
    x = N("in h")
    raise ValueError("v")
try:
    h()
except ValueError as e:
    print("caught", e)
print("after except")
x = N("one")
x = N("two")
print("rebound")
for i in range(3):
    y = N(i)
print("loop done")
del y
def k():
    z = N("cell")
    def inner():
        return z
    return inner
fn = k()
print("closure made")
del fn
print("closure dropped")
class Holder:
    pass
hh = Holder()
hh.item = N("attr")
del hh
print("holder gone")
N("statement")
print("after statement")
t = (N("t0"), N("t1"))
del t
print("tuple gone")
d = {"k1": N("d0"), "k2": N("d1")}
del d
print("dict gone")
x = None
print("end")
