f
1
'docstring'
a + b
x if y else z
lambda: 0
(yield)
await_
print('hello', end='')
