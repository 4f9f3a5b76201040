# 'x is None' / 'x is not None' as conditions compile to one jump on x.
def f(x, y):
    if x is None: print('a')
    if x is not None: print('b')
    if not (x is None): print('c')
    if x is None or y is not None: print('d')
    if x is None and y is None: print('e')
    while x is not None:
        x = None; print('w')
    assert y is None, 'msg'
    return [i for i in (1, None, 2) if i is not None]
print(f(None, None)); print(f(1, None))
try: f(1, 2)
except AssertionError as e: print('AE', e)
