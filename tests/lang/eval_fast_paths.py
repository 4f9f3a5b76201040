# The eval loop's and the object layer's fast paths give the general
# paths' answers: str(int), container[int], list/dict method calls, dict
# lookups of equal but distinct int keys, int hashes near the modulus.

# str(x) of ints, at the word boundaries and past them
for v in (0, 7, -7, 10, 99, 100, -100, 12345, 2**63 - 1, -2**63, 10**19 - 1,
          10**19, -10**19, 10**40 + 5, -(10**25)):
    print(str(v), repr(v), len(str(v)))
print(str(True), str(), str("s"), str(object="kw"), str(1.5))


class S(str):
    pass


print(type(str(S("x"))).__name__, str(S("x")))
str_ = str
print(str_(42) == "42")

# subscripts of exact lists and tuples, negative, out of range, bools
lst = [10, 20, 30]
tup = (1, 2)
print(lst[0], lst[-1], lst[-3], tup[1], tup[-2], lst[True], tup[False])
for bad in (3, -4, 10**20, -10**20):
    try:
        lst[bad]
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
try:
    tup[2]
except IndexError as e:
    print(e)


class L(list):
    def __getitem__(self, i):
        return ("sub", i)


print(L([1])[0])

# method descriptors: the right count and type go the quick way, the rest
# raise as before
stack = []
stack.append(1)
stack.append(2)
print(stack.pop(), stack.pop(0), stack)
try:
    stack.append()
except TypeError as e:
    print(e)
try:
    stack.append(1, 2)
except TypeError as e:
    print(e)
try:
    list.append((), 1)
except TypeError as e:
    print(e)
try:
    stack.pop()
except IndexError as e:
    print(e)
print(list.append.__name__, str.upper("abc"), "a,b".split(","))

# dict keys: equal ints that are distinct objects, negatives, big ints
d = {}
base = 10**6
for i in range(100):
    d[base + i] = i
    d[-(base + i)] = -i
print(sum(d[base + i] for i in range(100)), d[-(base + 3)])
for i in range(0, 100, 2):
    del d[int(str(base + i))]
print(len(d), (base + 1) in d, (base + 2) in d)
d[2**70] = "big"
print(d[2**70], (2**70 + 1) in d, d.get(2**64), d.get(base + 1.0))
d2 = {1: "one"}
print(d2[True], d2.get(1.0))

# int hashes on both sides of 2**61 - 1
for v in (2**61 - 2, 2**61 - 1, 2**61, -(2**61) + 1, -1, -2**63, 2**63 - 1, 12345):
    print(hash(v))
