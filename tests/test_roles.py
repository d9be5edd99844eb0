"""Roles from local accounts and from an identity provider's claims, worked by hand."""

from __future__ import annotations

from pmf_core.rules.roles import (
    Person,
    browse_without_sign_in,
    known_roles,
    local_accounts,
    oidc_configured,
    person_from_account,
    person_from_claims,
    roles_from_claims,
)

SECRETS = {
    "analysts": {"jo": {"name": "Jo Analyst", "password_hash": "h1"}},
    "accounts": {
        "jsmith": {
            "name": "J Smith",
            "email": "j.smith@example.gov.uk",
            "password_hash": "h2",
            "roles": ["officer", "checker"],
        },
        "viewer": {"name": "Vi Ewer", "password_hash": "h3"},
        "odd": {"name": "Odd", "password_hash": "h4", "roles": ["Analyst", "admin", "officer"]},
    },
}
MAPPING = {
    "analyst": ["group:PMF-Analysts", "a.khan@council.gov.uk"],
    "checker": ["group:Heads of Service"],
    "officer": ["group:PMF-Officers", "group:Heads of Service"],
}


def test_analysts_entries_are_analysts_and_accounts_carry_their_roles():
    accounts = local_accounts(SECRETS)
    assert sorted(accounts) == ["jo", "jsmith", "odd", "viewer"]
    assert person_from_account("jo", accounts["jo"]) == Person("jo", "Jo Analyst", "", ("analyst",))
    assert person_from_account("jsmith", accounts["jsmith"]) == Person(
        "jsmith", "J Smith", "j.smith@example.gov.uk", ("officer", "checker")
    )
    assert person_from_account("viewer", accounts["viewer"]).roles == ()  # browses only
    # A role the app does not know is left out; the known ones in the app's order, any case.
    assert person_from_account("odd", accounts["odd"]).roles == ("officer", "analyst")


def test_an_accounts_entry_wins_over_an_analysts_entry_of_the_same_name():
    secrets = {
        "analysts": {"jo": {"name": "Jo", "password_hash": "old"}},
        "accounts": {"jo": {"name": "Jo", "password_hash": "new", "roles": ["checker"]}},
    }
    jo = local_accounts(secrets)["jo"]
    assert jo["password_hash"] == "new" and person_from_account("jo", jo).roles == ("checker",)


def test_malformed_sections_give_no_accounts_and_malformed_roles_none():
    assert local_accounts({"analysts": "jo", "accounts": {"x": "not a table"}}) == {}
    assert known_roles("analyst") == ("analyst",)
    assert known_roles(7) == () and known_roles(None) == ()


def test_a_group_claim_gives_its_roles():
    claims = {"sub": "42", "email": "p.ray@council.gov.uk", "groups": ["Heads of Service"]}
    # Heads of Service is listed for checker and officer, not analyst.
    assert roles_from_claims(MAPPING, claims) == ("officer", "checker")
    person = person_from_claims(MAPPING, {**claims, "name": "P Ray"})
    assert person == Person(
        "p.ray@council.gov.uk", "P Ray", "p.ray@council.gov.uk", ("officer", "checker")
    )


def test_an_email_entry_matches_in_any_case_and_groups_match_in_any_case():
    assert roles_from_claims(MAPPING, {"email": "A.Khan@Council.gov.uk"}) == ("analyst",)
    assert roles_from_claims(MAPPING, {"email": "x@council.gov.uk", "groups": "pmf-analysts"}) == (
        "analyst",
    )


def test_no_matching_entry_browses_only():
    claims = {"email": "someone@council.gov.uk", "groups": ["Finance"]}
    assert roles_from_claims(MAPPING, claims) == ()
    # A group's name is not an e-mail address, nor an address a group.
    assert roles_from_claims(MAPPING, {"email": "pmf-analysts"}) == ()
    assert roles_from_claims(MAPPING, {"groups": ["a.khan@council.gov.uk"]}) == ()
    assert roles_from_claims({}, {"email": "a.khan@council.gov.uk"}) == ()
    assert roles_from_claims("analyst", {"email": "a.khan@council.gov.uk"}) == ()  # not a table


def test_entra_preferred_username_stands_in_for_a_missing_email():
    claims = {"preferred_username": "a.khan@council.gov.uk", "name": "A Khan", "sub": "x1"}
    person = person_from_claims(MAPPING, claims)
    assert person.user == "a.khan@council.gov.uk" and person.name == "A Khan"
    assert person.roles == ("analyst",)
    # A preferred_username that is not an address is no e-mail address: the subject is the user.
    nobody = person_from_claims(MAPPING, {"preferred_username": "akhan", "sub": "x2"})
    assert (nobody.user, nobody.email, nobody.roles) == ("x2", "", ())


def test_settings():
    assert browse_without_sign_in({}) is True
    assert browse_without_sign_in({"browse_without_sign_in": False}) is False
    assert browse_without_sign_in({"browse_without_sign_in": "false"}) is False
    assert browse_without_sign_in({"browse_without_sign_in": "true"}) is True
    assert not oidc_configured({"cookie_secret": "x" * 32})  # a cookie secret alone: local
    assert oidc_configured({"client_id": "c", "server_metadata_url": "http://idp/.well-known"})


def test_the_example_secrets_hold_one_demo_account_per_role_with_the_readme_passwords():
    import tomllib

    from conftest import ROOT
    from pmf_core.rules.accounts import check_password

    with open(ROOT / ".streamlit" / "secrets.example.toml", "rb") as file:
        secrets = tomllib.load(file)
    accounts = local_accounts(secrets)
    for role in ("analyst", "officer", "checker"):
        account = check_password(accounts, f"demo-{role}", f"demo-{role}-2026")
        assert account is not None, role
        assert person_from_account(f"demo-{role}", account).roles == (role,)
    assert browse_without_sign_in(secrets["auth"]) and not oidc_configured(secrets["auth"])
    readme = (ROOT / "README.md").read_text()
    assert all(f"`demo-{r}` / `demo-{r}-2026`" in readme for r in ("analyst", "officer", "checker"))
