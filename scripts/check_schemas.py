#!/usr/bin/env python3
"""Validate LoopBack 3 / lbrun app config files against lbrun's JSON Schemas.

Usage:
    python3 scripts/check_schemas.py APP_DIR [APP_DIR...]
    python3 scripts/check_schemas.py --schemas-only

APP_DIR is the directory holding `server/` (or a flat directory holding config.json etc.).
For each app this validates:

* server/config.*, datasources.*, model-config.*, middleware.*, component-config.*
  (.json/.yaml/.yml; .js files are skipped). The main file (e.g. datasources.json) is validated
  normally; overlays (config.local.json, datasources.production.yaml...) may be partial, so
  they are validated with `required` ignored and null accepted everywhere (null is how an
  overlay switches something off).
* every model definition file (.json/.yaml/.yml, not starting with `_`) in the folders of the
  main model-config's `_meta.sources` (default ["./models"], relative to the server folder;
  `loopback/...` entries and missing folders are skipped) against model.schema.json;
* every .json/.yaml/.yml file in the `_meta.mixins` folders (default ["./mixins"]) against
  mixin.schema.json, after replacing its ${param} placeholders by the defaults declared in its
  `parameters` (this is what lbrun validates). A .json next to a .js of the same name is the
  metadata of a JavaScript mixin, not a declarative mixin, and is skipped.

In datasources, middleware and component-config files, strings containing a ${VAR} placeholder
are accepted wherever a value of another type is expected: lbrun substitutes them (from the
environment or app values) and converts numbers/booleans before validating, so their real
value is unknown here.

Each failure is printed as `path: message (at /json/pointer)`. Keys that lbrun would warn
about (`x-lbrun-warn-unknown`, `deprecated`) are printed as `path: warning: ...` and do not
fail the file. The last line is `N passed, M failed` (files); the exit status is 1 if any file
failed.

--schemas-only checks the schemas themselves: valid draft 2020-12, a title and description on
each root, a description on every property, pattern property and $def, only the keywords lbrun's
validator implements, `$ref`s that resolve (cross-file only from mixin.schema.json), no `$id`,
and identical copies of $defs shared between files.

Requires Python 3.11 with jsonschema, referencing and PyYAML.
"""
from __future__ import annotations

import argparse
import copy
import difflib
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from jsonschema import validators as jsv
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"

KINDS = {
    # file stem -> schema file
    "config": "config.schema.json",
    "datasources": "datasources.schema.json",
    "model-config": "model-config.schema.json",
    "middleware": "middleware.schema.json",
    "component-config": "component-config.schema.json",
}
SUBSTITUTED_KINDS = {"datasources", "middleware", "component-config"}
EXTENSIONS = (".json", ".yaml", ".yml")

# Keywords lbrun's own validator implements (plus annotations it reads or ignores).
ALLOWED_KEYWORDS = {
    "$schema", "$ref", "$defs", "title", "description", "type", "properties",
    "additionalProperties", "patternProperties", "required", "items", "minItems", "maxItems",
    "enum", "const", "anyOf", "oneOf", "minimum", "maximum", "minLength", "pattern", "default",
    "examples", "deprecated", "x-lbrun-warn-unknown",
}
JSON_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
REF_RE = re.compile(r"^(model\.schema\.json)?#/\$defs/[^/]+$")

