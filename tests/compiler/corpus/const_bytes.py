b'a'
B"b"
b'\x00\xff\n'
rb'\n'
Rb'x'
br'y'
b'a' b'b'
b''
b'\'"'
b"it's"
b'\777'
