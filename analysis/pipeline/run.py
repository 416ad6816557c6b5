"""The scored run: the one artifact every later stage reads (DESIGN.md, "Scored run").

A run is a folder::

    run.json                 what was scored, with which software, lexicons and options
    articles/<part>.parquet  one row per article: identity, raw counts, rates
    spans/<part>.parquet     one row per span (the span contract, words, outlet, event)
    texts/<part>.parquet     the analysed text of every article (what offsets refer to)
    findings/<part>.parquet  what text hygiene repaired, masked and detected, per article
    signatures/<part>.parquet  shingle signatures for near-duplicate (syndication) checks
    corpus/                  the corpus's side tables as loaded (outlets, events, speakers),
                             and its hand annotations (annotations/<event>.jsonl) if any
    syndication.csv          articles that copy another outlet's article
    articles.csv, spans.csv  the same tables as CSV, for runs of up to 20,000 articles

Both engines (in process and Dask) write parts through :class:`RunWriter` and
finish with :func:`finish_run`, so a run scored on a cluster is the same run as
one scored here. Parts are staged in ``<run>/.staging/`` and moved into place
when every part is done; ``run.json`` is written last and lists every file with
its size, so a reader can tell a complete run from a crashed or mixed one. A
lock file refuses a second writer into the same folder. A staged part records
the fingerprint of its input and of the options, so a resumed run recomputes
exactly the parts whose input or options changed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis._io import file_mode, write_bytes_atomic, write_csv_safe, write_text_atomic
from analysis.corpus import SIDE_TABLES, Corpus
from analysis.errors import RunError
from analysis.pipeline.metrics import order_columns
from analysis.schema import RUN_SPAN_COLUMNS

if TYPE_CHECKING:
    from analysis.pipeline.annotate import ArticleResult, Options

RUN_FORMAT = "media-bias-run/1"
TABLES = ("articles", "spans", "texts", "findings", "signatures")
FINDING_COLUMNS = ("article_id", "kind", "category", "start", "end", "detail", "outlet", "event")
TEXT_COLUMNS = ("id", "outlet", "event", "title", "date", "url", "language", "text")
CSV_LIMIT = 20_000  # articles; larger runs are written as Parquet only
PART_SIZE = 2_000  # articles per part in the in-process engine
STAGING = ".staging"
LOCK = ".lock"


def _parquet_write(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, tmp, row_group_size=50_000)
    os.chmod(tmp, file_mode())
    tmp.replace(path)


def _no_space(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _place(result: ArticleResult) -> tuple[str, str]:
    return result.row["outlet"], result.row["event"]


def part_tables(results: Sequence[ArticleResult], texts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The three tables of one part from its scored articles and their text rows."""
    articles = (
        order_columns(pd.DataFrame([r.row for r in results])).reset_index(drop=True)
        if results
        else pd.DataFrame()
    )
    rows = []
    for r in results:
        outlet, event, aid = r.row["outlet"], r.row["event"], r.row["id"]
        for span, words in zip(r.spans, r.span_words, strict=True):
            rows.append(
                (
                    aid,
                    span.kind,
                    span.start,
                    span.end,
                    r.text[span.start : span.end],
                    span.voice,
                    span.category,
                    span.speaker,
                    span.speaker_role,
                    span.side,
                    span.rule,
                    span.speaker_mention,
                    span.speaker_type,
                    words,
                    outlet,
                    event,
                )
            )
    spans = pd.DataFrame(rows, columns=[*RUN_SPAN_COLUMNS, "outlet", "event"])
    for col in spans.columns:
        spans[col] = spans[col].astype("int64" if col in ("start", "end", "words") else "string")
    findings = pd.DataFrame(
        [
            (
                r.row["id"],
                f.kind,
                f.category,
                f.start,
                f.end,
                f.detail,
                r.row["outlet"],
                r.row["event"],
            )
            for r in results
            for f in r.findings
        ],
        columns=list(FINDING_COLUMNS),
    )
    for col in FINDING_COLUMNS:
        findings[col] = findings[col].astype("int64" if col in ("start", "end") else "string")
    signatures = pd.DataFrame(
        {
            "id": [r.row["id"] for r in results],
            "outlet": [r.row["outlet"] for r in results],
            "event": [r.row["event"] for r in results],
            "date": list(texts["date"]) if len(texts) else [],
            "shingles": [r.shingles for r in results],
            "signature": [r.signature for r in results],
        }
    )
    return {
        "articles": articles,
        "spans": spans,
        "texts": texts,
        "findings": findings,
        "signatures": signatures,
    }