PLACEHOLDER_ANYWHERE = re.compile(r"\$\{[^}]*\}")
MIXIN_TOKEN = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{")
MIXIN_WHOLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
MIXIN_RAW_KEYS = {"$schema", "name", "description", "parameters"}


# --------------------------------------------------------------------------- loading files

class Core12Loader(yaml.SafeLoader):
    """YAML loader with YAML 1.2 core-schema scalars: only true/false are booleans, dates stay strings."""


Core12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _json_keys(value):
    """YAML allows non-string keys; JSON (and lbrun) see them as strings."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(k, bool):
                k = "true" if k else "false"
            elif k is None:
                k = "null"
            elif not isinstance(k, str):
                k = str(k)
            out[k] = _json_keys(v)
        return out
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


class DuplicateKey(Exception):
    pass


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue  # reported by PyYAML itself
        if key in seen:
            mark = key_node.start_mark
            raise DuplicateKey(f"duplicate key {key!r} (line {mark.line + 1}, column {mark.column + 1}); the last one would silently win")
        seen[key] = True
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


Core12Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(f"duplicate key {key!r}; the last one would silently win")
        out[key] = value
    return out


def load_document(path: Path):
    """Parse a .json/.yaml/.yml file. Returns (data, error message or None)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read file: {exc}"
    try:
        if path.suffix == ".json":
            try:
                return json.loads(text, object_pairs_hook=_no_duplicates), None
            except json.JSONDecodeError as exc:
                return None, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        try:
            return _json_keys(yaml.load(text, Loader=Core12Loader)), None
        except yaml.YAMLError as exc:
            return None, "invalid YAML: " + " ".join(str(exc).split())
    except DuplicateKey as exc:
        return None, str(exc)


# --------------------------------------------------------------------------- schemas

def load_schemas(schemas_dir: Path):
    schemas, problems = {}, []
    for path in sorted(schemas_dir.glob("*.schema.json")):
        try:
            schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append((path.name, f"cannot load schema: {exc}"))
    return schemas, problems


def build_registry(schemas):
    return Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )


def _walk_schema(schema, pointer, visit):
    """Call visit(schema, pointer, role) for every subschema; role says where it sits."""
    if not isinstance(schema, dict):
        return
    for key in ("properties", "patternProperties", "$defs"):
        members = schema.get(key)
        if isinstance(members, dict):
            for name, sub in members.items():
                p = f"{pointer}/{key}/{_escape(name)}"
                visit(sub, p, key)
                _walk_schema(sub, p, visit)
    for key in ("additionalProperties", "items"):
        sub = schema.get(key)
        if isinstance(sub, dict):
            p = f"{pointer}/{key}"
            visit(sub, p, key)
            _walk_schema(sub, p, visit)
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            for i, sub in enumerate(branches):
                p = f"{pointer}/{key}/{i}"
                visit(sub, p, key)
                _walk_schema(sub, p, visit)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def check_schemas(schemas):
    """Return {file name: [problem, ...]} for every schema file (empty list = fine)."""
    problems = {name: [] for name in schemas}
    registry = build_registry(schemas)

    for name, schema in schemas.items():
        out = problems[name]
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as exc:  # SchemaError
            out.append(f"not a valid draft 2020-12 schema: {exc.message} (at {_pointer(exc.absolute_path)})")
        if not isinstance(schema, dict):
            out.append("the schema must be an object")
            continue
        if schema.get("$schema") != SCHEMA_URI:
            out.append(f"$schema must be {SCHEMA_URI}")
        for key in ("title", "description"):
            if not isinstance(schema.get(key), str) or not schema.get(key).strip():
                out.append(f"the root needs a {key}")

        def visit(sub, pointer, role, out=out, name=name, schema=schema):
            if isinstance(sub, bool):
                return
            if not isinstance(sub, dict):
                out.append(f"{pointer}: a schema must be an object")
                return
            if role in ("properties", "patternProperties", "$defs", "additionalProperties"):
                desc = sub.get("description")
                if not isinstance(desc, str) or not desc.strip():
                    out.append(f"{pointer}: missing description")
            check_keywords(sub, pointer, out, name, registry)

        check_keywords(schema, "", out, name, registry)
        _walk_schema(schema, "", visit)

    # $defs shared between files must be identical copies
    owners = defaultdict(list)
    for name, schema in schemas.items():
        for def_name, body in (schema.get("$defs") or {}).items() if isinstance(schema, dict) else ():
            owners[def_name].append((name, body))
    for def_name, copies in owners.items():
        first_name, first_body = copies[0]
        for other_name, body in copies[1:]:
            if body != first_body:
                problems[other_name].append(
                    f"/$defs/{def_name} differs from the copy in {first_name}; shared $defs must stay identical")

    # model.schema.json: every setting is valid at the top level and inside `options`
    model = schemas.get("model.schema.json")
    if isinstance(model, dict):
        settings = ((model.get("$defs") or {}).get("modelSettings") or {}).get("properties") or {}
        top = model.get("properties") or {}
        for key, body in settings.items():
            if top.get(key) != body:
                problems["model.schema.json"].append(
                    f"/$defs/modelSettings/properties/{key} differs from /properties/{key}; keep them identical")
        for key in top:
            if key not in settings and key not in ("$schema", "name", "properties", "options"):
                problems["model.schema.json"].append(f"/properties/{key} is missing from /$defs/modelSettings")
    return problems


