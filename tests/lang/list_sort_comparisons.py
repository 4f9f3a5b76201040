# list.sort is CPython's timsort: the same `<` calls in the same order
# (counted and folded into a checksum), stable, also with reverse=True.
class K:
    def __init__(self, v, i):
        self.v = v
        self.i = i

    def __lt__(self, other):
        global count, acc
        count += 1
        acc = (acc * 31 + self.i * 7 + other.i) % 1000000007
        return self.v < other.v


seed = 12345


def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n


def values(n, pattern):
    if pattern == 0:
        return [rnd(1000) for i in range(n)]
    if pattern == 1:
        return [rnd(5) for i in range(n)]
    if pattern == 2:
        vals = list(range(n))
        for j in range(n // 20):
            a = rnd(n)
            b = rnd(n)
            vals[a], vals[b] = vals[b], vals[a]
        return vals
    return [n - i for i in range(n)]


def fold(ks):
    order = 0
    for k in ks:
        order = (order * 131 + k.i) % 1000000007
    return order


for n in [0, 1, 2, 7, 64, 65, 300, 2000]:
    for pattern in range(4):
        vals = values(n, pattern)
        count = acc = 0
        ks = [K(v, i) for i, v in enumerate(vals)]
        ks.sort()
        line = [n, pattern, count, acc, fold(ks)]
        count = acc = 0
        ks = [K(v, i) for i, v in enumerate(vals)]
        ks.sort(reverse=True)
        print(*line, count, acc, fold(ks))

words = ["pear", "Apple", "fig", "apple", "Fig", "banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
pairs = [(i % 3, i) for i in range(10)]
print(sorted(pairs, key=lambda p: p[0]))
print(sorted(pairs, key=lambda p: p[0], reverse=True))