def text_rows(meta: pd.DataFrame, results: Sequence[ArticleResult]) -> pd.DataFrame:
    """The texts table of a part: article metadata (``meta``, indexed by id) and text."""
    rows = []
    for r in results:
        m = meta.loc[r.row["id"]]
        rows.append(
            {
                "id": r.row["id"],
                "outlet": r.row["outlet"],
                "event": r.row["event"],
                "title": None if pd.isna(m["title"]) else str(m["title"]),
                "date": None if pd.isna(m["date"]) else m["date"].isoformat(),
                "url": None if pd.isna(m["url"]) else str(m["url"]),
                "language": None if pd.isna(m["language"]) else str(m["language"]),
                "text": r.text,
            }
        )
    frame = pd.DataFrame(rows, columns=list(TEXT_COLUMNS))
    return frame.astype("string")


def stage_part(staging: Path, name: str, key: str, tables: dict[str, pd.DataFrame]) -> dict:
    """Stage one part's tables, then its marker: a part counts only once its marker exists.

    Used by the run writer and by Dask workers, which stage parts in parallel.
    """
    for table in TABLES:
        _parquet_write(tables[table], staging / table / f"{name}.parquet")
    marker = {
        "key": key,
        "articles": len(tables["articles"]),
        "spans": len(tables["spans"]),
        "words": int(tables["articles"]["words"].sum()) if len(tables["articles"]) else 0,
    }
    write_text_atomic(
        staging / "_parts" / f"{name}.json", json.dumps(marker, indent=2, sort_keys=True) + "\n"
    )
    return marker