def check_keywords(sub, pointer, out, name, registry):
    for keyword in sub:
        if keyword not in ALLOWED_KEYWORDS:
            out.append(f"{pointer or '/'}: keyword {keyword!r} is not implemented by lbrun's validator")
    if "$id" in sub:
        out.append(f"{pointer or '/'}: $id is not allowed (references resolve against the file's own path)")
    types = sub.get("type")
    if types is not None:
        for t in ([types] if isinstance(types, str) else types if isinstance(types, list) else [None]):
            if t not in JSON_TYPES:
                out.append(f"{pointer or '/'}: unknown type {t!r}")
    if "x-lbrun-warn-unknown" in sub:
        if sub["x-lbrun-warn-unknown"] is not True:
            out.append(f"{pointer or '/'}: x-lbrun-warn-unknown must be true")
        if "properties" not in sub:
            out.append(f"{pointer or '/'}: x-lbrun-warn-unknown needs a properties list")
    pattern = sub.get("pattern")
    patterns = list((sub.get("patternProperties") or {}).keys()) + ([pattern] if isinstance(pattern, str) else [])
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            out.append(f"{pointer or '/'}: invalid pattern {p!r}: {exc}")
    ref = sub.get("$ref")
    if ref is not None:
        if not isinstance(ref, str) or not REF_RE.match(ref):
            out.append(f"{pointer or '/'}: $ref {ref!r} must be #/$defs/<name> or model.schema.json#/$defs/<name>")
        elif ref.startswith("model.schema.json") and name != "mixin.schema.json":
            out.append(f"{pointer or '/'}: cross-file $ref {ref!r} is only allowed in mixin.schema.json")
        else:
            try:
                registry.resolver(base_uri=name).lookup(ref)
            except Exception as exc:
                out.append(f"{pointer or '/'}: $ref {ref!r} does not resolve: {exc}")


# --------------------------------------------------------------------------- validators

def _is_placeholder(instance) -> bool:
    return isinstance(instance, str) and PLACEHOLDER_ANYWHERE.search(instance) is not None


def _lenient(original):
    def check(validator, value, instance, schema):
        if _is_placeholder(instance):
            return
        yield from original(validator, value, instance, schema)
    return check


def _null_ok_type(original):
    def check(validator, value, instance, schema):
        if instance is None:
            return
        yield from original(validator, value, instance, schema)
    return check


def _no_required(validator, value, instance, schema):
    return iter(())


def validator_class(substituted: bool, overlay: bool):
    base = Draft202012Validator.VALIDATORS
    changes = {}
    if substituted:
        for keyword in ("type", "enum", "const", "pattern", "minLength"):
            changes[keyword] = _lenient(base[keyword])
    if overlay:
        changes["required"] = _no_required
        changes["type"] = _null_ok_type(changes.get("type", base["type"]))
    if not changes:
        return Draft202012Validator
    return jsv.extend(Draft202012Validator, changes)


# --------------------------------------------------------------------------- reporting

def _pointer(path) -> str:
    parts = [_escape(str(p)) for p in path]
    return "/" + "/".join(parts) if parts else "/"


