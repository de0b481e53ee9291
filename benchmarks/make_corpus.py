"""Build the scale-benchmark corpus: ≥ 1,000 English news documents in several WARC/JSONL shards.

Usage::

    .venv/bin/python benchmarks/make_corpus.py --data ../shared/data --out /tmp/ewbench
    .venv/bin/python benchmarks/make_corpus.py --data ../shared/data --out /tmp/ewbench \\
        --shards 8 --polnear-format jsonl

Sources (all from the shared data, never copied into the repository):

* the Scrapinghub article-extraction pages (``extract/scrapinghub/html``) and the Fundus pages
  (``extract/fundus/<country>``) whose gold text is English, as WARC ``response`` records with
  HTTP headers, the way a crawl (CC-NEWS) delivers them;
* the PolNeAR news texts (``quotes/polnear/data/{train,dev}/text``), wrapped as simple HTML pages
  in the same WARC files (default) or written as JSONL lines (``--polnear-format jsonl``).

Documents are ordered by a hash of their name (so any prefix has the corpus's mix of sources) and
dealt round-robin over the shards, so every shard gets a similar mix and the sharded engines have
even work to distribute. The output is byte-for-byte deterministic: fixed record ids, dates and
gzip headers.

Layout::

    OUT/corpus.json            what was written (counts per source and per shard)
    OUT/shards/shard-00.warc.gz ...   (and shard-00.jsonl ... with --polnear-format jsonl)

Give ``OUT/shards`` (not ``OUT``) to ``eventwire ingest``. ``subset`` (used by
pipeline_throughput.py ``--limit``) copies the first N documents of a corpus into a new one.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import io
import json
import re
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import py3langid
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CRAWL_DATE = "2024-01-15T00:00:00Z"  # fixed WARC-Date: the corpus must be reproducible
RECORD_NAMESPACE = uuid.UUID("6f1d8f3e-2b7c-4c1e-9a55-0e7e1f0b2c11")
FUNDUS_NAME = re.compile(r"^(?P<publisher>.+?)_(?P<date>\d{4}_\d{2}_\d{2})$")


@dataclass
class BenchDoc:
    """One corpus document: an HTML page for a WARC record, or a text for a JSONL line."""

    key: str  # stable name (source/path), also the record id seed
    origin: str  # scrapinghub | fundus | polnear
    url: str
    html: str | None = None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None


def is_english(text: str) -> bool:
    language, _ = py3langid.classify(text[:5000])
    return bool(language == "en")


def scrapinghub_docs(data: Path) -> Iterator[BenchDoc]:
    """Scrapinghub pages whose gold article body is English."""
    root = data / "extract" / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted((root / "html").glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        gold = truth.get(key, {})
        if not is_english(gold.get("articleBody", "")):
            continue
        page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        url = gold.get("url") or f"https://scrapinghub.invalid/{key}"
        yield BenchDoc(key=f"scrapinghub/{key}", origin="scrapinghub", url=url, html=page)


def _fundus_gold_text(gold_file: Path) -> str:
    """Title and body of a Fundus gold file (any version), for language identification."""
    if not gold_file.exists():
        return ""
    versions = json.loads(gold_file.read_text(encoding="utf-8"))
    parts = []
    for version in versions.values():
        if isinstance(version, dict):
            parts.append(str(version.get("title", "")))
            parts.append(str(version.get("body", "")))
    return "\n".join(parts)


def fundus_docs(data: Path) -> Iterator[BenchDoc]:
    """Fundus pages of publishers whose gold text is English (any country)."""
    root = data / "extract" / "fundus"
    for path in sorted(root.glob("*/*.html.gz")):
        stem = path.name.removesuffix(".html.gz")
        match = FUNDUS_NAME.match(stem)
        publisher = match["publisher"] if match else stem
        if not is_english(_fundus_gold_text(path.parent / f"{publisher}.json")):
            continue
        page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        country = path.parent.name
        yield BenchDoc(
            key=f"fundus/{country}/{stem}",
            origin="fundus",
            url=f"https://fundus.invalid/{country}/{stem}",
            html=page,
        )


def _polnear_metadata(data: Path) -> dict[str, dict[str, str]]:
    table = data / "quotes" / "polnear" / "data" / "metadata.tsv"
    if not table.exists():
        return {}
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = (dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line)
    return {row["filename"]: row for row in rows if "filename" in row}


def polnear_docs(data: Path) -> Iterator[BenchDoc]:
    """PolNeAR news texts (train and dev), with publisher and date from the metadata table."""
    root = data / "quotes" / "polnear" / "data"
    metadata = _polnear_metadata(data)
    for split in ("train", "dev"):
        for path in sorted((root / split / "text").glob("*.txt")):
            raw = path.read_text(encoding="utf-8", errors="replace").strip()
            first, _, body = raw.partition("\n")
            meta = metadata.get(path.stem, {})
            yield BenchDoc(
                key=f"polnear/{split}/{path.stem}",
                origin="polnear",
                url=f"https://polnear.invalid/{split}/{path.stem}",
                text=body.strip() or raw,
                title=meta.get("title") or first.strip(),
                published=meta.get("publication_date") or None,
                publisher=meta.get("publisher") or None,
            )


def as_html(doc: BenchDoc) -> str:
    """A simple article page for a text: title, date and publisher in the head, paragraphs."""
    head = [f"<title>{html.escape(doc.title or '')}</title>", '<meta charset="utf-8">']
    if doc.published:
        head.append(f'<meta property="article:published_time" content="{doc.published}">')
    if doc.publisher:
        head.append(f'<meta property="og:site_name" content="{html.escape(doc.publisher)}">')
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", doc.text or "") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head>' + "".join(head) + "</head>\n<body><article>"
        f"<h1>{html.escape(doc.title or '')}</h1>\n{body}\n</article></body></html>\n"
    )


def write_warc_record(writer: WARCWriter, doc: BenchDoc) -> None:
    payload = (doc.html or as_html(doc)).encode("utf-8")
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        doc.url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": CRAWL_DATE,
            "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(RECORD_NAMESPACE, doc.key)}>",
        },
    )
    writer.write_record(record)


def jsonl_line(doc: BenchDoc) -> str:
    obj = {
        "url": doc.url,
        "title": doc.title,
        "published": doc.published,
        "source": doc.publisher,
        "text": doc.text,
    }
    return json.dumps({k: v for k, v in obj.items() if v}, ensure_ascii=False) + "\n"


def collect(data: Path) -> list[BenchDoc]:
    """Every English document of the three sources, in a fixed, well-mixed order.

    Ordered by a hash of the document's name, so any prefix (``--limit``) has the same mix of
    sources as the whole corpus, and the order does not depend on the file system.
    """
    docs = [*scrapinghub_docs(data), *fundus_docs(data), *polnear_docs(data)]
    return sorted(docs, key=lambda doc: hashlib.sha1(doc.key.encode()).hexdigest())


def write_corpus(
    docs: list[BenchDoc], out: Path, shards: int, polnear_format: str = "html"
) -> dict[str, object]:
    """Deal documents round-robin over ``shards`` WARC (and JSONL) files; return the summary."""
    shard_dir = out / "shards"
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in shard_dir.glob("shard-*"):
        old.unlink()
    counts: dict[str, int] = {}
    files: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        writers = [
            WARCWriter(stack.enter_context(open(shard_dir / f"shard-{i:02d}.warc.gz", "wb")))
            for i in range(shards)
        ]
        jsonl_handles = [
            stack.enter_context(open(shard_dir / f"shard-{i:02d}.jsonl", "w", encoding="utf-8"))
            for i in range(shards if polnear_format == "jsonl" else 0)
        ]
        for position, doc in enumerate(docs):
            index = position % shards
            counts[doc.origin] = counts.get(doc.origin, 0) + 1
            if doc.html is None and polnear_format == "jsonl":
                jsonl_handles[index].write(jsonl_line(doc))
                name = f"shard-{index:02d}.jsonl"
            else:
                write_warc_record(writers[index], doc)
                name = f"shard-{index:02d}.warc.gz"
            files[name] = files.get(name, 0) + 1
    for path in shard_dir.glob("shard-*"):
        if path.name not in files:
            path.unlink()  # fewer documents than shards: no empty files
    summary: dict[str, object] = {
        "documents": len(docs),
        "by_source": counts,
        "shards": dict(sorted(files.items())),
        "polnear_format": polnear_format,
    }
    (out / "corpus.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def shard_files(corpus: Path) -> list[Path]:
    """The shard files of a corpus directory (OUT or OUT/shards), in order."""
    folder = corpus / "shards" if (corpus / "shards").is_dir() else corpus
    files = sorted(p for p in folder.glob("shard-*") if p.suffix in (".gz", ".jsonl"))
    if not files:
        raise SystemExit(f"{corpus}: no shard-*.warc.gz or shard-*.jsonl (run make_corpus.py)")
    return files


def subset(corpus: Path, out: Path, limit: int) -> dict[str, object]:
    """Copy the first ``limit`` documents of a corpus (dealt over the same shards) to ``out``.

    Documents were dealt round-robin, so the first N of the corpus are the first
    ``N // shards (+1)`` records of each shard: each shard file is cut, record by record.
    """
    sources = shard_files(corpus)
    groups: dict[str, list[Path]] = {}
    for path in sources:
        groups.setdefault(path.name.split(".")[0], []).append(path)
    names = sorted(groups)
    shard_dir = out / "shards"
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in shard_dir.glob("shard-*"):
        old.unlink()
    files: dict[str, int] = {}
    for index, name in enumerate(names):
        quota = limit // len(names) + (1 if index < limit % len(names) else 0)
        for path in groups[name]:
            if quota <= 0:
                break
            copied = _copy_first(path, shard_dir / path.name, quota)
            files[path.name] = copied
            quota -= copied
    summary: dict[str, object] = {
        "documents": sum(files.values()),
        "subset_of": str(corpus),
        "shards": files,
    }
    (out / "corpus.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _copy_first(source: Path, target: Path, quota: int) -> int:
    copied = 0
    if source.name.endswith(".jsonl"):
        with open(source, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
            for line in src:
                if copied >= quota:
                    break
                dst.write(line)
                copied += 1
        return copied
    with open(source, "rb") as src, open(target, "wb") as dst:
        writer = WARCWriter(dst, gzip=True)
        for record in ArchiveIterator(src):
            if copied >= quota:
                break
            if record.rec_type == "response":
                writer.write_record(record)
                copied += 1
    return copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data")
    parser.add_argument("--out", type=Path, required=True, help="corpus folder (outside the repo)")
    parser.add_argument("--shards", type=int, default=8, help="number of shard files")
    parser.add_argument("--polnear-format", choices=("html", "jsonl"), default="html")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args()
    if args.shards < 1:
        parser.error("--shards must be at least 1")
    if not (args.data / "extract").is_dir():
        parser.error(f"{args.data}: not the shared data folder (no extract/)")
    docs = collect(args.data)
    if args.limit is not None:
        docs = docs[: args.limit]
    summary = write_corpus(docs, args.out, args.shards, args.polnear_format)
    json.dump(summary, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
