"""户籍台账: the household registry screens."""