class Context:
    def __init__(self, schemas):
        self.schemas = schemas

    def resolve(self, schema, home="model.schema.json"):
        """Follow a $ref by name (shared $defs are identical across files)."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 10:
            ref = schema["$ref"]
            file, _, frag = ref.partition("#")
            name = frag.rsplit("/", 1)[-1]
            candidates = [file] if file else [home] + list(self.schemas)
            for f in candidates:
                body = ((self.schemas.get(f) or {}).get("$defs") or {}).get(name)
                if body is not None:
                    schema = body
                    break
            else:
                return schema
            seen += 1
        return schema


def explain(error, ctx: Context):
    """Turn a jsonschema error into the most useful leaf errors (drilling into anyOf/oneOf)."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches = defaultdict(list)
        for sub in error.context:
            branches[sub.relative_schema_path[0]].append(sub)

        def kind_mismatch(errs):
            return any(e.validator in ("type", "const", "enum") and len(e.relative_path) == 0 for e in errs)

        candidates = sorted(i for i, errs in branches.items() if not kind_mismatch(errs))
        instance = error.instance
        if not candidates:
            return [(error, _kinds_message(error, branches, ctx))]
        if len(candidates) > 1 and all(
            e.validator == "required" and len(e.relative_path) == 0 for i in candidates for e in branches[i]
        ):
            # Only keys are missing: name every alternative (e.g. `model`, or `polymorphic` for belongsTo).
            options = []
            for i in candidates:
                missing = [k for e in branches[i] for k in e.validator_value if k not in instance]
                options.append(" and ".join(repr(k) for k in dict.fromkeys(missing)))
            return [(error, f"missing {options[0]}" + "".join(f" (or {o})" for o in options[1:]))]
        if len(candidates) > 1 and isinstance(instance, dict):
            def score(i):
                branch = ctx.resolve(error.validator_value[i])
                declared = branch.get("properties", {}) if isinstance(branch, dict) else {}
                return (-sum(1 for k in instance if k in declared), len(branches[i]), i)
            candidates.sort(key=score)
        out = []
        for sub in branches[candidates[0]]:
            out.extend(explain(sub, ctx))
        return out
    return [(error, None)]


def _kinds_message(error, branches, ctx):
    kinds = []
    for i in sorted(branches):
        branch = ctx.resolve(error.validator_value[i])
        if not isinstance(branch, dict):
            continue
        t = branch.get("type")
        if t is not None:
            kinds.extend(_article(x) for x in ([t] if isinstance(t, str) else t))
        elif "enum" in branch:
            kinds.extend(_show(v) for v in branch["enum"])
        elif "const" in branch:
            kinds.append(_show(branch["const"]))
    return f"{_show(error.instance)} is not {_or(kinds)}"


