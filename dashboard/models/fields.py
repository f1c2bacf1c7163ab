"""What every row shares: the base :class:`Row` (strict reading of a cell's text), the field types
checked against the vocabulary passed as validation context, and :func:`desc` (a field's description and
unit)."""

import datetime as dt
import re
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from dashboard.countries import is_valid_code
from dashboard.vocabulary import STAGES, Vocabulary

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
EditionId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]+$")]
Precision = Literal["day", "month", "year"]


def _vocabulary(info: ValidationInfo) -> Vocabulary | None:
    context = info.context
    return context.get("vocabulary") if isinstance(context, dict) else None


def _check_code(code: str) -> str:
    if not is_valid_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code (upper case) nor one of WLD, OTH, EUU")
    return code


def _check_codes(text: str) -> str:
    for code in text.split(";") if text else []:
        _check_code(code)
    return text


def _check_mineral(value: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is not None and value not in vocabulary.mineral_ids:
        raise ValueError(f"{value!r} is not a mineral of minerals.csv ({', '.join(vocabulary.mineral_ids)})")
    return value


def _check_minerals(text: str, info: ValidationInfo) -> str:
    for item in text.split(";") if text else []:
        _check_mineral(item, info)
    return text


def _check_theme(value: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is not None and value not in vocabulary.theme_ids:
        raise ValueError(f"{value!r} is not a theme of themes.csv ({', '.join(vocabulary.theme_ids)})")
    return value


def _check_themes(text: str, info: ValidationInfo) -> str:
    for item in text.split(";") if text else []:
        _check_theme(item, info)
    return text


def _check_edition(value: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is not None and value not in vocabulary.edition_ids:
        raise ValueError(f"{value!r} is not an edition of editions.csv ({', '.join(vocabulary.edition_ids)})")
    return value


Country = Annotated[str, AfterValidator(_check_code)]
CountryList = Annotated[str, AfterValidator(_check_codes)]
Mineral = Annotated[Id, AfterValidator(_check_mineral)]
MineralList = Annotated[str, AfterValidator(_check_minerals)]
ThemeId = Annotated[Id, AfterValidator(_check_theme)]
ThemeList = Annotated[str, AfterValidator(_check_themes)]
Edition = Annotated[EditionId, AfterValidator(_check_edition)]


def _check_release_or_statement(value: str, info: ValidationInfo) -> str:
    """Free text (a statement's description), but what looks like a release id (MCS2027) must be known."""
    if re.fullmatch(r"[A-Z]{2,6}[0-9]{4}", value):
        _check_edition(value, info)
    return value


ReleaseOrStatement = Annotated[str, AfterValidator(_check_release_or_statement)]
Stage = Literal["mine", "refinery"]
Pct = Annotated[float, Field(ge=0, le=100)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Tonnes = Annotated[float, Field(ge=0)]

assert set(Stage.__args__) <= set(STAGES)  # type: ignore[attr-defined]


def desc(text: str, unit: str | None = None) -> Any:
    """Field metadata: a description and, where the field is a quantity, its unit."""
    return Field(description=text, json_schema_extra={"unit": unit} if unit else None)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = ("true", "false")


def _base_type(annotation: Any) -> Any:
    """int, float, bool, dt.date, str, a Literal... under Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


class Row(BaseModel):
    """Base of every row: unknown columns rejected, no silent coercion of text to numbers, and no lenient
    reading of the text of a cell: numbers finite (no 'inf', 'nan', '1e400'), dates written YYYY-MM-DD
    (not '0', which pydantic would read as 1970-01-01), booleans 'true' or 'false'."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _strict_text(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str) or info.field_name is None:
            return value
        kind = _base_type(cls.model_fields[info.field_name].annotation)
        if kind is dt.date and not _ISO_DATE.fullmatch(value):
            raise ValueError("not a date written YYYY-MM-DD")
        if kind is bool and value not in _BOOLEANS:
            raise ValueError("not true or false")
        return value
