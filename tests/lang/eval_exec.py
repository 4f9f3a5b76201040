# eval and exec in default and given namespaces
x = 3
print(eval("x + 1"), eval(" 2*x", {"x": 10}))
exec("y = x * 2")
print(y)
g = {}
exec("def f(): return 42", g)
print(g["f"]())
def loc():
    a = 5
    return eval("a + 1")
print(loc())
