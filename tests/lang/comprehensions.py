# list/set/dict comprehensions and generator expressions (own scope, as CPython 3.11)
print([x * x for x in range(6)])
print([x for x in range(10) if x % 3 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print({x % 3 for x in range(10)})
print({k: v for k, v in zip("abc", range(3))})
print(sum(x for x in range(101)), max(len(w) for w in ("a", "abc", "ab")))
print(list(x + 1 for x in (1, 2)), tuple(c for c in "hey"), sorted(x for x in (3, 1, 2)))
x = "outer"
print([x for x in "ab"], x)
def f(n):
    return [i * n for i in range(3)]
print(f(2))
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
matrix = [[1, 2], [3, 4]]
print([row[i] for i in range(2) for row in matrix])
print([[c for c in word] for word in ("ab", "cd")])
print(any(n > 3 for n in range(5)), all(n < 3 for n in range(5)))
def adders():
    return [lambda y, i=i: i + y for i in range(3)]
print([a(10) for a in adders()])
if (n := len("four")) > 3:
    print("walrus", n)
print([y := 5, y ** 2])
print([last := w for w in ("a", "b")], last)
