# assignment targets: tuples, nested, starred, attributes, subscripts, chained
a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (3, 4), 5
print(x, y, z)
first, *middle, last = (1, 2, 3, 4, 5)
print(first, middle, last)
*init, tail = "abc"
print(init, tail)
head, *rest = (1,)
print(head, rest)
class O:
    pass
o = O()
o.a, o.b = "ab"
d = {}
d["k"], d["j"] = 1, 2
print(o.a, o.b, d)
p = q = r = "same"
print(p is q is r)
for i, (j, k) in enumerate(((1, 2), (3, 4))):
    print(i, j, k)
t = 1, 2, 3
u, v, w = t
print(u + v + w)
s, = (9,)
print(s)
