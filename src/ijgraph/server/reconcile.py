"""The W3C Reconciliation Service API (version 0.2) over the graph's entities.

Tools such as OpenRefine match a spreadsheet's names to the graph through it:

* ``GET /reconcile`` -- the service manifest (JSON);
* ``GET|POST /reconcile`` with ``queries=`` -- a batch of reconciliation queries
  (``query``, ``type`` with ``type_strict``, ``limit``, ``properties``), as a form
  field or in a JSON body; with ``extend=`` -- data extension;
* ``/reconcile/suggest/{entity,type,property}?prefix=`` -- suggest;
* ``/reconcile/preview?id=`` -- an HTML preview of an entity;
* ``/reconcile/properties?type=`` -- the properties to propose for a type.

Entity ids are the local names of ``ijr:`` (``Malabar``); types and properties are
CURIEs of the project's prefixes (``ij:MilitaryExercise``); full IRIs are accepted
too. Matching uses the search index (:mod:`ijgraph.graph.search`); property values
come from direct store lookups (never SPARQL). Every route is read-only, capped
(batch size, ``limit``, ids, properties, values) and bounded in time; bad input
gets a 400 that names the field.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ijgraph.graph.search import Index, fold, search
from ijgraph.vocab.prefixes import PREFIXES, compact

__all__ = ["LIMITS", "BadInput", "Reconciler", "TooSlow"]

_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_RES = PREFIXES["ijr"]
_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


@dataclass(frozen=True)
class Limits:
    """Caps on one request (what exceeds them gets a 400, never a partial answer)."""

    batch: int = 200  # queries in one batch
    candidates: int = 100  # `limit` of one query or suggest
    ids: int = 1000  # entities in one data extension
    properties: int = 50  # properties in one data extension or query
    values: int = 100  # values of one property of one entity
    text: int = 500  # characters of one name to match


LIMITS = Limits()


class BadInput(ValueError):
    """A request field that cannot be used: ``field`` names it for the 400 message."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


class TooSlow(RuntimeError):
    """The request ran past its time limit."""


def entity_id(iri: str) -> str:
    return iri[len(_RES) :] if iri.startswith(_RES) and "/" not in iri[len(_RES) :] else iri


def expand(value: str, default: str) -> str:
    """An id, CURIE or IRI as an IRI (local names are in the ``default`` namespace)."""
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return default + value


def _int(value: Any, field: str, cap: int, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadInput(field, f"must be a whole number, not {value!r}") from None
    if not 0 < number <= cap:
        raise BadInput(field, f"must be between 1 and {cap}")
    return number


def _json(text: str, field: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        message = f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno})"
        raise BadInput(field, message) from None


