"""The scenario file format (version 1), as pydantic models.

These models check each field on its own (types, ranges, shapes) and give the JSON Schema that
editors use. Checks across fields and ids (unknown references, cycles, derived tiers) live in
`planner.validation`, which turns a `ScenarioDocument` into the domain `Scenario`.
"""

from __future__ import annotations

import datetime
import math
import re
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, ValidationInfo, field_validator, model_validator

from planner.model import MAX_AMOUNT, Tier

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, description="Letters, digits, '-', '_' or '.'.")]

# A change relative to the KR's baseline, e.g. "-50% of baseline". Spelled out so it cannot be
# read as percentage points on a KR whose unit is already "%".
RELATIVE_PATTERN = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s+of\s+baseline\s*$", re.IGNORECASE)
# An impact (or trend) this many times its KR's gap is a units mistake, and beyond the solver's precision.
MAX_GAP_MULTIPLE = 1e6

RELATIVE_HINT = 'a number in the KR\'s units (e.g. 8 or -6) or a relative change such as "-50% of baseline"'


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_as_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """true/false are not numbers (pydantic would read them as 1 and 0)."""
        annotation = cls.model_fields[info.field_name].annotation
        values = value.values() if isinstance(value, dict) and _number_values(annotation) else [value]
        if (_is_number(annotation) or _number_values(annotation)) and any(isinstance(v, bool) for v in values):
            raise ValueError(f"must be a number; got {str(next(v for v in values if isinstance(v, bool))).lower()}")
        return value


def _is_number(annotation: Any) -> bool:
    """float or int (or an optional one), not bool."""
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation in (int, float):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_number(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _number_values(annotation: Any) -> bool:
    """A mapping whose values are numbers (effort per team)."""
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) is dict and len(args) == 2 and _is_number(args[1])


def parse_impact_number(value: Any) -> tuple[float, bool]:
    """Read one impact number: (value, is_relative). Relative values are fractions (-0.5)."""
    if isinstance(value, bool):
        raise ValueError(f"an impact must be {RELATIVE_HINT}; got {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"an impact must be a finite number; got {value!r}")
        return float(value), False
    if isinstance(value, str):
        match = RELATIVE_PATTERN.match(value)
        if match:
            return float(match.group(1)) / 100.0, True
        try:
            return parse_impact_number(float(value.replace("+", "", 1)))
        except ValueError:
            pass
    raise ValueError(f"an impact must be {RELATIVE_HINT}; got {value!r}")


def parse_impact(spec: Any) -> tuple[float, float, float, bool]:
    """Read one impact spec into (low, likely, high, is_relative); ValueError in user terms."""
    if isinstance(spec, dict):
        keys = set(spec)
        if keys != {"low", "likely", "high"}:
            missing = sorted({"low", "likely", "high"} - keys)
            extra = sorted(keys - {"low", "likely", "high"})
            detail = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
            raise ValueError(f"the range has {detail}; a range has exactly low, likely and high")
        values = [spec["low"], spec["likely"], spec["high"]]
    else:
        values = [spec]
    parsed = [parse_impact_number(v) for v in values]
    if len({relative for _, relative in parsed}) > 1:
        raise ValueError("the range mixes KR units and '% of baseline'; use one kind for low, likely and high")
    low, likely, high = (number for number, _ in parsed) if len(parsed) == 3 else [parsed[0][0]] * 3
    if not low <= likely <= high:
        raise ValueError(
            f"low {values[0]}, likely {values[1]}, high {values[2]} are not in numeric order "
            "low <= likely <= high (for a decrease, low is the most negative)"
        )
    return low, likely, high, parsed[0][1]


def _check_impact(spec: Any) -> Any:
    if spec is not None:
        parse_impact(spec)
    return spec


_IMPACT_NUMBER_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": RELATIVE_PATTERN.pattern, "examples": ["-50% of baseline"]},
    ]
}
# One union member per JSON type would give one pydantic error per member; `Any` plus our own
# parsing gives one clear message, and the schema still tells editors the three shapes.
ImpactSpec = Annotated[
    Any,
    AfterValidator(_check_impact),
    WithJsonSchema(
        {
            "description": 'A number in the KR\'s units, "N% of baseline", or {low, likely, high}.',
            "anyOf": [
                *_IMPACT_NUMBER_SCHEMA["anyOf"],
                {
                    "type": "object",
                    "properties": {k: _IMPACT_NUMBER_SCHEMA for k in ("low", "likely", "high")},
                    "required": ["low", "likely", "high"],
                    "additionalProperties": False,
                },
            ],
        }
    ),
]


ELASTICITY_HINT = ("a number of the driven KR's units per unit of this one (e.g. 0.8), \"N% of baseline\" of the "
                   "driven KR per unit, or {low, likely, high}; add `unit: \"<driven unit> per <this unit>\"` to "
                   "have the units checked")


