"""Who may do what: the roles officer, checker and analyst, from local accounts in secrets or
from the identity provider's claims, and the sign-in settings. Pure: no Streamlit, no store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

OFFICER, CHECKER, ANALYST = "officer", "checker", "analyst"
ROLES = (OFFICER, CHECKER, ANALYST)
GROUP_PREFIX = "group:"


@dataclass(frozen=True)
class Person:
    """A signed-in person: the name they sign in with (or their e-mail address with the
    identity provider), the name the app shows and records, and their roles (none: browse)."""

    user: str
    name: str
    email: str = ""
    roles: tuple[str, ...] = ()

    def has(self, role: str) -> bool:
        """Whether this person holds ``role``."""
        return role in self.roles


def known_roles(listed: object) -> tuple[str, ...]:
    """The roles named in ``listed`` (a list, or one string) that the app knows, in the app's
    order; a name it does not know gives nothing."""
    names = [listed] if isinstance(listed, str) else listed
    if not isinstance(names, list | tuple):
        return ()
    wanted = {str(n).strip().casefold() for n in names}
    return tuple(r for r in ROLES if r in wanted)


def local_accounts(secrets: Mapping) -> dict[str, Mapping]:
    """Every local account by sign-in name: ``[accounts.NAME]`` with its ``roles``, and each
    ``[analysts.NAME]`` as an analyst. A name in both is the ``[accounts]`` one."""
    found: dict[str, Mapping] = {}
    analysts = secrets.get("analysts", {})
    for user, account in analysts.items() if isinstance(analysts, Mapping) else []:
        if isinstance(account, Mapping):
            found[str(user).strip()] = {**account, "roles": [ANALYST]}
    accounts = secrets.get("accounts", {})
    for user, account in accounts.items() if isinstance(accounts, Mapping) else []:
        if isinstance(account, Mapping):
            found[str(user).strip()] = dict(account)
    return found


def person_from_account(user: str, account: Mapping) -> Person:
    """The person a local account signs in (its ``name``, else the sign-in name)."""
    return Person(
        user=user.strip(),
        name=str(account.get("name") or user.strip()),
        email=str(account.get("email") or ""),
        roles=known_roles(account.get("roles", [])),
    )


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def claims_email(claims: Mapping) -> str:
    """The person's e-mail address from the token: ``email``, else ``preferred_username``
    when it is an address (Microsoft Entra ID's sign-in name)."""
    email = str(claims.get("email") or "").strip()
    if email:
        return email
    preferred = str(claims.get("preferred_username") or "").strip()
    return preferred if "@" in preferred else ""


def roles_from_claims(mapping: object, claims: Mapping) -> tuple[str, ...]:
    """The roles ``[roles]`` gives a token: an entry ``group:NAME`` matches a name in the
    ``groups`` claim, any other entry the e-mail address; both in any case. A ``[roles]`` that
    is not a table gives none."""
    if not isinstance(mapping, Mapping):
        return ()
    email = claims_email(claims).casefold()
    groups = {g.strip().casefold() for g in _as_list(claims.get("groups"))}
    held = []
    for role in ROLES:
        for entry in _as_list(mapping.get(role, [])):
            entry = entry.strip()
            if entry.casefold().startswith(GROUP_PREFIX):
                matched = entry[len(GROUP_PREFIX) :].strip().casefold() in groups
            else:
                matched = bool(email) and entry.casefold() == email
            if matched:
                held.append(role)
                break
    return tuple(held)


def person_from_claims(mapping: object, claims: Mapping) -> Person:
    """The person an identity-provider token signs in, with the roles ``[roles]`` gives."""
    email = claims_email(claims)
    user = email or str(claims.get("sub") or "")
    return Person(
        user=user,
        name=str(claims.get("name") or email or user or "signed in"),
        email=email,
        roles=roles_from_claims(mapping, claims),
    )


def browse_without_sign_in(auth: Mapping) -> bool:
    """The ``[auth]`` setting ``browse_without_sign_in`` (true unless set false)."""
    value = auth.get("browse_without_sign_in", True)
    if isinstance(value, str):
        return value.strip().casefold() not in {"false", "no", "0", "off"}
    return bool(value)


def oidc_configured(auth: Mapping) -> bool:
    """Whether ``[auth]`` names an identity provider (not only the cookie's secret)."""
    return bool(auth.get("client_id") and auth.get("server_metadata_url"))
