# list and set displays, starred unpacking into them, list-valued names, sorting, slicing
a = [1, 2, 3]
b = a
a += [4]
print(a, b, a is b)
a = a + [5]
print(a, b)
print([*a, *"xy"], [0, *range(3)], {*(3, 1, 3), 2})
first, *rest = a
print(first, rest)
*init, last = "hello"
print(init, last)
print(sorted([3, 1, 2]), sorted("bca", reverse=True), sorted([-3, 1, 2], key=abs))
print(a[1:3], a[::-1], a[::2], len(a), a[-1])
del a[0]
a[0] = "changed"
print(a, 3 in a, "x" not in a)
nested = [[]] * 3
nested[0].append(1)
print(nested)
print(list(range(3)), list("ab"), list({"k": 1}), set([1, 1, 2]) == {1, 2})
print(min([4, 2, 8]), max([4, 2, 8], key=lambda v: -v), sum([1, 2, 3], 10))
print(list(enumerate(["x", "y"], 1)), list(zip([1, 2], [3, 4], [5, 6])))
print(list(map(lambda p, q: p * q, [1, 2], [3, 4])), list(filter(lambda v: v % 2, range(6))))
print(list(reversed([1, 2, 3])), list(reversed(range(3))))
def f(*args, **kwargs):
    return args, kwargs
print(f(*[1, 2], *[3], **{"a": 1}, **{"b": 2}))
print(f(*"ab", 1, *(2,)))
stack = []
stack.append(1)
stack.append(2)
print(stack.pop(), stack)
print([1, 2] == [1, 2], [1, 2] < [1, 3], [] or "empty")
s = {3, 1}
s.add(2)
print(sorted(s), len(s), 2 in s)
