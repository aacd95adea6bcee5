"""``python -m ijgraph``: the same as the ``ijgraph`` command."""

from ijgraph.cli import main

if __name__ == "__main__":
    main(prog_name="ijgraph")