def parse_elasticity(spec: Any) -> tuple[float, float, float, bool, str | None]:
    """Read one driver link's elasticity into (low, likely, high, is_relative, stated unit).

    A number or "N% of baseline" (of the driven KR's baseline, per unit of the driver), a range
    {low, likely, high}, or either as a mapping with `unit` ({value: 0.8, unit: "kUSD per pt"})."""
    unit = None
    if isinstance(spec, dict) and "unit" in spec:
        spec = dict(spec)
        unit = spec.pop("unit")
        if not isinstance(unit, str) or not unit.strip():
            raise ValueError(f"`unit` must be text such as \"kUSD per pt\"; got {unit!r}")
        if set(spec) == {"value"}:
            spec = spec["value"]
    if isinstance(spec, dict) and "value" in spec:
        raise ValueError("give `value` alone (with `unit`), or low, likely and high")
    try:
        low, likely, high, relative = parse_impact(spec)
    except ValueError as exc:
        raise ValueError(str(exc).replace("an impact", "an elasticity")) from None
    return low, likely, high, relative, unit


def _check_elasticity(spec: Any) -> Any:
    parse_elasticity(spec)
    return spec


ElasticitySpec = Annotated[
    Any,
    AfterValidator(_check_elasticity),
    WithJsonSchema({
        "description": ELASTICITY_HINT,
        "anyOf": [
            *_IMPACT_NUMBER_SCHEMA["anyOf"],
            {"type": "object", "properties": {**{k: _IMPACT_NUMBER_SCHEMA for k in ("low", "likely", "high", "value")},
                                              "unit": {"type": "string"}},
             "additionalProperties": False},
        ],
    }),
]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class TeamSpec(_Strict):
    capacity: float = Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="Effort available this quarter.")
    name: str = ""


class SplitSpec(_Strict):
    """Target share of selected effort per tier, each allowed to drift by `tolerance`."""

    primary: float = Field(0.70, ge=0, le=1)
    secondary: float = Field(0.20, ge=0, le=1)
    exploration: float = Field(0.10, ge=0, le=1)
    tolerance: float = Field(0.05, ge=0, le=1)

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> SplitSpec:
        total = self.primary + self.secondary + self.exploration
        if abs(total - 1.0) > 1e-6:
            raise ValueError(
                f"the split shares add up to {total:g} "
                f"({self.primary:g} + {self.secondary:g} + {self.exploration:g}); they must add up to 1"
            )
        return self


class Refusal(ValueError):
    """A validator's refusal that knows its own fix (the message reader gets both)."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


class KeyResultSpec(_Strict):
    id: Id
    title: str
    unit: str = ""
    baseline: float = Field(allow_inf_nan=False)
    guardrail: Literal["at_least", "at_most"] | None = Field(None, description=(
        "A level to hold rather than a target to reach (\"Maintain 99.99% availability\"): `at_least` keeps the "
        "metric from falling below `target`, `at_most` from rising above it. Not scored; the plan's expected value "
        "must hold it."))
    target: float | None = Field(None, allow_inf_nan=False, description=(
        "Direction follows from target vs baseline. For a guardrail, the level to hold (default: the baseline)."))
    weight: float = Field(1.0, gt=0, allow_inf_nan=False)
    trend: ImpactSpec = Field(
        None, description="Drift expected this quarter with no initiative at all, like an impact."
    )
    drives: dict[Id, ElasticitySpec] = Field(default_factory=dict, description=(
        "Driver links: KR (or guardrail) id -> how much it moves per unit this one moves, in its units "
        "(`drives: {mrr: 0.8}`). Initiatives' effects on this KR flow on through the links."))
    supports: list[Id] = Field(default_factory=list, description=(
        "Company objective or KR ids this KR serves (alignment; arithmetic goes through `drives`)."))

    @field_validator("supports", mode="before")
    @classmethod
    def _one_or_many_supported(cls, value: Any) -> Any:
        return _one_or_many(value)

    @field_validator("target", mode="after")
    @classmethod
    def _target_differs(cls, target: float | None, info: ValidationInfo) -> float | None:
        baseline = info.data.get("baseline")
        if target is None or baseline is None:
            return target
        if target == baseline and info.data.get("guardrail") is None:
            raise Refusal(f"target equals baseline ({target:g}), so there is nothing to attain",
                          "set a target different from the baseline; for a level to hold (\"maintain ...\"), add "
                          "`guardrail: at_least` (or `guardrail: at_most`)")
        if not abs(target) + abs(baseline) <= MAX_AMOUNT:
            raise ValueError(f"baseline {baseline:g} and target {target:g} are beyond ±{MAX_AMOUNT:g}, the solver's "
                             "precision; state the KR in larger units (thousands, millions)")
        return target

    @model_validator(mode="after")
    def _a_goal_or_a_guardrail(self) -> KeyResultSpec:
        if self.guardrail is not None and "weight" in self.model_fields_set:
            raise Refusal("a guardrail is held, not scored, so it has no weight", "remove `weight` from it")
        if self.guardrail is None and self.target is None:
            raise Refusal("`target` is missing", "add `target: N`, or for a level to hold rather than a target, "
                          "`guardrail: at_least` (or `guardrail: at_most`)")
        return self

    @property
    def level(self) -> float:
        """A guardrail's level: its target, or the baseline when none is given."""
        return self.baseline if self.target is None else self.target


