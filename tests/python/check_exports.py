#!/usr/bin/env python3
"""Check Concord's exports with the tools that will read them.

Builds two projects in a temporary folder (a generated corpus, and articles
full of emoji, CJK, Arabic, combining marks and CRLF line ends annotated
through `concord import --format doccano`), exports jsonl and w3c, then:

- loads every jsonl span in spaCy: text[start:end] (code points) is the span
  text, and doc.char_span(start, end, alignment_mode="expand") covers it;
- validates every W3C annotation against the Web Annotation model's MUST
  assertions (the W3C test suite's JSON schemas in
  ../shared/w3c-annotation-model when present, else the schema this project
  writes from the spec, tests/python/web_annotation_schema.json);
- loads the jsonl with the Hugging Face `datasets` JSON loader when that
  package is installed (skipped otherwise).

Usage: python3 tests/python/check_exports.py --concord target/debug/concord
Needs: pip install spacy jsonschema
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SCHEMAS = REPO.parent / "shared" / "w3c-annotation-model"

# Texts that break tools that count UTF-16 units or bytes, or that turn
# CRLF into one character.
HARD_TEXTS = {
    "emoji": "Kim 👨‍👩‍👧 said 😀 “fine”.\r\nPutin 🇷🇺 agreed.\r\n\r\nThe end 🎉.",
    "cjk": "北朝鮮の金正恩総書記は、ロシアを訪問した。\r\nプーチン大統領と会談した。",
    "arabic": "قال الرئيس إن المحادثات كانت مثمرة.\r\nوأضاف: «سنواصل التعاون».",
    "marks": "Cafe\u0301 owner Jose\u0301 said n\u0303o.\r\nZ\u0351\u0352algo text e\u0301nds.",
}


def run(cmd, ok=(0,)):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode not in ok:
        sys.exit(f"{' '.join(map(str, cmd))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def hard_project(concord, root):
    """Articles with hard text, spans on every word, imported via doccano."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    lines = []
    for name, text in HARD_TEXTS.items():
        (seeds / f"{name}.txt").write_bytes(text.encode("utf-8"))
        labels, start = [], None
        kinds = ["claim", "quote", "stance"]
        for i, c in enumerate(text + " "):
            if not c.isspace() and start is None:
                start = i
            elif c.isspace() and start is not None:
                labels.append([start, i, kinds[len(labels) % 3]])
                start = None
        labels.append([0, len(text), "claim"])  # one span over the CRLFs
        lines.append(json.dumps({"id": name, "text": text, "label": labels}, ensure_ascii=False))
    spans = root / "spans.jsonl"
    spans.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run([concord, "import", "--format", "doccano", spans, root])
    return root


def export(concord, project, fmt, out):
    run([concord, "export", "--format", fmt, "--out", out, project])
    return out


def check_spacy(jsonl):
    import spacy

    nlp = spacy.blank("en")
    n = 0
    for number, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        text = record["text"]
        doc = nlp.make_doc(text)
        for s in record["spans"]:
            where = f"{jsonl.name}:{number} span {s['id']}"
            assert text[s["start"]:s["end"]] == s["text"], f"{where}: offsets do not give the span text"
            cs = doc.char_span(s["start"], s["end"], alignment_mode="expand")
            assert cs is not None, f"{where}: spaCy found no tokens"
            assert s["text"].strip() in cs.text, f"{where}: {cs.text!r} does not contain {s['text']!r}"
            if "cue_start" in s:
                assert text[s["cue_start"]:s["cue_end"]] == s["cue_text"], f"{where}: cue offsets"
            n += 1
    assert n > 0, f"{jsonl} has no spans"
    return n


def must_validators(schemas):
    """One validator per MUST assertion of the W3C test suite, or the
    project's own schema when the suite is not there."""
    import jsonschema

    if not schemas.is_dir():
        schema = json.loads((HERE / "web_annotation_schema.json").read_text())
        return [("web_annotation_schema.json", jsonschema.Draft4Validator(schema))]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    files = list((schemas / "definitions").glob("*.json")) + list((schemas / "annotations").rglob("*.json"))
    loaded = {f: json.loads(f.read_text(encoding="utf-8")) for f in files}
    registry = Registry().with_resources(
        (s.get("id", f.name), Resource.from_contents(s, default_specification=DRAFT4)) for f, s in loaded.items()
    )
    musts = json.loads((schemas / "annotations" / "annotationMusts.test").read_text())["assertions"]
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    return [
        (name, jsonschema.Draft4Validator(loaded[schemas / name], registry=registry, format_checker=checker))
        for name in musts
    ]


def check_w3c(path, validators):
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert len(items) == collection["total"] > 0
    for item in items:
        for name, validator in validators:
            errors = list(validator.iter_errors(item))
            assert not errors, f"{path.name} {item['id']} fails {name}: {errors[0].message}"
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    return len(items)


def check_datasets(jsonl):
    try:
        import datasets
    except ImportError:
        return None
    ds = datasets.load_dataset("json", data_files=str(jsonl), split="train")
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(ds) == len(lines)
    assert sum(len(row["spans"]) for row in ds) == sum(len(json.loads(l)["spans"]) for l in lines)
    return len(ds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concord", required=True, type=Path, help="the concord binary")
    parser.add_argument("--schemas", type=Path, default=DEFAULT_SCHEMAS)
    args = parser.parse_args()
    concord = args.concord.resolve()
    validators = must_validators(args.schemas)
    source = args.schemas if args.schemas.is_dir() else "tests/python/web_annotation_schema.json"
    passed, failed = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generated = tmp / "generated"
        run([concord, "gen-corpus", "--articles", "40", "--annotations-per-article", "12", "--out", generated])
        projects = {"generated": generated, "hard": hard_project(concord, tmp / "hard")}
        for name, project in projects.items():
            jsonl = export(concord, project, "jsonl", tmp / f"{name}.jsonl")
            w3c = export(concord, project, "w3c", tmp / f"{name}.jsonld")
            checks = [
                ("spaCy char_span", lambda: check_spacy(jsonl)),
                (f"W3C MUST schemas ({len(validators)} from {source})", lambda: check_w3c(w3c, validators)),
                ("datasets JSON loader", lambda: check_datasets(jsonl)),
            ]
            for label, check in checks:
                try:
                    n = check()
                except AssertionError as e:
                    failed += 1
                    print(f"FAIL {name}: {label}: {e}")
                    continue
                if n is None:
                    print(f"skip {name}: {label} (package not installed)")
                else:
                    passed += 1
                    print(f"ok   {name}: {label}: {n} records")
    print(f"exports: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
