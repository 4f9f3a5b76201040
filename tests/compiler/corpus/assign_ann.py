x: int
x: int = 1
(y): str = 'a'
a.b: list = []
a[0]: float
x: tuple = 1, 2
def f():
    z: 'List[int]' = []
