pass
break
continue
return
return 1
return 1, 2
return *a, b
raise
raise E
raise E('x')
raise E from e
raise E from None
del x
del x, y
del x,
del (x, y)
del [x, y]
del a.b, a[0], a[1:2]
del (a), [b]
assert x
assert x, 'message'
assert (x, y)
global a
global a, b, c
nonlocal a
nonlocal a, b
x = 1; y = 2
x = 1;
f(); g(); h()
