#!/usr/bin/env python3
"""Writes the SDK model filters of functions/pom.xml: each AWS SDK client cut to the operations Berth calls.

An SDK client's jar holds the classes of every operation of its service (DynamoDB: 57 operations,
1,580 classes); Berth calls a handful. The client class names every operation's request class (the
JVM's verifier loads those when it links the client), so those are kept, as are the service's
exceptions; of the rest of the model only what the operations below reach is kept: their request
builders, responses, marshallers, paginators and every shape those name, found by following the
class references in the constant pools from those roots. Minimizing then drops what the function
itself never reaches.

Run it after calling a new operation or changing the SDK version (the jars are read from the local
Maven repository):

    python3 functions/tools/sdk_model_filters.py            # rewrites the block in functions/pom.xml
"""
import glob
import subprocess
import os
import re
import struct
import sys
import zipfile

# The operations Berth calls, per SDK client (artifact id). Keep in step with the code.
OPERATIONS = {
    "dynamodb": ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
                 "DescribeEndpoints"],
    "sqs": ["SendMessage", "SendMessageBatch"],
    "eventbridge": ["PutEvents"],
    "elasticloadbalancingv2": ["DescribeTargetGroups", "DescribeTargetGroupAttributes", "RegisterTargets",
                               "DeregisterTargets", "DescribeTargetHealth"],
    "apigatewaymanagementapi": ["PostToConnection"],
    "kms": ["GenerateMac"],
    "lambda": ["Invoke"],
}
# Parts of a client's package kept whole besides its top level: signing, endpoint rules, internals.
WHOLE = ["auth", "endpoints", "internal", "jmespath", "batchmanager"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POM = os.path.join(ROOT, "functions", "pom.xml")
BEGIN, END = "<!-- BEGIN sdk-model-filters", "<!-- END sdk-model-filters -->"


def class_refs(data):
    """Internal names of the classes a class file's constant pool names (classes and descriptors)."""
    return parse(data)[0]


def super_class(data):
    """The internal name of a class file's superclass."""
    return parse(data)[1]


def parse(data):
    count = struct.unpack(">H", data[8:10])[0]
    i, k, utf, classes = 10, 1, {}, []
    while k < count:
        tag = data[i]
        if tag == 1:
            length = struct.unpack(">H", data[i + 1:i + 3])[0]
            utf[k] = data[i + 3:i + 3 + length].decode("utf-8", "replace")
            i += 3 + length
        elif tag in (3, 4):
            i += 5
        elif tag in (5, 6):
            i += 9
            k += 1
        elif tag == 7:
            classes.append(struct.unpack(">H", data[i + 1:i + 3])[0])
            i += 3
        elif tag in (8, 16, 19, 20):
            i += 3
        elif tag in (9, 10, 11, 12, 17, 18):
            i += 5
        elif tag == 15:
            i += 4
        else:
            raise ValueError("constant pool tag %d" % tag)
        k += 1
    refs = {utf.get(c, "").lstrip("[").removeprefix("L").removesuffix(";") for c in classes}
    for text in utf.values():
        refs.update(m.group(1) for m in re.finditer(r"L([\w/$]+);", text))
    name_index = {}
    # this_class and super_class follow the pool and the access flags; map Class entries to names
    j, k = 10, 1
    while k < count:
        tag = data[j]
        if tag == 7:
            name_index[k] = struct.unpack(">H", data[j + 1:j + 3])[0]
        j += {1: 3 + (struct.unpack(">H", data[j + 1:j + 3])[0] if tag == 1 else 0), 3: 5, 4: 5, 5: 9, 6: 9, 7: 3,
              8: 3, 16: 3, 19: 3, 20: 3, 9: 5, 10: 5, 11: 5, 12: 5, 17: 5, 18: 5, 15: 4}[tag]
        k += 2 if tag in (5, 6) else 1
    superclass = struct.unpack(">H", data[i + 4:i + 6])[0]
    return refs, utf.get(name_index.get(superclass), "")


def declared_exceptions(jar_path, client_class, operations):
    """The exceptions each operation's method of the client declares (its service model's errors)."""
    out = subprocess.run(["javap", "-p", "-cp", jar_path, client_class.replace("/", ".")],
                         check=True, capture_output=True, text=True).stdout
    methods = {op[0].lower() + op[1:] for op in operations}
    found = set()
    for line in out.splitlines():
        m = re.search(r" (\w+)\([^)]*\) throws (.*);$", line)
        if m and m.group(1) in methods:
            found.update(e.strip().replace(".", "/") for e in m.group(2).split(","))
    return found


def sdk_jar(artifact):
    version = re.search(r"<aws.sdk.version>([^<]+)<", open(os.path.join(ROOT, "pom.xml")).read()).group(1)
    repo = os.environ.get("MAVEN_REPO", os.path.expanduser("~/.m2/repository"))
    path = os.path.join(repo, "software/amazon/awssdk", artifact, version, "%s-%s.jar" % (artifact, version))
    if not glob.glob(path):
        sys.exit("missing %s (build once so that Maven fetches it)" % path)
    return path


def kept_patterns(artifact, operations):
    base = "software/amazon/awssdk/services/%s/" % artifact
    jar_path = sdk_jar(artifact)
    with zipfile.ZipFile(jar_path) as jar:
        classes = {n[:-6]: jar.read(n) for n in jar.namelist() if n.endswith(".class")}
    client = next(n for n in classes if re.fullmatch(re.escape(base) + r"Default\w+Client", n)
                  and not n.endswith("AsyncClient"))
    # an error the service answers is turned into its exception class by name: keep those the
    # operations can answer (their methods' throws clauses)
    errors = declared_exceptions(jar_path, client, operations) & set(classes)
    roots, stops = [], set()
    # the service's own base classes of requests (DynamoDbRequest), kept whole
    bases = {super_class(data).rpartition("/")[2] for name, data in classes.items()
             if re.fullmatch(r".*/model/\w+Request", name)}
    for name in classes:
        rest = name[len(base):] if name.startswith(base) else None
        if rest is None:
            continue
        part, _, leaf = rest.rpartition("/")
        outer = leaf.split("$")[0]
        if part == "model":
            if outer in bases:
                roots.append(name)
            elif re.fullmatch(r"\w+Request", leaf):
                roots.append(name)  # loaded by the verifier; what it names is not needed
                stops.add(name)
            elif name.split("$")[0] in errors:
                roots.append(name)
            elif re.sub(r"(Request|Response)$", "", outer) in operations:
                roots.append(name)
        elif part == "transform":
            if re.sub(r"RequestMarshaller$", "", outer) in operations:
                roots.append(name)
        elif part == "paginators":
            if re.sub(r"(Iterable|Publisher)$", "", outer) in operations:
                roots.append(name)
        elif part == "" or part.split("/")[0] in WHOLE:
            roots.append(name)
            if part == "" and leaf.endswith("Client"):
                stops.add(name)  # the clients name every operation
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in stops:
            todo.extend(r for r in class_refs(classes[name]) if r in classes and r not in seen)
    patterns = {"META-INF/**", base + "*"}
    patterns.update(base + p + "/**" for p in WHOLE if any(n.startswith(base + p + "/") for n in classes))
    patterns.add(base + "model/*Request.class")
    kept_outer = set()
    for name in seen:
        part, _, leaf = name[len(base):].rpartition("/")
        outer = leaf.split("$")[0]
        # an operation's request Berth never sends is covered by model/*Request.class; a shape that is
        # only named like one (DynamoDB's WriteRequest, PutRequest) is kept whole once its parts are reached
        covered = part == "model" and (
            re.fullmatch(r"\w+Request", outer) and outer not in bases and outer[:-7] not in operations
            and not any(n.startswith(base + "model/" + outer + "$") for n in seen))
        if part in ("model", "transform", "paginators") and not covered:
            kept_outer.add(base + part + "/" + outer)
    for outer in kept_outer:
        # X* when every class it matches is kept, else X.class and X$*
        wider = [n for n in classes if n.startswith(outer) and "/" not in n[len(outer):]
                 and n.split("$")[0] not in kept_outer]
        patterns.update([outer + ".class", outer + "$*"] if wider else [outer + "*"])
    ordered = sorted(patterns)
    # a pattern Q* covers every pattern of the same folder that starts with Q ('*' stops at a '/')
    return [p for p in ordered
            if not any(q != p and q.endswith("*") and not q.endswith("**") and p.startswith(q[:-1])
                       and "/" not in p[len(q) - 1:] for q in ordered)]


def block(indent):
    lines = [BEGIN + ": written by functions/tools/sdk_model_filters.py, do not edit by hand -->"]
    for artifact, operations in OPERATIONS.items():
        lines.append("<filter>")
        lines.append("  <!-- %s: %s -->" % (artifact, ", ".join(operations)))
        lines.append("  <artifact>software.amazon.awssdk:%s</artifact>" % artifact)
        lines.append("  <includes>")
        lines.extend("    <include>%s</include>" % p for p in kept_patterns(artifact, set(operations)))
        lines.append("  </includes>")
        lines.append("</filter>")
    lines.append(END)
    return "\n".join(indent + line for line in lines)


def main():
    pom = open(POM).read()
    start, end = pom.index(BEGIN), pom.index(END) + len(END)
    indent = pom[pom.rindex("\n", 0, start) + 1:start]
    pom = pom[:start - len(indent)] + block(indent) + pom[end:]
    open(POM, "w").write(pom)
    print("rewrote the SDK model filters in", os.path.relpath(POM, ROOT))


if __name__ == "__main__":
    main()