def message_for(error, override):
    if override:
        return override
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "enum" and error.validator_value == []:
        key = error.relative_path[-1] if error.relative_path else None
        what = f"key {key!r}" if key is not None else "this value"
        return f"{what} is not allowed: {schema.get('description', '')}".rstrip(": ")
    if error.validator == "additionalProperties" and error.validator_value is False and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        patterns = schema.get("patternProperties", {})
        extra = [k for k in error.instance if k not in known and not any(re.search(p, k) for p in patterns)]
        parts = []
        for k in extra:
            close = difflib.get_close_matches(k, known, n=1)
            parts.append(f"unknown key {k!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        hints = [sub.get("description", "") for sub in patterns.values() if isinstance(sub, dict)]
        if not any(hints) and 0 < len(known) <= 25:
            hints = ["allowed keys: " + ", ".join(known)]
        hint = " ".join(h for h in hints if h)
        return "; ".join(parts) + (f" - {hint}" if hint else "")
    if error.validator == "type":
        wanted = [error.validator_value] if isinstance(error.validator_value, str) else list(error.validator_value)
        return f"{_show(error.instance)} is not {_or([_article(t) for t in wanted])}"
    if error.validator == "enum":
        values = error.validator_value
        if len(values) == 1:
            return f"{_show(error.instance)} is not allowed here, only {_show(values[0])}" + _hint(schema)
        return f"{_show(error.instance)} is not one of {', '.join(_show(v) for v in values)}"
    if error.validator == "pattern":
        return f"{_show(error.instance)} does not match {error.validator_value!r}" + _hint(schema)
    if error.validator == "maxItems":
        return f"{_show(error.instance)} has more than {error.validator_value} item{'s' if error.validator_value != 1 else ''}"
    if error.validator == "minItems":
        return f"{_show(error.instance)} has fewer than {error.validator_value} item{'s' if error.validator_value != 1 else ''}"
    if error.validator == "const":
        return f"{_show(error.instance)} is not {_show(error.validator_value)}"
    return error.message


def _hint(schema) -> str:
    desc = schema.get("description") if isinstance(schema, dict) else None
    if not desc:
        return ""
    first = desc.split(". ")[0].rstrip(".")
    return f" ({first})"


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _article(t: str) -> str:
    return {"null": "null", "array": "an array", "object": "an object", "integer": "an integer"}.get(t, f"a {t}")


def _or(items) -> str:
    items = list(dict.fromkeys(items))
    if not items:
        return "a valid value"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def collect_warnings(validator, instance):
    """Keys lbrun would warn about: unknown keys under x-lbrun-warn-unknown, deprecated keys."""
    warnings = []

    def walk(v, schema, inst, path):
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            resolved = v._resolver.lookup(schema["$ref"])
            walk(v.evolve(schema=resolved.contents, _resolver=resolved.resolver), resolved.contents, inst, path)
        if schema.get("deprecated") and path:
            desc = schema.get("description", "")
            warnings.append((f"{path[-1]!r} is deprecated" + (f": {desc}" if desc else ""), path))
        for keyword in ("anyOf", "oneOf"):
            for branch in schema.get(keyword, ()):
                sub = v.evolve(schema=branch)
                if sub.is_valid(inst):
                    walk(sub, branch, inst, path)
                    break
        if isinstance(inst, dict):
            props = schema.get("properties") or {}
            patterns = schema.get("patternProperties") or {}
            additional = schema.get("additionalProperties")
            for key, value in inst.items():
                matched = False
                if key in props:
                    walk(v.evolve(schema=props[key]), props[key], value, path + [key])
                    matched = True
                for p, sub in patterns.items():
                    if re.search(p, key):
                        walk(v.evolve(schema=sub), sub, value, path + [key])
                        matched = True
                if matched:
                    continue
                if isinstance(additional, dict):
                    walk(v.evolve(schema=additional), additional, value, path + [key])
                elif additional is not False and schema.get("x-lbrun-warn-unknown") and not isinstance(schema.get("$ref"), str):
                    close = difflib.get_close_matches(key, list(props), n=1)
                    warnings.append((f"unknown key {key!r} is ignored" + (f" (did you mean {close[0]!r}?)" if close else ""), path + [key]))
        if isinstance(inst, list) and isinstance(schema.get("items"), dict):
            for i, item in enumerate(inst):
                walk(v.evolve(schema=schema["items"]), schema["items"], item, path + [i])

    walk(validator, validator.schema, instance, [])
    return warnings


# --------------------------------------------------------------------------- mixin placeholders

def substitute_mixin(doc):
    """Replace ${param} placeholders by the defaults in `parameters`. Returns (doc, problems)."""
    params = doc.get("parameters") if isinstance(doc.get("parameters"), dict) else {}
    problems = []

    def text(value, where):
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "null"
        if isinstance(value, (int, float)):
            return json.dumps(value)
        if isinstance(value, str):
            return value
        problems.append((f"parameter value {json.dumps(value)[:60]} is not a scalar and cannot be inserted into text", where))
        return ""

    def string(s, where, whole_ok=True):
        m = MIXIN_WHOLE.fullmatch(s)
        if m and whole_ok:
            name = m.group(1)
            if name not in params:
                problems.append((f"placeholder ${{{name}}} is not declared in parameters", where))
                return s
            return copy.deepcopy(params[name])

        def repl(m):
            token = m.group(0)
            if token == "$${":
                return "${"
            name = m.group(1)
            if name is None:
                problems.append(("malformed placeholder: write ${name} with a letter, digit or _ name, or $${ for a literal ${", where))
                return token
            if name not in params:
                problems.append((f"placeholder ${{{name}}} is not declared in parameters", where))
                return token
            return text(params[name], where)

        return MIXIN_TOKEN.sub(repl, s)

    def walk(value, path):
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                new_key = string(k, path + [k], whole_ok=False) if isinstance(k, str) else k
                if not isinstance(new_key, str):
                    new_key = text(new_key, path + [k])
                if new_key in out:
                    problems.append((f"key {new_key!r} appears twice after placeholder substitution", path + [k]))
                out[new_key] = walk(v, path + [new_key])
            return out
        if isinstance(value, list):
            return [walk(v, path + [i]) for i, v in enumerate(value)]
        if isinstance(value, str):
            return string(value, path)
        return value

    result = {}
    for key, value in doc.items():
        result[key] = value if key in MIXIN_RAW_KEYS else walk(value, [key])
    return result, problems


# --------------------------------------------------------------------------- app traversal

class Checker:
    def __init__(self, schemas, registry):
        self.schemas = schemas
        self.registry = registry
        self.ctx = Context(schemas)
        self.passed = 0
        self.failed = 0
        self._validators = {}

    def validator(self, schema_name, substituted=False, overlay=False):
        key = (schema_name, substituted, overlay)
        if key not in self._validators:
            cls = validator_class(substituted, overlay)
            self._validators[key] = cls(self.schemas[schema_name], registry=self.registry,
                                        _resolver=self.registry.resolver(base_uri=schema_name))
        return self._validators[key]

    def report(self, path, problems, warnings=()):
        for msg, where in warnings:
            print(f"{path}: warning: {msg} (at {_pointer(where)})")
        for msg, where in problems:
            print(f"{path}: {msg} (at {_pointer(where)})")
        if problems:
            self.failed += 1
        else:
            self.passed += 1

    def validate_file(self, path: Path, schema_name: str, *, substituted=False, overlay=False, mixin=False):
        data, error = load_document(path)
        if error:
            self.report(path, [(error, [])])
            return None
        if not isinstance(data, dict):
            kind = "nothing" if data is None else _article({list: "array", str: "string", bool: "boolean", int: "number", float: "number"}.get(type(data), "value"))
            self.report(path, [(f"the file must contain an object, not {kind}", [])])
            return None
        problems = []
        instance = data
        if mixin:
            instance, problems = substitute_mixin(data)
        validator = self.validator(schema_name, substituted, overlay)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
        seen = set()
        for err in errors:
            for leaf, override in explain(err, self.ctx):
                item = (message_for(leaf, override), tuple(leaf.absolute_path))
                if item not in seen:
                    seen.add(item)
                    problems.append((item[0], list(item[1])))
        warnings = collect_warnings(validator, instance)
        self.report(path, problems, warnings)
        return data

    def check_app(self, app_dir: Path):
        server = find_server_dir(app_dir)
        if server is None:
            print(f"{app_dir}: no LoopBack config files found (looked in {app_dir / 'server'} and {app_dir})")
            self.failed += 1
            return
        model_config = None
        for stem, schema_name in KINDS.items():
            masters, overlays = config_files(server, stem)
            if len(masters) > 1:
                names = ", ".join(p.name for p in masters)
                print(f"{server}: several main {stem} files ({names}); only one format may be used (at /)")
                self.failed += 1
            by_level = defaultdict(list)
            for path in overlays:
                by_level[path.name[len(stem) + 1: -len(path.suffix)]].append(path)
            for level, paths in by_level.items():
                if len(paths) > 1:
                    print(f"{server}: several {stem}.{level} files ({', '.join(p.name for p in paths)}); only one format may be used (at /)")
                    self.failed += 1
            for path in masters:
                data = self.validate_file(path, schema_name, substituted=stem in SUBSTITUTED_KINDS)
                if stem == "model-config" and model_config is None:
                    model_config = data
            for path in overlays:
                self.validate_file(path, schema_name, substituted=stem in SUBSTITUTED_KINDS, overlay=True)
        meta = (model_config or {}).get("_meta") if isinstance(model_config, dict) else None
        meta = meta if isinstance(meta, dict) else {}
        sources = meta.get("sources") if isinstance(meta.get("sources"), list) else ["./models"]
        mixins = meta.get("mixins") if isinstance(meta.get("mixins"), list) else ["./mixins"]
        for folder in resolve_dirs(server, sources, strict=False):
            files = listing(folder)
            stems = defaultdict(list)
            for path in files:
                stems[path.stem].append(path)
            for stem, paths in stems.items():
                if len(paths) > 1:
                    print(f"{folder}: several files for model file {stem!r} ({', '.join(p.name for p in paths)}); only one format may be used (at /)")
                    self.failed += 1
            for path in files:
                self.validate_file(path, "model.schema.json")
        for folder in resolve_dirs(server, mixins, strict=True):
            for path in listing(folder):
                if path.with_suffix(".js").exists():
                    print(f"{path}: note: skipped, metadata of the JavaScript mixin {path.with_suffix('.js').name}")
                    continue
                self.validate_file(path, "mixin.schema.json", mixin=True)


def find_server_dir(app_dir: Path):
    for candidate in (app_dir / "server", app_dir):
        if candidate.is_dir() and any(config_files(candidate, stem)[0] or config_files(candidate, stem)[1] for stem in KINDS):
            return candidate
    return None


def config_files(folder: Path, stem: str):
    masters, overlays = [], []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return masters, overlays
    for path in entries:
        if not path.is_file() or path.suffix not in EXTENSIONS or not path.name.startswith(stem + "."):
            continue
        middle = path.name[len(stem) + 1: -len(path.suffix)]
        if middle == "":
            masters.append(path)
        elif "." not in middle:
            overlays.append(path)
    return masters, overlays


def resolve_dirs(root: Path, entries, strict: bool):
    """Model sources (non-strict) / mixin dirs (strict), as loopback-boot resolves them."""
    seen, out = set(), []
    for entry in entries:
        if not isinstance(entry, str) or not entry:
            continue
        if entry == "loopback" or entry.startswith("loopback/"):
            continue  # LoopBack's own models/mixins: built into lbrun
        relative = entry.startswith("./") or entry.startswith("../") or entry in (".", "..")
        if os.path.isabs(entry):
            folder = Path(entry)
        elif relative or not strict:
            folder = root / entry  # bare names: tried as a relative path first (non-strict mode)
        else:
            continue  # strict mode: a bare name is a package in node_modules
        folder = Path(os.path.normpath(folder))
        if not folder.is_dir():
            continue
        real = folder.resolve()
        if real not in seen:
            seen.add(real)
            out.append(folder)
    return out


def listing(folder: Path):
    return [p for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix in EXTENSIONS and not p.name.startswith("_")]


# --------------------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(description="Validate LoopBack 3 / lbrun config files against lbrun's JSON Schemas.")
    parser.add_argument("apps", nargs="*", metavar="APP_DIR", help="app directory (holding server/, or a flat config directory)")
    parser.add_argument("--schemas-only", action="store_true", help="only check the schemas themselves")
    parser.add_argument("--schemas-dir", type=Path, default=DEFAULT_SCHEMAS_DIR, help=f"folder of the *.schema.json files (default: {DEFAULT_SCHEMAS_DIR})")
    args = parser.parse_args(argv)
    if not args.schemas_only and not args.apps:
        parser.error("give at least one APP_DIR, or --schemas-only")

    schemas, load_problems = load_schemas(args.schemas_dir)
    if not schemas and not load_problems:
        print(f"{args.schemas_dir}: no *.schema.json files")
        print("0 passed, 1 failed")
        return 1
    for name, msg in load_problems:
        print(f"{args.schemas_dir / name}: {msg}")
    schema_problems = check_schemas(schemas)
    bad_schemas = 0
    for name, problems in schema_problems.items():
        for p in problems:
            print(f"{args.schemas_dir / name}: {p}")
        bad_schemas += bool(problems)
    bad_schemas += len(load_problems)

    if args.schemas_only:
        print(f"{len(schemas) - sum(bool(p) for p in schema_problems.values())} passed, {bad_schemas} failed")
        return 1 if bad_schemas else 0

    checker = Checker(schemas, build_registry(schemas))
    checker.failed += bad_schemas
    for app in args.apps:
        checker.check_app(Path(app))
    print(f"{checker.passed} passed, {checker.failed} failed")
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main())