class ObjectiveSpec(_Strict):
    id: Id
    title: str
    tier: Tier
    weight: float = Field(1.0, gt=0, allow_inf_nan=False)
    min_attainment: float | None = Field(
        None, ge=0, le=1, description="Optional floor on this objective's score (0-1)."
    )
    key_results: list[KeyResultSpec] = Field(min_length=1)
    supports: list[Id] = Field(default_factory=list, description="Company objective or KR ids this objective serves.")

    @field_validator("supports", mode="before")
    @classmethod
    def _one_or_many_supported(cls, value: Any) -> Any:
        return _one_or_many(value)


class CompanyObjectiveSpec(ObjectiveSpec):
    """A company objective: what product objectives support. Its tier only matters for an
    initiative that moves its KRs directly."""

    tier: Tier = Tier.PRIMARY


class CompanySpec(_Strict):
    """The company's objectives and KRs, inline or from a company file several scenarios share."""

    file: str | None = Field(None, description="A company file, relative to this scenario (read by the loader).")
    objectives: list[CompanyObjectiveSpec] = Field(default_factory=list)
    score_on: Literal["product", "company", "both"] = Field(description=(
        "Which KRs carry weight in the plan's score: `product` (company KRs are forecast and reported), "
        "`company` (product KRs count through what they drive), or `both`."))


