# def with defaults, *args, **kwargs, keyword-only, positional-only, lambda, recursion
def f(a, b=2, *args, c=3, d, **kw):
    return (a, b, args, c, d, tuple(sorted(kw.items())) if False else tuple(kw.items()))
print(f(1, d=4))
print(f(1, 2, 3, 4, d=5, e=6, c=7))
def pos(a, b, /, c):
    return a, b, c
print(pos(1, 2, c=3), pos(1, 2, 3))
def kwonly(*, x=1, y):
    return x, y
print(kwonly(y=2), kwonly(x=5, y=6))
def defaults(x=[] if False else (), y={}):
    return x, y
print(defaults())
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10))
def varargs(*a, **k):
    return a, k
print(varargs(), varargs(1, 2, x=3))
print(varargs(*(1, 2), **{"a": 1}, b=2))
def ret_none():
    pass
print(ret_none())
def nested(n):
    def helper(m):
        return m * n
    return helper(3)
print(nested(5))
def doc():
    "a docstring"
    return 1
print(doc.__doc__, doc.__name__, doc.__qualname__, doc())
def annotated(a: int, b: str = "x") -> bool:
    return True
print(annotated.__annotations__)
print(f.__defaults__, kwonly.__kwdefaults__)
def outer():
    def inner():
        pass
    return inner
print(outer().__qualname__)
errors = (
    lambda: f(),
    lambda: f(1, 2, d=3, a=4),
    lambda: kwonly(1, y=2),
    lambda: kwonly(),
    lambda: pos(a=1, b=2, c=3),
    lambda: ret_none(1),
    lambda: fact(1, 2),
    lambda: f(1, d=2, **{1: 2}),
)
for e in errors:
    try:
        e()
    except TypeError as exc:
        print("TypeError:", exc)
