lambda: 0
lambda x: x
lambda x, y: x + y
lambda x=1, y=2: x
lambda *args: args
lambda **kw: kw
lambda *, a: a
lambda a, *, b=1, c: 0
lambda a, /, b: 0
lambda a=1, /, b=2: 0
lambda *a, b, **c: 0
lambda x: lambda y: x + y
