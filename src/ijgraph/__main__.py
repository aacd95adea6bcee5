from ijgraph.cli import main

main(prog_name="ijgraph")
