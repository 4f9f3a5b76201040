if x:
	y = 1
	if y:
		z = 2
def f():
        return 1
class A:
 x = 1
