"""Road-map design (DESIGN.md): the search space, the program, the optimum, the frontier."""
