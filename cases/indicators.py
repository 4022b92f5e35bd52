"""The CSE indicators: the one place their list is read, and the writes that maintain it.

Administrators maintain the list (`cases.admin`): they add, relabel, reorder and retire
indicators, never delete them. Retired indicators stay valid on the records that name them and
keep their labels, but are not offered for new screening or assessments. Nothing is cached here,
so every process sees an administrator's change at once: read the list once per page or
response, never once per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import Indicator

if TYPE_CHECKING:
    from accounts.models import User

# What an administrator may change; the code is fixed, because records store it.
INDICATOR_EDITABLE_FIELDS = ("label", "guidance", "is_active", "position")
# Codes look alike (the seeded ones are lower case with underscores), so API clients can rely on it.
CODE_PATTERN = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def indicator_choices() -> list[tuple[str, str]]:
    """The indicators offered for new screening and assessments, in order (one query)."""
    return list(Indicator.objects.filter(is_active=True).values_list("code", "label"))


def indicator_label_map() -> dict[str, str]:
    """Every indicator's label by code, retired ones included, for showing records (one query)."""
    return dict(Indicator.objects.order_by().values_list("code", "label"))


def indicators_check(codes: Iterable[str], *, field: str = "indicators") -> list[str]:
    """The codes sorted and each once, or a `ValidationError` on `field` naming any that are
    unknown or retired (one query; none for no codes)."""
    wanted = sorted(set(codes or ()))
    known = dict(
        Indicator.objects.filter(code__in=wanted).order_by().values_list("code", "is_active")
    )
    unknown = [code for code in wanted if code not in known]
    retired = [code for code in wanted if known.get(code) is False]
    if unknown or retired:
        problems = ["Choose indicators from the list."]
        if unknown:
            problems.append(f"Not on the list: {', '.join(unknown)}.")
        if retired:
            problems.append(f"No longer used: {', '.join(retired)}.")
        raise ValidationError({field: " ".join(problems)})
    return wanted


def _tidied(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }


@transaction.atomic
def indicator_create(
    *,
    by: User | None,
    code: str,
    label: str,
    guidance: str = "",
    is_active: bool = True,
    position: int = 0,
) -> Indicator:
    """Add an indicator to the list (offered for new screening unless made inactive)."""
    indicator = Indicator(
        **_tidied(
            {
                "code": code,
                "label": label,
                "guidance": guidance,
                "is_active": is_active,
                "position": position,
            }
        )
    )
    indicator.full_clean()
    if not CODE_PATTERN.fullmatch(indicator.code):
        raise ValidationError(
            {"code": "Use lower-case letters, numbers and underscores, like staying_out_late."}
        )
    indicator.save()
    audit_record(
        actor=by,
        action=AuditEvent.Action.ADMIN_CHANGE,
        obj=indicator,
        metadata={"change": "indicator_created", "code": indicator.code},
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by: User | None, **fields: Any) -> Indicator:
    """Relabel, reorder, retire or bring back an indicator; its code never changes."""
    unknown = set(fields) - set(INDICATOR_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: "The code cannot change: records use it. Retire this indicator and add "
                "a new one instead."
                if name == "code"
                else "This cannot be changed."
                for name in sorted(unknown)
            }
        )
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    changed = []
    for name, value in _tidied(fields).items():
        if getattr(indicator, name) != value:
            setattr(indicator, name, value)
            changed.append(name)
    if not changed:
        return indicator
    indicator.full_clean()
    indicator.save(update_fields=changed)
    metadata: dict[str, Any] = {
        "change": "indicator_changed",
        "code": indicator.code,
        "fields": changed,
    }
    if "is_active" in changed:
        metadata["retired"] = not indicator.is_active
    audit_record(actor=by, action=AuditEvent.Action.ADMIN_CHANGE, obj=indicator, metadata=metadata)
    return indicator
