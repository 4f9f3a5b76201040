while x:
    x -= 1
while x:
    break
else:
    continue
for x in y:
    pass
for x, y in z:
    pass
for (x, y) in z:
    pass
for [x, y] in z:
    pass
for x in 1, 2, 3:
    pass
for x in *a, *b:
    pass
for x in y:
    pass
else:
    pass
for a.b in c: pass
for a[0] in c: pass
for x, in y: pass
