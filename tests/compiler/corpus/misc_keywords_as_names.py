print(True, False, None)
x = {'if': 1, 'for': 2}
obj.match
type = 1
