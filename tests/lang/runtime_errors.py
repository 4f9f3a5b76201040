# messages of the errors the interpreter itself raises, as CPython 3.11 words them
def show(thunk):
    try:
        thunk()
        print("no error")
    except Exception as e:
        print(type(e).__name__ + ":", e)
class Thing:
    pass
class NoExit:
    def __enter__(self):
        return self
def unpack2(v):
    a, b = v
def unpack_star(v):
    a, *b, c = v
def call_with_star(f, v):
    return f(*v)
def call_with_kw(f, v):
    return f(**v)
def target(*a, **k):
    return a, k
def read_local():
    print(z)
    z = 1
def del_local():
    y = 1
    del y
    del y
def bad_raise():
    raise 5
def bad_cause():
    raise ValueError from 7
def bad_except():
    try:
        1 // 0
    except 3:
        pass
def reraise_nothing():
    raise
def with_int():
    with 5:
        pass
def with_no_exit():
    with NoExit():
        pass
def map_star():
    return {**5}
def dup_kw():
    return target(**{"a": 1}, a=2)
tests = (
    lambda: unpack2(5),
    lambda: unpack2((1, 2, 3)),
    lambda: unpack2((1,)),
    lambda: unpack2("abc"),
    lambda: unpack_star((1,)),
    lambda: unpack_star(5),
    lambda: call_with_star(target, 5),
    lambda: call_with_kw(target, 5),
    lambda: call_with_kw(target, {1: 2}),
    lambda: Thing()(),
    lambda: 5(),
    lambda: read_local(),
    lambda: del_local(),
    lambda: bad_raise(),
    lambda: bad_cause(),
    lambda: bad_except(),
    lambda: reraise_nothing(),
    lambda: with_int(),
    lambda: with_no_exit(),
    lambda: map_star(),
    lambda: dup_kw(),
    lambda: undefined_global,
    lambda: Thing.nothing,
    lambda: Thing().nothing,
    lambda: None.nothing,
    lambda: 1 + "a",
    lambda: "a" - 1,
    lambda: -"a",
    lambda: ~"a",
    lambda: "a" < 1,
    lambda: (1, 2) < (1, "a"),
    lambda: 5 in 5,
    lambda: len(5),
    lambda: hash({}),
    lambda: iter(5),
    lambda: next(5),
    lambda: next(iter(())),
    lambda: {}["k"],
    lambda: (1, 2)[5],
    lambda: "abc"[10],
    lambda: int("12x"),
    lambda: chr(-1),
    lambda: ord("ab"),
    lambda: getattr(1, 2),
    lambda: isinstance(1, 2),
    lambda: min(),
    lambda: max(()),
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: divmod(1, 0),
    lambda: range(1, 2, 0),
    lambda: super(),
)
for t in tests:
    show(t)
