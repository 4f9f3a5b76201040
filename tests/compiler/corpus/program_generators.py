# Generators, iteration protocols and comprehensions.
def fib(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b


def chunks(it, n):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == n:
            yield tuple(buf)
            buf = []
    if buf:
        yield tuple(buf)


def flatten(nested):
    for x in nested:
        if isinstance(x, (list, tuple)):
            yield from flatten(x)
        else:
            yield x


squares = {n: n * n for n in range(10) if n % 3}
evens = [x for row in [[1, 2], [3, 4, 5]] for x in row if not x & 1]
gen = (x ** 2 for x in fib(100))
print(list(chunks(fib(1000), 4)), squares, evens, sum(gen))
print(list(flatten([1, [2, (3, [4, 5])], 6])))
matrix = [[i * j for j in range(1, 4)] for i in range(1, 4)]
transposed = list(zip(*matrix))
first, *middle, last = range(6)
print(transposed, first, middle, last, sep="\n")
total = 0
for i, (a, b) in enumerate(zip("abc", range(3)), start=1):
    total += i * b
    if total > 100:
        break
else:
    print("no break", total)
while (n := len(middle)) > 2:
    middle.pop()
print(n, middle[::-1], middle[1:], matrix[0][-1:], matrix[::2])
