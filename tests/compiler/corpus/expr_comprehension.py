[x for x in y]
[x for x in y if x]
[x for x in y if x if not x]
[x * y for x in a for y in b]
[x for x in a if x for y in b if y]
{x for x in y}
{k: v for k, v in items}
{k: v for (k, v) in items if k}
(x for x in y)
[(a, b) for a, b in c]
[x for *a, x in y]
[x for x.a in y]
[x for x[0] in y]
[[y for y in x] for x in z]
[y := f(x) for x in z]
[x for x in a if (lambda: b)]