class CompanyDocument(_Strict):
    """A company file, version 1: company objectives and KRs that team scenarios support."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"title": "okr-planner company"})

    version: Literal[1]
    kind: Literal["company"]
    name: str
    description: str = ""
    objectives: list[CompanyObjectiveSpec] = Field(min_length=1)


class InitiativeSpec(_Strict):
    id: Id
    title: str
    effort: dict[str, Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="Team id -> effort in the scenario's units."
    )
    impacts: dict[str, ImpactSpec] = Field(default_factory=dict, description="KR id -> impact.")
    confidence: float = Field(1.0, ge=0, le=1, description="Chance it delivers at all.")
    requires: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    commit: Literal["in", "out"] | None = None
    tier: Tier | None = None
    cost: float = Field(0.0, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    owner: str = ""
    notes: str = ""

    @field_validator("requires", "excludes", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _one_or_many(value)


class InitiativeTables(_Strict):
    """Initiatives taken from spreadsheets (CSV or Excel), paths relative to the scenario file."""

    table: str = Field(description="One row per initiative.")
    impacts: str | None = Field(None, description="One row per initiative-KR impact (long form).")
    sheet: str | None = Field(None, description="Excel sheet of the initiatives table.")
    impacts_sheet: str | None = Field(None, description="Excel sheet of the impacts table.")


class LimitsSpec(_Strict):
    effort: float | None = Field(None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="Cap on total selected effort.")
    budget: float | None = Field(None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False, description="Cap on total selected `cost`.")


class QuarterSpec(_Strict):
    """The quarter's calendar; capacity stays the whole quarter's."""

    start: datetime.date | None = Field(None, description="Its first day (YYYY-MM-DD); check-ins may then give a date.")
    weeks: int = Field(13, ge=1, le=53, description="Its length in weeks.")


class ScenarioDocument(_Strict):
    """A scenario file, version 1."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra={"title": "okr-planner scenario"}
    )

    version: Literal[1]
    name: str
    description: str = ""
    units: str = "person-weeks"
    split: SplitSpec | None = Field(default_factory=SplitSpec)
    limits: LimitsSpec = Field(default_factory=LimitsSpec)
    quarter: QuarterSpec = Field(default_factory=QuarterSpec)
    teams: dict[Id, TeamSpec] = Field(min_length=1)
    objectives: list[ObjectiveSpec] = Field(min_length=1)
    company: CompanySpec | None = Field(None, description="Company objectives that this scenario's OKRs support.")
    # The loader replaces an `InitiativeTables` mapping with the rows it reads.
    initiatives: list[InitiativeSpec]

    @field_validator("split", mode="before")
    @classmethod
    def _split_off(cls, value: Any) -> Any:
        return None if value is False or value is None or value == "off" else value


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the scenario format, for editors (yaml-language-server and others)."""
    schema = ScenarioDocument.model_json_schema()
    defs = schema["$defs"]
    schema["properties"]["split"] = {
        "description": "The 70/20/10 rule over selected effort; `off` disables it.",
        "anyOf": [{"$ref": "#/$defs/SplitSpec"}, {"const": "off"}, {"const": False}],
    }
    tables = InitiativeTables.model_json_schema()
    defs["InitiativeTables"] = tables
    inline = schema["properties"]["initiatives"]
    schema["properties"]["initiatives"] = {
        "description": "A list of initiatives, or spreadsheets to read them from.",
        "anyOf": [inline, {"$ref": "#/$defs/InitiativeTables"}],
    }
    # The loader resolves `extends` before validation, so it is in the file format, not the model.
    schema["properties"]["extends"] = {"type": "string", "description": "Path of a base scenario this one overrides."}
    # So does `include`: a portfolio of team scenarios, which then need no teams of their own.
    schema["properties"]["include"] = {"type": "array", "items": {"type": "string"}, "description": (
        "Team scenario files (relative to this one) whose teams, objectives and initiatives this one plans as one "
        "portfolio.")}
    parts = ("teams", "objectives", "initiatives")
    schema["required"] = [r for r in schema["required"] if r not in parts]
    schema["anyOf"] = [{"required": ["include"]}, {"required": list(parts)}]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --- check-ins -----------------------------------------------------------------------------------

Effort = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Value = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_AMOUNT, le=MAX_AMOUNT)]


class ProgressSpec(_Strict):
    """One initiative at a check-in."""

    status: Literal["not-started", "in-progress", "done", "dropped"]
    spent: dict[str, Effort] = Field(default_factory=dict, description="Team id -> effort spent so far.")
    remaining: dict[str, Effort] | None = Field(None, description=(
        "Work in progress: team id -> effort still to go (default: the planned effort less what is spent)."))
    confidence: float | None = Field(None, ge=0, le=1, description="A new chance it delivers, from here on.")
    impacts: dict[str, ImpactSpec] = Field(default_factory=dict, description="KR id -> a new impact estimate.")
    notes: str = ""


class CheckInDocument(_Strict):
    """A check-in file, version 1: where the quarter stands on a date."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"title": "okr-planner check-in"})

    version: Literal[1]
    week: float | None = Field(None, ge=0, le=53, allow_inf_nan=False, description=(
        "Weeks since the quarter started (0: before any work); or give `date`."))
    date: datetime.date | None = Field(None, description="The check-in's date (YYYY-MM-DD), with the scenario's "
                                                        "`quarter.start`; or give `week`.")
    key_results: dict[str, Value] = Field(default_factory=dict, description=(
        "KR or guardrail id -> its current value, in its unit."))
    initiatives: dict[str, ProgressSpec] = Field(default_factory=dict, description=(
        "Initiative id -> its progress; initiatives not listed have not started."))
    capacity: dict[str, Effort] = Field(default_factory=dict, description=(
        "Team id -> its capacity for the whole quarter after changes (a team that lost people)."))
    notes: str = ""


def company_json_schema() -> dict[str, Any]:
    """The JSON Schema of the company file format, for editors."""
    schema = CompanyDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def checkin_json_schema() -> dict[str, Any]:
    """The JSON Schema of the check-in format, for editors."""
    schema = CheckInDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


Ratio = Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]  # beyond ±100x is no calibration


class FactorSpec(_Strict):
    factor: Ratio | None = Field(description="Realized over estimated movement; null: unknown.")
    low: Ratio | None = Field(description="The interval's low end; null with one observation.")
    high: Ratio | None = Field(description="The interval's high end.")
    observations: int = Field(ge=0)

    @model_validator(mode="after")
    def _an_interval_around_the_factor(self) -> FactorSpec:
        ends = [v for v in (self.low, self.factor, self.high) if v is not None]
        if ends != sorted(ends):
            raise Refusal("the interval must hold the factor (low <= factor <= high)",
                          "write it again with `planner calibrate ... -o FILE`")
        return self


class CalibrationDocument(FactorSpec):
    """A calibration file, version 1, as `planner calibrate` writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"title": "okr-planner calibration"})

    version: Literal[1]
    kind: Literal["calibration"]
    level: float = Field(gt=0, lt=1, description="The interval's coverage.")
    quarters: list[str]
    by_tier: dict[str, FactorSpec] = Field(default_factory=dict)
    by_team: dict[str, FactorSpec] = Field(default_factory=dict)
    by_confidence: dict[str, FactorSpec] = Field(default_factory=dict)
