"""The demo data set of `make run`: reviewed data files loaded through the domains' services."""
