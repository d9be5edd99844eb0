"""Outputs: the appendix, the reports, the public site and the charts, from analysed frames."""
