"""Printing (issue #6): plain report data for the PDF writers in ``reports`` — postings (公示) from
the registry and from case posting batches, approval sheets, rejection letters and the one-household
case file — built from the registry, the case services and the office texts in 设置. No Qt here.

See docs/printing.md.
"""
