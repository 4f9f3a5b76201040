# Scopes: global, nonlocal, closures, default arguments, lambdas.
counter = 0


def make_counter(start=0, step=1):
    count = start

    def inc(by=None):
        nonlocal count
        count += step if by is None else by
        return count

    def reset():
        nonlocal count
        count = start

    inc.reset = reset
    return inc


def bump():
    global counter
    counter += 1
    return counter


c = make_counter(10, step=2)
print(c(), c(), c(by=5))
c.reset()
print(c(), bump(), bump())
adders = [lambda x, n=n: x + n for n in range(3)]
print([f(10) for f in adders])
compose = lambda *fs: lambda x: __import__("functools").reduce(lambda acc, f: f(acc), fs, x)
print(compose(str.upper, lambda s: s + "!", len)("abc"))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print({k: v(6, 3) for k, v in ops.items()})
x = 1 if counter > 1 else 2 if counter else 3
assert x == 1, f"x was {x}"
del ops["+"], adders[0]
print(sorted(ops), len(adders), not x, -x, ~x, +x, x ** -1, 7 // 2, 7 % 3, 2 << 3 >> 1, 5 & 3 | 8 ^ 1)
print(1 < x <= 2 != 3, x is not None, x not in (2, 3), [] or {} or "default")
