"""JSON Schemas for the MUSTs of the W3C Web Annotation Data Model, written from its text.

The W3C's own test schemas (github w3c/web-annotation-tests) are published in no npm or PyPI
package, so these restate the model's MUST requirements they check for annotations (§3), bodies
and targets (§3.2, §4), selectors (§4.2), collections (§5.1) and pages (§5.2). Each requirement
cites its section; SHOULDs the desk keeps are marked as such.
"""

from __future__ import annotations

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = [
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
]  # fmt: skip

IRI = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$"}
DATETIME = {
    "type": "string",
    # §3.3.5: xsd:dateTime, with a timezone (SHOULD UTC; the desk always writes one).
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}


def _has_type(name: str) -> dict:
    return {
        "anyOf": [
            {"const": name},
            {"type": "array", "contains": {"const": name}},
        ]
    }


SELECTOR = {
    "$id": "selector",
    "type": "object",
    "required": ["type"],
    "allOf": [
        # §4.2.4: a TextQuoteSelector MUST have exactly one `exact`.
        {
            "if": {"properties": {"type": {"const": "TextQuoteSelector"}}},
            "then": {
                "required": ["exact"],
                "properties": {
                    "exact": {"type": "string"},
                    "prefix": {"type": "string"},
                    "suffix": {"type": "string"},
                },
            },
        },
        # §4.2.5: a TextPositionSelector MUST have `start` and `end`, non-negative integers.
        {
            "if": {"properties": {"type": {"const": "TextPositionSelector"}}},
            "then": {
                "required": ["start", "end"],
                "properties": {
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                },
            },
        },
        # §4.2.1: a FragmentSelector MUST have a `value`; `conformsTo` is an IRI.
        {
            "if": {"properties": {"type": {"const": "FragmentSelector"}}},
            "then": {
                "required": ["value"],
                "properties": {"value": {"type": "string"}, "conformsTo": IRI},
            },
        },
    ],
    # §4.2.9: a refining selector is itself a selector.
    "properties": {"refinedBy": {"$ref": "selector"}},
}

BODY = {
    "anyOf": [
        # §3.2.1: an external resource, by its IRI.
        IRI,
        # §3.2.4: a TextualBody MUST have a `value`.
        {
            "type": "object",
            "required": ["type", "value"],
            "properties": {
                "type": _has_type("TextualBody"),
                "value": {"type": "string"},
                "format": {"type": "string"},
                "purpose": {"enum": MOTIVATIONS},
            },
        },
    ]
}

TARGET = {
    "anyOf": [
        IRI,
        # §4: a SpecificResource MUST have exactly one `source`.
        {
            "type": "object",
            "required": ["source"],
            "properties": {
                "source": IRI,
                "selector": {
                    "anyOf": [
                        {"$ref": "selector"},
                        {"type": "array", "items": {"$ref": "selector"}, "minItems": 1},
                    ]
                },
            },
        },
    ]
}


def annotation(embedded: bool = False) -> dict:
    """§3.1: an Annotation; one embedded in a page may leave out the @context."""
    required = ["id", "type", "target"] if embedded else ["@context", "id", "type", "target"]
    return {
        "type": "object",
        "required": required,
        "properties": {
            "@context": {
                "anyOf": [{"const": CONTEXT}, {"type": "array", "contains": {"const": CONTEXT}}]
            },
            "id": IRI,
            "type": _has_type("Annotation"),
            "motivation": {"enum": MOTIVATIONS},
            "created": DATETIME,
            "modified": DATETIME,
            "bodyValue": {"type": "string"},
            "body": {"anyOf": [BODY, {"type": "array", "items": BODY}]},
            "target": {"anyOf": [TARGET, {"type": "array", "items": TARGET, "minItems": 1}]},
            "creator": {
                "type": "object",
                "properties": {"type": {"enum": ["Person", "Organization", "Software"]}},
            },
        },
        # §3.2.5: bodyValue MUST NOT be used with body.
        "not": {"required": ["body", "bodyValue"]},
    }


PAGE = {
    "type": "object",
    # §5.2: a page MUST have an id, its type and its items.
    "required": ["id", "type", "items"],
    "properties": {
        "id": IRI,
        "type": _has_type("AnnotationPage"),
        "items": {"type": "array", "items": annotation(embedded=True)},
        # SHOULDs the desk keeps: the collection it belongs to, where its items start.
        "partOf": {"anyOf": [IRI, {"type": "object", "required": ["id"]}]},
        "startIndex": {"type": "integer", "minimum": 0},
        "next": IRI,
        "prev": IRI,
    },
}

COLLECTION = {
    "type": "object",
    # §5.1: a collection MUST have the context, an id and its type.
    "required": ["@context", "id", "type"],
    "properties": {
        "@context": {
            "anyOf": [{"const": CONTEXT}, {"type": "array", "contains": {"const": CONTEXT}}]
        },
        "id": IRI,
        "type": _has_type("AnnotationCollection"),
        "label": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "first": {"anyOf": [IRI, PAGE]},
        "last": IRI,
    },
    # §5.1: `first` names the first page when there are annotations; an empty one has none.
    "if": {"properties": {"total": {"const": 0}}, "required": ["total"]},
    "then": {"not": {"required": ["first"]}},
    "else": {"required": ["first"]},
}


def registry():
    """The schemas, with the selector schema registered for its recursive references."""
    from referencing import Registry, Resource

    return Registry().with_resource(
        "selector",
        Resource.from_contents(
            {"$schema": "https://json-schema.org/draft/2020-12/schema", **SELECTOR}
        ),
    )
