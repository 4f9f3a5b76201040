# objects still bound at exit are finalized during shutdown
class N:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
_private = N("underscore")
public = N("public")
other = N("other")
print("done")
