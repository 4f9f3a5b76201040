# assorted syntax: decorators, walrus, chained and augmented assignment, slices, f-strings
def deco(tag):
    def wrap(f):
        def inner(*a, **k):
            return tag + str(f(*a, **k))
        return inner
    return wrap
@deco("<")
@deco(">")
def val(x):
    return x * 2
print(val(21))
n = 5
while (n := n - 1) > 2:
    print("n", n)
a, b = c, d = 1, 2
print(a, b, c, d)
*rest, = (1, 2, 3)
print(rest)
lst = [0, 1, 2, 3]
lst[1] += 10
lst[-1] *= 2
class O: pass
o = O(); o.v = 1; o.v += 5
print(lst, o.v)
del lst[0], o.v
print(lst, hasattr(o, "v"))
m = {"a": [1, 2]}
m["a"][0] -= 1
print(m)
print([x if x % 2 else -x for x in range(5) if x != 3])
s = "abcdef"
print(s[1:4], s[::2], s[-2:], s[:-2], s[::-1])
t = (lambda *a, **k: (len(a), sorted(k)))(1, 2, z=1, y=2)
print(t)
print(f"{'a' if n else 'b'}", f"{n!r:>4}", f"{{{n}}}")
x = 1; y = 2; z = x + y; print(z)
if x: pass
elif y: pass
else: pass
for i in range(3): print(i, end=" ")
print()
print(not x == 2, -x ** 2, (-x) ** 2, 2 ** 3 ** 2, 7 // 2 * 2 + 7 % 2)
print(1 if True else 2 if False else 3, (1, 2) + (3,), "ab" "cd")
assert True, "never"
def kwonly(a, *, b=2): return a + b
print(kwonly(1), kwonly(1, b=5))
def posonly(a, /, b): return a - b
print(posonly(5, b=1))
print(type(...), ... is Ellipsis)
