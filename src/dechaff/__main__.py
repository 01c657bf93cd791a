"""`python -m dechaff`: the same command as `dechaff`."""

from dechaff.cli import main

if __name__ == "__main__":
    main()
