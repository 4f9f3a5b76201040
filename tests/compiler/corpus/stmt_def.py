def f():
    pass
def f(a, b):
    return a + b
def f(a, b=1, *args, c, d=2, **kwargs):
    pass
def f(a, /, b, *, c):
    pass
def f(a=1, /, b=2):
    pass
def f(*, a): pass
def f(**kw): pass
def f(*a): pass
def f(a: int, b: 'str' = '', *c: tuple, d: dict, **e: list) -> None:
    return
def f(a,): pass
def f(a, /,): pass
def f(a, *b,): pass
def f(*, a,): pass
def f(**k,): pass
@dec
def f(): pass
@dec1
@dec2(arg)
@a.b.c
@(lambda f: f)
@x[0]
def f(): pass
def outer():
    def inner():
        nonlocal x
        global y
        return x
    return inner
def g():
    yield
    yield 1
    yield 1, 2
    x = yield
    y = yield from z
    await_ = 1
    return (yield)
def f(*args: *Ts): pass
