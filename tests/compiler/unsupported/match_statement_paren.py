match (x, y):
    case (1, 2):
        pass
