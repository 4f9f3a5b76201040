x = 1 ; y = 2 ;
if x: pass
else: pass
while 0: pass
