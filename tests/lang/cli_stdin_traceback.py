def f():
    1 // 0
f()
