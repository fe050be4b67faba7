"""Tests of the site as a whole (error pages, start pages per role, Dutch formats), across apps."""
