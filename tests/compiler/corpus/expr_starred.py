print(*a)
x = [*a, 1]
*a, b = c
for *a, b in c: pass
x = *a,
return_ = {*a}
