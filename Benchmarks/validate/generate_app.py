#!/usr/bin/env python3
"""Generates a large all-YAML LoopBack 3 app for timing `lbrun validate`.

usage: generate_app.py OUT_DIR [MODELS]   (default 1000 models)

Each model has 10 properties and 2 relations (a belongsTo to the previous model and a hasMany
to the next one), a mixin, and ACLs, so every compiler pass has work to do.
"""
import os
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
os.makedirs(f"{out}/server", exist_ok=True)
os.makedirs(f"{out}/common/models", exist_ok=True)
os.makedirs(f"{out}/common/mixins", exist_ok=True)


def write(path, text):
    with open(f"{out}/{path}", "w") as f:
        f.write(text)


write("server/config.yaml", "restApiRoot: /api\nport: 3000\n")
write("server/datasources.yaml", "db:\n  connector: memory\n")
write("server/middleware.yaml",
      "initial:\n  compression: {}\n  cors:\n    params: { origin: true }\n"
      "routes:\n  loopback#rest:\n    paths: [\"${restApiRoot}\"]\n"
      "final:\n  loopback#urlNotFound: {}\nfinal:after:\n  strong-error-handler: {}\n")
write("common/mixins/audited.yaml",
      "parameters:\n  field: editedBy\nproperties:\n  ${field}: { type: string }\nhidden: [\"${field}\"]\n")

names = [f"Thing{i:04d}" for i in range(count)]
entries = ["_meta:\n  sources: [../common/models]\n  mixins: [../common/mixins]\n"]
for i, name in enumerate(names):
    entries.append(f"{name}:\n  dataSource: db\n  public: true\n")
    previous = names[i - 1]
    following = names[(i + 1) % count]
    properties = "".join(
        f"  field{j}: {{ type: {['string', 'number', 'boolean', 'date', 'object'][j % 5]}, required: {str(j % 3 == 0).lower()} }}\n"
        for j in range(10))
    write(f"common/models/thing-{i:04d}.yaml",
          f"name: {name}\nbase: PersistedModel\nmixins:\n  Audited: {{ field: editor }}\n  TimeStamp: true\n"
          f"properties:\n{properties}"
          f"relations:\n  parent:\n    type: belongsTo\n    model: {previous}\n"
          f"  children:\n    type: hasMany\n    model: {following}\n    foreignKey: parentId\n"
          "acls:\n  - { principalType: ROLE, principalId: $everyone, permission: DENY }\n"
          "  - { principalType: ROLE, principalId: $authenticated, permission: ALLOW, accessType: READ }\n")
write("server/model-config.yaml", "".join(entries))
print(f"wrote {count} models to {out}")