def input_key(*parts: bytes | str) -> str:
    """A fingerprint of a part's input and the run's options (resume keys)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class RunWriter:
    """Stages the parts of a run, then moves them into place (one writer per folder).

    Use as a context manager: the lock is taken on entry and released on exit;
    :meth:`finish` commits the run. A run that is not finished leaves the previous
    run's files (if any) untouched and its staged parts for a resume.
    """

    def __init__(self, out: str | Path, corpus: Corpus, options_description: dict):
        self.out = Path(out)
        self.corpus = corpus
        self.options = options_description
        self.staging = self.out / STAGING
        self._lock_fh = None
        self.parts: dict[str, dict] = {}

    # -- lifecycle -----------------------------------------------------------
    def __enter__(self) -> RunWriter:
        check_out_folder(self.out, self.corpus)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock_fh = (self.out / LOCK).open("a+")
        except OSError as exc:
            raise RunError(f"cannot create the run folder {self.out}: {exc.strerror}") from None
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_fh.close()
            self._lock_fh = None
            raise RunError(
                f"another run is writing into {self.out}; wait for it to finish or choose "
                "another --out"
            ) from None
        staged = self.staging / "run-key.json"
        if staged.exists():
            try:
                previous = json.loads(staged.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                previous = {}
            if previous != self._run_key():
                shutil.rmtree(self.staging)
        elif (self.out / "run.json").exists():
            self._stage_committed_parts()
        self._write_json(self.staging / "run-key.json", self._run_key())
        return self

    def _stage_committed_parts(self) -> None:
        """Offer the parts of the run already in the folder for reuse (hard links).

        Only when that run was made by this software with the same options; the
        engine then keeps exactly the parts whose input key is unchanged.
        """
        try:
            meta = json.loads((self.out / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        key = self._run_key()
        if (meta.get("format"), meta.get("software_version"), meta.get("options")) != (
            key["format"],
            key["software_version"],
            key["options"],
        ):
            return
        for part in meta.get("parts", []):
            name = part["name"]
            sources = [self.out / table / f"{name}.parquet" for table in TABLES]
            if not all(p.is_file() for p in sources):
                continue
            for table, source in zip(TABLES, sources, strict=True):
                target = self.staging / table / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
            marker = {k: part[k] for k in ("key", "articles", "spans", "words")}
            self._write_json(self.staging / "_parts" / f"{name}.json", marker)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._lock_fh is not None:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            self._lock_fh = None
            with contextlib.suppress(FileNotFoundError):
                (self.out / LOCK).unlink()
        if isinstance(exc, OSError) and _no_space(exc):
            raise RunError(
                f"no space left on the device while writing the run in {self.out}; the "
                "previous run there (if any) is intact; free some space and run again "
                "(finished parts are kept and resumed)"
            ) from None

    def _run_key(self) -> dict:
        from analysis import __version__

        return {
            "format": RUN_FORMAT,
            "software_version": __version__,
            "options": self.options,
        }

    @staticmethod
    def _write_json(path: Path, data: dict) -> None:
        write_text_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")

    # -- parts ---------------------------------------------------------------
    def done_parts(self) -> dict[str, str]:
        """Staged parts finished by an earlier attempt: part name to input key."""
        markers = self.staging / "_parts"
        done = {}
        for path in sorted(markers.glob("*.json")) if markers.is_dir() else []:
            with contextlib.suppress(OSError, ValueError, KeyError):
                done[path.stem] = json.loads(path.read_text(encoding="utf-8"))["key"]
        return done

    def write_part(self, name: str, key: str, tables: dict[str, pd.DataFrame]) -> dict:
        """Stage one part's tables, then its marker (the part counts only with it)."""
        return stage_part(self.staging, name, key, tables)

    def forget_parts(self, keep: Iterable[str]) -> None:
        """Drop staged parts that are not in ``keep`` (partitions deleted or renamed)."""
        keep = set(keep)
        for marker in sorted((self.staging / "_parts").glob("*.json")):
            if marker.stem not in keep:
                marker.unlink()
                for table in TABLES:
                    with contextlib.suppress(FileNotFoundError):
                        (self.staging / table / f"{marker.stem}.parquet").unlink()

    # -- commit --------------------------------------------------------------
    def finish(self, engine: str, part_names: Sequence[str], csv: bool | None = None) -> Run:
        """Check every part is staged, write CSVs and side tables, and commit the run."""
        markers = {}
        for name in part_names:
            path = self.staging / "_parts" / f"{name}.json"
            if not path.exists():
                raise RunError(f"part {name} of the run in {self.out} was never finished")
            markers[name] = json.loads(path.read_text(encoding="utf-8"))
        n_articles = sum(m["articles"] for m in markers.values())
        staged_run = _StagedRun(self.staging, list(part_names))
        for name, frame in side_tables(self.corpus).items():
            write_csv_safe(self.staging / "corpus" / name, frame)
        annotations = annotation_files(self.corpus)
        for name, path in annotations.items():
            write_bytes_atomic(self.staging / "corpus" / name, path.read_bytes())
        files = {"syndication.csv": 0}
        write_csv_safe(self.staging / "syndication.csv", staged_run.syndication())
        if csv if csv is not None else n_articles <= CSV_LIMIT:
            write_csv_safe(self.staging / "articles.csv", staged_run.articles)
            write_csv_safe(self.staging / "spans.csv", staged_run.all_spans())
            files.update({"articles.csv": 0, "spans.csv": 0})
        from analysis import __version__

        meta = {
            "format": RUN_FORMAT,
            "software_version": __version__,
            "engine": engine,
            "corpus": {
                "name": self.corpus.name,
                "title": corpus_title(self.corpus),
                "fingerprint": self.corpus.fingerprint,
            },
            "options": self.options,
            "articles": n_articles,
            "spans": sum(m["spans"] for m in markers.values()),
            "words": sum(m["words"] for m in markers.values()),
            "parts": [{"name": n, **markers[n]} for n in part_names],
            "text": (
                "Span offsets refer to the analysed text in texts/: the corpus text as "
                "loaded (UTF-8, line endings normalised to LF), with mojibake repaired and "
                "Unicode NFC applied; boilerplate regions stay in it (spans of kind "
                "boilerplate) but no detector read them and no word in them is counted. "
                "What was repaired, masked and detected is in findings/."
            ),
            "hygiene": staged_run.hygiene_summary(),
        }
        rel_files = [f"{t}/{n}.parquet" for t in TABLES for n in part_names]
        rel_files += [f"corpus/{n}" for n in side_tables(self.corpus)]
        rel_files += [f"corpus/{n}" for n in annotations]
        rel_files += list(files)
        meta["files"] = {f: (self.staging / f).stat().st_size for f in sorted(rel_files)}
        self._commit(meta)
        return read_run(self.out)

    def _commit(self, meta: dict) -> None:
        """Swap the staged files in: old run.json first out, new run.json last in."""
        out = self.out
        with contextlib.suppress(FileNotFoundError):
            (out / "run.json").unlink()
        moved = [*TABLES, "corpus", "articles.csv", "spans.csv", "syndication.csv"]
        for name in moved:
            old = out / name
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
            new = self.staging / name
            if new.exists():
                new.replace(old)
        write_text_atomic(out / "run.json", json.dumps(meta, indent=2, sort_keys=True) + "\n")
        shutil.rmtree(self.staging, ignore_errors=True)


