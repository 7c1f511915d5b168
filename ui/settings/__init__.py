"""设置 page (issue #6): the office texts and options printouts use."""