class Reconciler:
    """The service over one graph: ``index`` for names, ``store`` for values."""

    def __init__(self, index: Index, store: ox.Store, timeout: float, limits: Limits = LIMITS):
        self.index, self.store, self.timeout, self.limits = index, store, timeout, limits

    # --- helpers ------------------------------------------------------------------

    def _name(self, iri: str) -> str:
        return self.index.label(iri) or compact(iri)

    def _types(self, iri: str) -> list[dict[str, str]]:
        entry = self.index.entry(iri)
        return [{"id": compact(t), "name": self._name(t)} for t in (entry.types if entry else ())]

    def _deadline(self) -> Callable[[], None]:
        end = time.monotonic() + self.timeout

        def check() -> None:
            if time.monotonic() > end:
                raise TooSlow(f"the request ran longer than the time limit of {self.timeout:g} s")

        return check

    def _objects(self, iri: str, prop: str) -> list[_Term]:
        found = self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None, None)
        return sorted({q.object for q in found}, key=str)[: self.limits.values]

    # --- manifest -----------------------------------------------------------------

    def manifest(self, base: str) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for entry in self.index.entries:
            if entry.kind == "entity":
                for t in entry.types:
                    counts[t] = counts.get(t, 0) + 1
        common = sorted(counts, key=lambda t: (-counts[t], t))[:12]
        service = {"service_url": base + "/reconcile"}
        return {
            "versions": ["0.2"],
            "name": "ijgraph: India-Japan ties",
            "identifierSpace": _RES,
            "schemaSpace": PREFIXES["ij"],
            "documentation": base + "/",
            "view": {"url": base + "/resource/{{id}}"},
            "defaultTypes": [{"id": compact(t), "name": self._name(t)} for t in common],
            "batchSize": self.limits.batch,
            "suggest": {
                kind: {**service, "service_path": f"/suggest/{kind}"}
                for kind in ("entity", "type", "property")
            },
            "preview": {"url": base + "/reconcile/preview?id={{id}}", "width": 420, "height": 160},
            "extend": {
                "propose_properties": {**service, "service_path": "/properties"},
                "property_settings": [
                    {
                        "name": "limit",
                        "label": "Limit",
                        "type": "number",
                        "default": 0,
                        "help_text": "At most this many values per entity (0: all)",
                    }
                ],
            },
        }

    # --- reconciliation -----------------------------------------------------------

    def reconcile(self, queries: Any) -> dict[str, Any]:
        if not isinstance(queries, dict) or not queries:
            raise BadInput("queries", 'must be a JSON object of queries, {"q0": {"query": ...}}')
        if len(queries) > self.limits.batch:
            raise BadInput("queries", f"at most {self.limits.batch} queries in one batch")
        check = self._deadline()
        out = {}
        for key, spec in queries.items():
            check()
            out[key] = {"result": self._one(spec, f"queries.{key}", check)}
        return out

    def _one(self, spec: Any, where: str, check: Callable[[], None]) -> list[dict[str, Any]]:
        if not isinstance(spec, dict):
            raise BadInput(where, "must be a JSON object with a `query`")
        text = spec.get("query")
        if not isinstance(text, str) or not fold(text):
            raise BadInput(f"{where}.query", "must be a non-empty string")
        if len(text) > self.limits.text:
            raise BadInput(f"{where}.query", f"at most {self.limits.text} characters")
        limit = _int(spec.get("limit"), f"{where}.limit", self.limits.candidates, 10)
        wanted = spec.get("type")
        types = [wanted] if isinstance(wanted, str) else wanted or []
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise BadInput(f"{where}.type", "must be a type id or a list of type ids")
        strict = spec.get("type_strict", "any")
        if strict not in ("any", "all", "should"):
            raise BadInput(f"{where}.type_strict", 'must be "any", "all" or "should"')
        props = spec.get("properties") or []
        if not isinstance(props, list) or len(props) > self.limits.properties:
            raise BadInput(
                f"{where}.properties", f"must be a list of at most {self.limits.properties}"
            )
        for i, prop in enumerate(props):
            if (
                not isinstance(prop, dict)
                or not isinstance(prop.get("pid"), str)
                or "v" not in prop
            ):
                raise BadInput(f"{where}.properties[{i}]", 'must be {"pid": ..., "v": ...}')
        type_iris = {expand(t, PREFIXES["ij"]) for t in types}
        hits = search(self.index, text, max(50, limit * 5), kinds=["entity"], min_score=50)
        scored = []
        for hit in hits:
            check()
            classes = set().union(*(self.index.superclasses.get(t, {t}) for t in hit.types))
            has = [t in classes for t in type_iris]
            if type_iris and strict == "any" and not any(has):
                continue
            if type_iris and strict == "all" and not all(has):
                continue
            score = hit.score if any(has) or not type_iris else hit.score * 0.9
            features: list[dict[str, Any]] = [{"id": "name", "value": hit.score}]
            if props:
                matched = [self._has_value(hit.iri, p["pid"], p["v"]) for p in props]
                features += [
                    {"id": f"property:{p['pid']}", "value": m}
                    for p, m in zip(props, matched, strict=True)
                ]
                score = 0.7 * score + 30 * sum(matched) / len(props)
            scored.append((round(score, 1), hit, features))
        scored.sort(key=lambda s: -s[0])  # stable: ties keep the search order
        result = []
        for rank, (score, hit, features) in enumerate(scored[:limit]):
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            result.append(
                {
                    "id": entity_id(hit.iri),
                    "name": hit.label,
                    "description": hit.description,
                    "score": score,
                    "match": rank == 0 and score >= 90 and score - runner_up >= 5,
                    "type": self._types(hit.iri),
                    "features": features,
                }
            )
        return result

    def _has_value(self, iri: str, pid: str, wanted: Any) -> bool:
        values = wanted if isinstance(wanted, list) else [wanted]
        objects = self._objects(iri, expand(pid, PREFIXES["ij"]))
        return any(self._same(o, v) for o in objects for v in values)

    def _same(self, term: _Term, value: Any) -> bool:
        from rapidfuzz import fuzz

        if isinstance(value, dict):
            value = value.get("id", value.get("name", ""))
            if isinstance(term, ox.NamedNode) and expand(str(value), _RES) == term.value:
                return True
        if isinstance(value, bool) or isinstance(term, ox.BlankNode):
            return isinstance(term, ox.Literal) and term.value == str(value).lower()
        if isinstance(value, int | float):
            try:
                return isinstance(term, ox.Literal) and float(term.value) == float(value)
            except ValueError:
                return False
        text = fold(str(value))
        if isinstance(term, ox.Literal):
            names = [term.value]
        elif isinstance(term, ox.NamedNode):
            names = [self._name(term.value), entity_id(term.value)]
        else:
            return False
        return any(fuzz.ratio(text, fold(n)) >= 85 for n in names)

    # --- suggest, preview, propose ------------------------------------------------

    def suggest(self, kind: str, prefix: str, cursor: int, limit: int, type_: str = "") -> dict:
        if not fold(prefix):
            raise BadInput("prefix", "must hold a word or a name to complete")
        if len(prefix) > self.limits.text:
            raise BadInput("prefix", f"at most {self.limits.text} characters")
        index_kind = {"entity": "entity", "type": "class", "property": "property"}[kind]
        hits = search(self.index, prefix, cursor + limit * 4, kinds=[index_kind], min_score=70)
        if type_:
            wanted = expand(type_, PREFIXES["ij"])
            hits = [
                h
                for h in hits
                if any(wanted in self.index.superclasses.get(t, {t}) for t in h.types)
            ]
        ident = entity_id if kind == "entity" else compact
        result = []
        for hit in hits[cursor : cursor + limit]:
            item: dict[str, Any] = {"id": ident(hit.iri), "name": hit.label}
            if hit.description:
                item["description"] = hit.description
            if kind == "entity":
                item["notable"] = self._types(hit.iri)
            result.append(item)
        return {"result": result}

    def preview(self, ident: str) -> str | None:
        entry = self.index.entry(expand(ident, _RES))
        if entry is None:
            return None
        names = " · ".join(
            f"{html.escape(t)} <small>@{html.escape(lang)}</small>" for lang, t in entry.labels
        )
        types = ", ".join(html.escape(self._name(t)) for t in entry.types)
        return (
            '<!doctype html><html><head><meta charset="utf-8"><title>'
            f"{html.escape(entry.label)}</title></head><body>"
            f'<p><a href="/resource/{html.escape(entity_id(entry.iri))}" target="_blank">'
            f"<strong>{html.escape(entry.label)}</strong></a> <em>{types}</em></p>"
            f"<p>{names}</p><p>{html.escape(entry.description)}</p></body></html>"
        )

    def propose(self, type_: str, limit: int) -> dict[str, Any]:
        if not type_:
            raise BadInput("type", "give the type whose properties to propose")
        wanted = ox.NamedNode(expand(type_, PREFIXES["ij"]))
        check, counts = self._deadline(), dict[str, int]()
        for i, quad in enumerate(self.store.quads_for_pattern(None, _TYPE, wanted, None)):
            if i >= 10_000:
                break
            check()
            for q in self.store.quads_for_pattern(quad.subject, None, None, None):
                counts[q.predicate.value] = counts.get(q.predicate.value, 0) + 1
        counts.pop(_TYPE.value, None)
        ranked = sorted(counts, key=lambda p: (-counts[p], p))[:limit]
        return {
            "type": type_,
            "limit": limit,
            "properties": [{"id": compact(p), "name": self._name(p)} for p in ranked],
        }

    # --- data extension -----------------------------------------------------------

    def extend(self, spec: Any) -> dict[str, Any]:
        if not isinstance(spec, dict):
            raise BadInput("extend", 'must be a JSON object {"ids": [...], "properties": [...]}')
        ids, props = spec.get("ids"), spec.get("properties")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise BadInput("extend.ids", "must be a list of entity ids")
        if len(ids) > self.limits.ids:
            raise BadInput("extend.ids", f"at most {self.limits.ids} ids in one request")
        if not isinstance(props, list) or not all(
            isinstance(p, dict) and isinstance(p.get("id"), str) for p in props
        ):
            raise BadInput("extend.properties", 'must be a list of {"id": ...}')
        if len(props) > self.limits.properties:
            raise BadInput("extend.properties", f"at most {self.limits.properties} properties")
        check = self._deadline()
        caps = {}
        for i, prop in enumerate(props):
            settings = prop.get("settings") or {}
            raw = settings.get("limit", 0) if isinstance(settings, dict) else 0
            caps[prop["id"]] = _int(
                raw or self.limits.values,
                f"extend.properties[{i}].settings.limit",
                self.limits.values,
                self.limits.values,
            )
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for ident in ids:
            check()
            iri = expand(ident, _RES)
            rows[ident] = {
                p["id"]: [
                    self._cell(o) for o in self._objects(iri, expand(p["id"], PREFIXES["ij"]))
                ][: caps[p["id"]]]
                for p in props
            }
        meta = [{"id": p["id"], "name": self._name(expand(p["id"], PREFIXES["ij"]))} for p in props]
        return {"meta": meta, "rows": rows}

    def _cell(self, term: _Term) -> dict[str, Any]:
        if isinstance(term, ox.NamedNode):
            return {"id": entity_id(term.value), "name": self._name(term.value)}
        if not isinstance(term, ox.Literal):
            return {}
        kind = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if kind in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger"):
                return {"int": int(term.value)}
            if kind in ("decimal", "double", "float"):
                number = float(term.value)
                return (
                    {"int": int(number)}
                    if number.is_integer() and kind == "decimal"
                    else {"float": number}
                )
        except ValueError:
            pass
        if kind == "date" and len(term.value) == 10:
            return {"date": term.value + "T00:00:00Z"}
        if kind == "dateTime":
            return {
                "date": term.value
                if term.value[-1] == "Z" or "+" in term.value[10:]
                else term.value + "Z"
            }
        return {"str": term.value}


def parse_json_field(values: Mapping[str, str], field: str) -> Any:
    """The JSON in form field ``field`` (the protocol sends JSON inside form fields)."""
    return _json(values[field], field)