GENERIC_FOLDERS = frozenset({"corpus", "data", "articles", "export", "exports", "input", "raw"})


def corpus_title(corpus: Corpus) -> str:
    """What captions call the corpus.

    ``title`` in a ``corpus.yaml`` beside the articles when there is one; else the
    folder name, with its parent's when the folder has a generic name
    (``study/corpus`` rather than ``corpus``).
    """
    root = corpus.path if corpus.path.is_dir() else corpus.path.parent
    meta = root / "corpus.yaml"
    if meta.is_file():
        import yaml

        with contextlib.suppress(OSError, yaml.YAMLError):
            data = yaml.safe_load(meta.read_text(encoding="utf-8"))
            if (
                isinstance(data, dict)
                and isinstance(data.get("title"), str)
                and data["title"].strip()
            ):
                return data["title"].strip()
    if corpus.name.lower() in GENERIC_FOLDERS and root.resolve().parent.name:
        return f"{root.resolve().parent.name}/{corpus.name}"
    return corpus.name


def side_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The corpus's side tables as the run keeps them (cleaned, as the loader read them)."""
    frames = {"outlets.csv": corpus.outlets, "events.csv": corpus.events}
    frames["speakers.csv"] = corpus.speakers
    return {name: frame for name, frame in frames.items() if name in SIDE_TABLES}


def annotation_files(corpus: Corpus) -> dict[str, Path]:
    """Hand annotations beside the corpus (``annotations/<event>.jsonl``), by run path.

    The run keeps a copy, so a notebook can measure the detector against them (the
    extraction-error interval of the quote balance) from the run alone.
    """
    root = corpus.path if corpus.path.is_dir() else corpus.path.parent
    folder = root / "annotations"
    if not folder.is_dir():
        return {}
    return {
        f"annotations/{p.name}": p
        for p in sorted(folder.glob("*.jsonl"))
        if p.is_file() and not p.is_symlink()
    }


def check_out_folder(out: Path, corpus: Corpus | None) -> None:
    """Refuse an output folder that is a file, or lies inside the corpus."""
    if out.exists() and not out.is_dir():
        raise RunError(f"--out {out} is a file; give a folder")
    if corpus is not None:
        root = (corpus.path if corpus.path.is_dir() else corpus.path.parent).resolve()
        target = out.resolve()
        if target == root or root in target.parents:
            raise RunError(
                f"--out {out} is inside the corpus folder {root}; a corpus is never written "
                "to: choose a folder outside it"
            )
    if out.is_dir() and not (out / "run.json").exists() and not (out / STAGING).exists():
        strangers = [p.name for p in out.iterdir() if p.name not in (LOCK,)]
        if strangers:
            raise RunError(
                f"--out {out} holds files that are not a scored run ({', '.join(strangers[:3])}"
                f"{', ...' if len(strangers) > 3 else ''}); choose an empty or new folder"
            )


# --------------------------------------------------------------------------- reading


class _StagedRun:
    """Read access to parts, staged or committed (shared by Run and the writer)."""

    def __init__(self, root: Path, parts: list[str]):
        self.root = root
        self.part_names = parts

    def _paths(self, table: str) -> list[Path]:
        return [self.root / table / f"{n}.parquet" for n in self.part_names]

    def _read(self, table: str, filters=None, columns=None) -> pd.DataFrame:
        import pyarrow.parquet as pq

        frames = [
            pq.read_table(p, filters=filters, columns=columns).to_pandas()
            for p in self._paths(table)
        ]
        frames = [f for f in frames if len(f.columns)]
        if not frames:
            return pd.DataFrame(columns=columns or [])
        return pd.concat(frames, ignore_index=True)

    @cached_property
    def articles(self) -> pd.DataFrame:
        """Every article's row, in corpus order (event, outlet, id)."""
        frame = self._read("articles")
        if frame.empty:
            return frame
        return frame.sort_values(["event", "outlet", "id"], kind="stable").reset_index(drop=True)

    def _order(self, frame: pd.DataFrame) -> pd.DataFrame:
        rank = {aid: i for i, aid in enumerate(self.articles["id"])}
        frame = frame.assign(_rank=frame["article_id"].map(rank))
        frame = frame.sort_values(["_rank", "start", "end", "kind"], kind="stable")
        return frame.drop(columns="_rank").reset_index(drop=True)

    def all_spans(self) -> pd.DataFrame:
        """Every span, in corpus order then offset (the run's CSV holds these)."""
        return self._order(self._read("spans"))

    def syndication(self) -> pd.DataFrame:
        """Near-duplicate articles, event by event (one event's signatures at a time)."""
        from analysis.pipeline.syndication import near_duplicates

        keys = self._read("signatures", columns=["event"])
        frames = (
            [
                near_duplicates(
                    self._read("signatures", filters=[("event", "=", e)]).to_dict("records")
                )
                for e in sorted(keys["event"].unique())
            ]
            if len(keys)
            else []
        )
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=["article_id", "duplicate_of", "similarity", "containment"])
        return pd.concat(frames, ignore_index=True)

    def hygiene_summary(self) -> dict:
        """Counts of what the hygiene stage did, for run.json."""
        findings = self._read("findings", columns=["article_id", "kind", "category"])
        if findings.empty:
            return {"articles_with_findings": 0, "findings": {}}
        repairs = findings[findings["kind"] != "language"]
        by = repairs.groupby(["kind", "category"]).size()
        return {
            "articles_with_findings": int(repairs["article_id"].nunique()),
            "findings": {f"{k}:{c}": int(n) for (k, c), n in by.items()},
        }


