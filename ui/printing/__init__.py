"""公示打印 (issue #6): choose a printout, generate it in the background, preview and print it."""
