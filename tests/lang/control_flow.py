# if/elif/else, while/else, for/else, break, continue, pass, nested loops
for i in range(6):
    if i % 2 == 0:
        continue
    elif i == 5:
        print("five")
    else:
        print("odd", i)
n = 0
while n < 10:
    n += 3
    if n == 9:
        break
else:
    print("no break")
print("n", n)
while n < 12:
    n += 1
else:
    print("while else", n)
for i in range(3):
    for j in range(3):
        if j == i:
            break
        print(i, j)
    else:
        print("inner done")
for i in ():
    pass
else:
    print("empty else")
k = 0
while True:
    k += 1
    if k > 3:
        break
print("k", k)
if not ():
    pass
x = 3 if k > 2 else 4
print(x, "yes" if () else "no")
for a, b in ((1, 2), (3, 4)):
    print(a + b)
print(tuple(range(10, 0, -3)), tuple(range(0)), tuple(range(2, 5)))
