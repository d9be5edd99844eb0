"""Streamlit glue shared by the pages: the store resource, cached frames, filters, auth."""
