x = 1
x = y = z = 2
a, b = b, a
a, = t
[a, b] = c
(a, b) = c
(a) = 1
a.b.c = 1
a[0] = 1
a[1:2] = []
a, *b = c
*a, b = c
[a, [b, *c]] = d
() = []
[] = ()
x = *a, *b
x = yield_ = 3
x = 1,
x = 1, 2,
f().a = g()[0] = 5
