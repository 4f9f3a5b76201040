if x:
pass
s = 'abc
