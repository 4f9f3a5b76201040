# closures and cells, nonlocal, global, class scopes, free variables
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = counter()
c(); c()
print(c(), c.__closure__[0].cell_contents)
g = "global"
def read_global():
    return g
def write_global():
    global g
    g = "changed"
print(read_global())
write_global()
print(read_global(), g)
def make_adders():
    adders = ()
    for i in range(3):
        adders += (lambda x, i=i: x + i,)
    return adders
a0, a1, a2 = make_adders()
print(a0(10), a1(10), a2(10))
def late():
    fs = ()
    for i in range(3):
        fs += (lambda: i,)
    f0, f1, f2 = fs
    return f0(), f1(), f2()
print(late())
class K:
    attr = "class attr"
    def method(self):
        try:
            return attr
        except NameError as e:
            return "NameError: " + str(e)
print(K().method())
def outer():
    x = 1
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
def unbound_free():
    def inner():
        return v
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
    v = 2
unbound_free()
def shadow():
    x = "local"
    def inner():
        x = "inner"
        return x
    return inner(), x
print(shadow())
class Outer:
    value = 5
    doubled = {v: v * 2 for v in (1, 2)}
print(Outer.doubled)