@dataclass
class Run:
    """A scored run, read back: its metadata and lazily read tables.

    ``articles`` is small (one row per article) and read whole; spans and texts
    are read for one event (or some outlets) at a time, so a report of a run of
    any size never holds every span in one process.
    """

    path: Path
    meta: dict
    _parts: _StagedRun = field(repr=False, default=None)

    @property
    def name(self) -> str:
        """The corpus name."""
        return self.meta["corpus"]["name"]

    @property
    def title(self) -> str:
        """The corpus title, for captions (events.csv does not hold one)."""
        return self.meta["corpus"].get("title") or self.name

    @property
    def fingerprint(self) -> str:
        """The corpus fingerprint (sha256 of every file read)."""
        return self.meta["corpus"]["fingerprint"]

    @property
    def short_fingerprint(self) -> str:
        """First 12 hex digits of the fingerprint, as printed in citations."""
        return self.fingerprint[:12]

    @property
    def lexicon_versions(self) -> dict[str, str]:
        """Lexicon name to version, as the run used them."""
        return dict(self.meta["options"].get("lexicon_versions", {}))

    @cached_property
    def articles(self) -> pd.DataFrame:
        """Every article's metrics row, in corpus order, with ``duplicate_of`` merged in."""
        frame = self._parts.articles
        path = self.path / "syndication.csv"
        dupes = (
            pd.read_csv(path, dtype={"article_id": "string", "duplicate_of": "string"})
            if path.exists()
            else pd.DataFrame(columns=["article_id", "duplicate_of", "similarity"])
        )
        merged = frame.merge(
            dupes[["article_id", "duplicate_of", "similarity"]].rename(
                columns={"article_id": "id", "similarity": "duplicate_similarity"}
            ),
            on="id",
            how="left",
        )
        merged["duplicate_of"] = merged["duplicate_of"].fillna("").astype("string")
        return merged

    def findings(self, event: str | None = None) -> pd.DataFrame:
        """Hygiene findings (repairs, boilerplate regions, languages), for one event or all."""
        filters = [("event", "=", event)] if event is not None else None
        return self._parts._read("findings", filters=filters)

    def spans(self, event: str | None = None, outlets: Sequence[str] | None = None) -> pd.DataFrame:
        """Spans of one event (and some outlets), or all, in corpus order then offset."""
        filters = []
        if event is not None:
            filters.append(("event", "=", event))
        if outlets:
            filters.append(("outlet", "in", list(outlets)))
        frame = self._parts._read("spans", filters=filters or None)
        if frame.empty:
            return pd.DataFrame(
                {c: pd.Series(dtype="string") for c in [*RUN_SPAN_COLUMNS, "outlet", "event"]}
            )
        return self._parts._order(frame)

    def texts(self, event: str | None = None, outlets: Sequence[str] | None = None) -> pd.DataFrame:
        """Article metadata and analysed text, for one event (and some outlets) or all."""
        filters = []
        if event is not None:
            filters.append(("event", "=", event))
        if outlets:
            filters.append(("outlet", "in", list(outlets)))
        frame = self._parts._read("texts", filters=filters or None)
        if frame.empty:
            return frame
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.sort_values(["event", "outlet", "id"], kind="stable").reset_index(drop=True)

    def annotations_path(self, event: str) -> Path | None:
        """The corpus's hand annotations of ``event`` as the run kept them, if any.

        Looked up among the files the run kept, never built from the event name, so
        no name can point outside the run.
        """
        folder = self.path / "corpus" / "annotations"
        kept = {p.stem: p for p in folder.glob("*.jsonl")} if folder.is_dir() else {}
        return kept.get(event)

    def side_table(self, name: str) -> pd.DataFrame:
        """A side table of the corpus as the run kept it (an empty frame if absent)."""
        path = self.path / "corpus" / name
        if not path.exists():
            return pd.DataFrame()
        return pd.read_csv(path, dtype="string", keep_default_na=False)

    @cached_property
    def speakers(self) -> pd.DataFrame:
        """The corpus's speakers table."""
        frame = self.side_table("speakers.csv")
        for col in ("speaker", "aliases", "affiliation", "side", "event"):
            if col not in frame.columns:
                frame[col] = pd.Series([""] * len(frame), dtype="string")
        return frame

    def sides(self, event: str) -> list[str]:
        """Sides of the speakers on ``event``, in speakers.csv order, without repeats."""
        sp = self.speakers
        rows = sp.loc[sp["event"].isin(["", event]), "side"]
        return [side for side in dict.fromkeys(rows) if side]

    def outlet_names(self) -> list[str]:
        """Outlets with at least one article, sorted."""
        return sorted(self.articles["outlet"].unique().tolist())

    def event_names(self) -> list[str]:
        """Events with at least one article, sorted."""
        return sorted(self.articles["event"].unique().tolist())

    def all_outlets(self) -> list[str]:
        """Every outlet of the corpus (outlets.csv when given), for stable colours."""
        listed = self.side_table("outlets.csv")
        names = listed["outlet"].tolist() if "outlet" in listed.columns else []
        return sorted(set(names) | set(self.outlet_names()))

    def date_range(self) -> str:
        """``first..last`` article date, or ``""`` when no article is dated."""
        dates = pd.to_datetime(self._parts._read("texts", columns=["date"])["date"]).dropna()
        if dates.empty:
            return ""
        return f"{dates.min():%Y-%m-%d}..{dates.max():%Y-%m-%d}"


