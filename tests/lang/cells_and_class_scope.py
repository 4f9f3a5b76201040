# cells: arguments as cells, deleted cells, __class__ in nested functions, class scopes
def outer(a, b):
    def inner():
        nonlocal a
        a += 1
        return a, b
    r = inner()
    return r, a
print(outer(1, 2))
def deleter():
    x = 1
    def g():
        return x
    del x
    try:
        g()
    except NameError as e:
        print(e)
deleter()
class A:
    def m(self):
        def helper():
            return __class__.__name__
        return helper()
print(A().m())
def gen_closures():
    return [lambda: i for i in range(3)]
print([f() for f in gen_closures()])
def kw_cell(*, k):
    return lambda: k
print(kw_cell(k=5)())
def varargs_cell(*args, **kw):
    return lambda: (args, kw)
print(varargs_cell(1, x=2)())
x = 10
class B:
    x = 20
    y = [x for _ in range(1)]
    def get(self):
        return x
print(B.y, B().get())
