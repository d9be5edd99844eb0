"""Rules: pure functions of the product contract (periods, RAG, SPC, wording); no store."""