def read_run(path: str | Path) -> Run:
    """Open a scored run; a missing, unfinished or mixed run is a :class:`RunError`."""
    path = Path(path)
    meta_path = path / "run.json"
    if not meta_path.is_file():
        hint = (
            " (a run was started there and not finished; run `score` again to resume)"
            if (path / STAGING).exists()
            else ""
        )
        raise RunError(
            f"{path} is not a scored run: it has no run.json{hint}. Make one with: "
            f"python -m analysis score CORPUS --out {path}"
        )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RunError(f"{meta_path}: not readable as JSON ({exc})") from None
    if meta.get("format") != RUN_FORMAT:
        raise RunError(
            f"{meta_path}: run format {meta.get('format')!r}, this software reads {RUN_FORMAT!r}; "
            "score the corpus again"
        )
    for rel, size in meta.get("files", {}).items():
        file = path / rel
        if not file.is_file() or file.stat().st_size != size:
            raise RunError(
                f"{path}: {rel} is missing or changed since the run was written; the folder "
                "holds a mixed or damaged run: score the corpus again"
            )
    return Run(path, meta, _StagedRun(path, [p["name"] for p in meta["parts"]]))


def write_run(
    corpus: Corpus,
    out: str | Path,
    options: Options | None = None,
    progress: bool | None = None,
    csv: bool | None = None,
) -> Run:
    """Score ``corpus`` in this process and write the scored run to ``out``.

    Articles are scored one at a time and written in parts of
    :data:`PART_SIZE`, so memory stays bounded whatever the corpus size.
    """
    from analysis.pipeline.annotate import Options, iter_scores

    options = options or Options()
    with RunWriter(out, corpus, options.describe()) as writer:
        writer.forget_parts(())
        meta = corpus.articles.set_index("id")
        names: list[str] = []
        batch: list[ArticleResult] = []

        def flush() -> None:
            name = f"part-{len(names):05d}"
            tables = part_tables(batch, text_rows(meta, batch))
            writer.write_part(name, input_key(corpus.fingerprint, name), tables)
            names.append(name)
            batch.clear()

        for result in iter_scores(corpus, options, progress):
            batch.append(result)
            if len(batch) >= PART_SIZE:
                flush()
        if batch or not names:
            flush()
        return writer.finish("local", names, csv)
