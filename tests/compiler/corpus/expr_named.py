if (n := len(a)) > 10:
    pass
while chunk := f.read():
    pass
[y := 1, y ** 2]
print((x := 5))
f(x := 1)
a[(b := 2)]
