# allocation-failure sweep input: classes, finalizers, exceptions, containers, comprehensions
class N:
    def __init__(self, v):
        self.v = v
    def __del__(self):
        pass
def f(a, b=2, *args, **kw):
    x = [a, b, args, kw]
    try:
        raise ValueError("x")
    except ValueError as e:
        y = {"e": e, "n": N(a)}
    return x, y
total = 0
for i in range(5):
    r = f(i, k=i)
    total += len(r)
s = "-".join(str(i) for i in range(10))
print(total, s, [c for c in "abc"], {k: v for k, v in zip("ab", (1, 2))})
