"""How the slices in this folder were cut from the vendors' full specifications (kept for the record; run it again
with the full files in SRC to refresh them): the paths the app calls, their responses and the schemas they use,
descriptions and examples removed.

    python tests/data/openapi/slice_specs.py /path/to/full/specs
"""
import json
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/specs")
OUT = Path(__file__).resolve().parent

def refs(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/"):
                found.add(v.rsplit("/", 1)[1])
            else:
                refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)

def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in ("description", "examples", "example", "x-twilio", "summary")}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

def slice_spec(src, wanted, note, name):
    spec = json.loads((SRC / src).read_text())
    paths = {}
    for path, methods in wanted.items():
        item = spec["paths"][path]
        paths[path] = {m: {"operationId": item[m].get("operationId"), "responses": strip(item[m]["responses"])}
                       for m in methods}
    schemas, todo = {}, set()
    refs(paths, todo)
    while todo:
        n = todo.pop()
        if n in schemas:
            continue
        schemas[n] = strip(spec["components"]["schemas"][n])
        new: set[str] = set()
        refs(schemas[n], new)
        todo |= new - schemas.keys()
    out = {"openapi": spec["openapi"], "info": {"title": spec["info"]["title"], "version": spec["info"]["version"],
           "x-vendored": note}, "paths": paths, "components": {"schemas": dict(sorted(schemas.items()))}}
    (OUT / name).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(name, len(json.dumps(out)), sorted(schemas))

slice_spec("twilio_api_v2010.json", {"/2010-04-01/Accounts/{AccountSid}/Messages.json": ["post", "get"],
           "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json": ["get", "post"]},
           "A slice of twilio/twilio-oai spec/json/twilio_api_v2010.json at commit d50069b44ea8cd23141385bdb6db48f16ff75bb5: "
           "the Messages paths' responses and the schemas they use, descriptions and examples removed. "
           "Copyright (c) 2023 Twilio Inc., MIT licence: see LICENSE-twilio-oai next to this file.", "twilio_messages_v2010.json")
slice_spec("google-maps-platform-openapi3.json", {"/maps/api/geocode/json": ["get"]},
           "A slice of googlemaps/openapi-specification (google-maps-platform-openapi3.json) at commit "
           "ef437434d55ad2d988c0fc8c0b3d14fe2dcb7441: the Geocoding path's responses and the schemas they use, "
           "descriptions and examples removed. Copyright Google LLC, Apache License 2.0: see LICENSE-googlemaps-openapi "
           "next to this file.", "google_geocoding.json")
