"""Persistence of the portal: units, users, versions of final accounts, reviews, publications."""
