"""The menu of the console: each page package registers its entries when it is imported
(``navigation.register(NavItem(...))``), so areas add menu entries without editing a
shared file."""

from dataclasses import dataclass

from app.principal import Principal, Role

__all__ = ["NavItem", "menu_for", "register"]


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str  # an English message id, marked with N_ in its domain; shown translated
    href: str
    roles: frozenset[Role]
    order: int = 100  # smaller first


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)
    _items.sort(key=lambda item: (item.order, item.href))


def menu_for(principal: Principal | None) -> list[NavItem]:
    """The entries `principal` may open (admins see what staff see)."""
    if principal is None or principal.role is None:
        return []
    roles = {principal.role} | ({Role.STAFF} if principal.role == Role.ADMIN else set())
    return [item for item in _items if item.roles & roles]
