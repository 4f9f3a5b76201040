# Sets of ints and tuples iterate in CPython's order (same table, same
# probing, same resizes); frozenset hashes are CPython's.
print(set(range(20)), {i * 8 for i in range(30)}, set(range(-50, 50, 7)))
print({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 1000, 64, 32, 8192})
print({(i, i % 3) for i in range(12)})
a = set(range(0, 100, 3))
b = set(range(1, 60, 2))
print(a | b)
print(a & b, b & a)
print(a - b)
print(a ^ b)
print(a.union([1000, 999], (5,)), a.intersection(sorted(b)), b.difference(range(10)))
c = set(range(100))
for i in range(95):
    c.discard(i)
print(c, c.__sizeof__())
d = set(range(0, 240, 8))
for i in range(10):
    d.discard(i * 16)
order = []
while d:
    order.append(d.pop())
print(order)
print(hash(frozenset()), hash(frozenset({1, 2})), hash(frozenset(range(50))))
print(hash(frozenset({(1, 2), (3, 4)})), hash(frozenset({-1, -2, 2 ** 40})))
print(set().__sizeof__(), set(range(5)).__sizeof__(), set(range(100)).__sizeof__())
print(frozenset({3, 1}), frozenset(), set())
class S(set):
    pass
print(S([1, 2]), S(), S([1]) | {2}, type(S([1]) | {2}).__name__)
