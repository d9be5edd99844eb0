"""The demo council: its catalogue of measures, its series and its comparator data."""
