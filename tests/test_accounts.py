from pmf_core.accounts import hash_password, verify_password


def test_hash_verifies_only_the_right_password():
    stored = hash_password("correct horse 1")
    assert stored.startswith("pbkdf2_sha256$310000$") and "correct" not in stored
    assert verify_password("correct horse 1", stored)
    assert not verify_password("correct horse 2", stored)
    assert hash_password("correct horse 1") != stored  # salted


def test_malformed_hashes_never_verify():
    for stored in ("", "plain-text-password", "md5$1$a$b", "pbkdf2_sha256$x$y$z"):
        assert not verify_password("anything", stored)
