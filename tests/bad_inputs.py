"""A seeded folder of bad, hostile and awkward inputs beside good ones, for batch-reliability tests.

    python -m tests.bad_inputs --seed 1 --count 1100 --out DIR [--heavy]

Every class of input that has broken a batch: truncated and byte-flipped PDFs, Word and Excel
files; random bytes; empty files; zero-page, encrypted, broken-xref and HTML-saved-as PDFs;
password-protected and XML-bomb Word files; text in every encoding (good: they must be stored),
binary in text, long lines and cells; cells that made a regex backtrack without end (each a plan that
would have taken minutes or hours to read); hostile names (undecodable bytes, Rich markup, newlines,
escape codes); FIFOs, symbolic-link loops, dangling links, links out of the folder, a folder named
x.pdf. ``--heavy`` adds the costly ones (a million tabs, 10,000 blank pages, 50 MB of text, a
14400 pt page, a 1 GB-inflating package, a 200 MB flate stream, a 2.4 MB cell).

The manifest (``manifest.json``) maps each file's name (as ``os.fsencode`` bytes, hex) to its class;
a class ending in ``good`` is a plan that must be stored.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen import canvas

from tests.support import RAW, encrypted, saved

ROOT = Path(__file__).parent
GENERATED = ROOT / "generated" / "seed-201"  # committed generated plans of every format: the damaged files' seeds
NAMES = [b"[/x] closing tag.txt", b"[red]x.txt", b"new\nline.txt", b"esc\x1b[31mred.txt", b"bad \xff\xfe bytes.txt",
         b"tab\there.txt", b"-starts-with-dash.txt", b"spaces   .txt", "r\u202etl.txt".encode(), b"x" * 200 + b".txt"]
# (where it goes, text): each once made a pattern backtrack, exponentially in its words or quadratically in its
# length, for minutes (the web page and workbook below likewise: 14 s and 35 s)
BACKTRACKING = [
    ("rag", "red " * 40 + "x"),  # status words, each space readable two ways
    ("title", "SOUTHAMPTON " + "ON " * 40 + "PLAN"),  # ON as a word and as "upon/on" in a council name
    ("title", "Aaa " * 8000 + "x"),  # a run of capitalised words tried from each word
]
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig", "cp1252", "latin-1"]


def raw_pdf(pages: list[bytes], size: tuple[float, float] = (595, 842), extra: bytes = b"") -> bytes:
    """A minimal valid PDF with these page content streams (offsets and xref computed)."""
    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)) + b"] /Count %d >>" % n]
    for i, content in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R %s>>"
                       % (size[0], size[1], 4 + 2 * i, extra))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _flate_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(packer.compress(chunk) for _ in range(inflated >> 20)) + packer.flush()
    pdf = raw_pdf([b"BT ET"])
    return pdf.replace(b"<< /Length 5 >>\nstream\nBT ET", b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body)
                       + body)


def _zip_bomb(inflated: int) -> bytes:
    """A .docx whose document part inflates to ``inflated`` bytes, its header stating the true size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            chunk = b"<w:p/>" * (1 << 17)
            for _ in range(inflated // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def _docx_part(docx: bytes, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt="secret")
    page.drawString(72, 720, "Recommendation 1: improve supervision")
    page.save()
    return out.getvalue()


class Maker:
    """Makes one file of each class from the seeds."""

    def __init__(self, rng: random.Random, scans: bool = True) -> None:
        self.rng = rng
        self.texts = sorted(RAW.glob("*.txt"))
        self.seeds: dict[str, list[bytes]] = {p.suffix: [] for p in GENERATED.iterdir()}
        for path in sorted(GENERATED.iterdir()):
            if not path.name.endswith(".gold.json") and (scans or not path.name.startswith("scan-")):
                self.seeds[path.suffix].append(path.read_bytes())

    def seed(self, *suffixes: str) -> tuple[str, bytes]:
        suffix = self.rng.choice(suffixes)
        return suffix, self.rng.choice(self.seeds[suffix])

    def text(self) -> str:
        return self.rng.choice(self.texts).read_text(encoding="utf-8")

    # one method per class: (suffix, bytes)
    def good(self) -> tuple[str, bytes]:
        return ".txt", self.rng.choice(self.texts).read_bytes()

    def encoding_good(self) -> tuple[str, bytes]:
        return ".txt", self.text().encode(self.rng.choice(ENCODINGS), "replace")

    def truncated(self) -> tuple[str, bytes]:
        suffix, data = self.seed(".pdf", ".docx", ".xlsx", ".txt", ".md")
        return suffix, data[: self.rng.randrange(1, max(2, len(data)))]

    def flipped(self) -> tuple[str, bytes]:
        suffix, data = self.seed(".pdf", ".docx", ".xlsx", ".pdf", ".docx")
        out = bytearray(data)
        for _ in range(self.rng.choice((1, 4, 32, 256))):
            out[self.rng.randrange(len(out))] = self.rng.randrange(256)
        return suffix, bytes(out)

    def random_bytes(self) -> tuple[str, bytes]:
        return self.rng.choice((".pdf", ".docx", ".txt", ".md", ".csv")), self.rng.randbytes(self.rng.choice((1, 100, 5000, 200_000)))

    def empty(self) -> tuple[str, bytes]:
        return self.rng.choice((".pdf", ".docx", ".txt")), self.rng.choice((b"", b" \n\t\n", b"\x00"))

    def zero_page_pdf(self) -> tuple[str, bytes]:
        return ".pdf", raw_pdf([])

    def encrypted_pdf(self) -> tuple[str, bytes]:
        return ".pdf", _encrypted_pdf()

    def broken_xref(self) -> tuple[str, bytes]:
        _, data = self.seed(".pdf")
        start = data.rfind(b"startxref")
        return ".pdf", data[:start] + b"startxref\n999999999\n%%EOF\n" if start > 0 else data[:-100]

    def html_as_pdf(self) -> tuple[str, bytes]:
        return ".pdf", self.rng.choice(self.seeds[".html"])

    def password_docx(self) -> tuple[str, bytes]:
        return ".docx", encrypted(self.seed(".docx")[1])

    def xml_bomb_docx(self) -> tuple[str, bytes]:
        letters = "abcdefghi"
        laughs = ('<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {letters[i + 1]} "{("&" + letters[i] + ";") * 10}">' for i in range(8)) + "]>").encode()
        xxe = b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        body = self.rng.choice((laughs, xxe)) + b'<w:document xmlns:w="http://schemas.openxmlformats.org/' \
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&i;&x;</w:t></w:r></w:p></w:body></w:document>'
        return ".docx", _docx_part(self.seed(".docx")[1], body)

    def binary_in_text(self) -> tuple[str, bytes]:
        data = self.text().encode()
        at = self.rng.randrange(len(data))
        return ".txt", data[:at] + self.rng.randbytes(self.rng.choice((8, 600, 5000))) + data[at:]

    def long_line(self) -> tuple[str, bytes]:
        filler = self.rng.choice(("\t", " ", "|", "-", "a", "# ", "* "))
        return self.rng.choice((".txt", ".md")), (self.text()[:2000] + filler * 100_000 + "\n").encode()

    def long_cell(self) -> tuple[str, bytes]:
        return ".txt", ("Recommendation\tAction\tLead\n1\t" + "word " * 40_000 + "\tDirector\n").encode()

    def backtracking(self) -> tuple[str, bytes]:
        """A plan with one cell or line that made a pattern backtrack; or a web page, workbook with the same."""
        where, hostile = self.rng.choice(BACKTRACKING + [("html", ""), ("xlsx", "")])
        row = {"rec": "1", "action": "Improve supervision", "lead": "Head of Service", "deadline": "March 2024",
               "rag": "Red"}
        if where == "html":  # a cell of 20,000 line breaks (clause ends), CSS with no braces, unclosed colour calls
            return ".html", ("<html><head><style>" + "a" * 40000 + "</style></head><body><table><tr><th>Action</th>"
                             "<th>Lead</th><th>RAG</th></tr><tr><td>Improve supervision" + "<br>" * 20000 + "x</td>"
                             f"<td style=\"background: {'a(' * 20000}\">Head of Service</td><td>Red</td></tr>"
                             "</table></body></html>").encode()
        if where == "xlsx":  # number formats with 40,000 unclosed brackets
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.append(["Recommendation", "Action", "Lead", "Deadline", "RAG"])
            for n in range(1, 31):
                sheet.append([n, "Improve supervision", "Head of Service", 45000 + n, "Red"])
                sheet.cell(n + 1, 4).number_format = "[" * 40000
            return ".xlsx", saved(book)
        if where in row:
            row[where] = hostile
        above = hostile + "\n\n" if where in ("title", "above") else ""
        table = "Recommendation\tAction\tLead\tDeadline\tRAG\n" + "\t".join(row.values()) + "\n" + \
            "2\tAudit case files monthly\tPrincipal Social Worker\tJune 2024\tGreen\n"
        return ".txt", (above + table).encode()

    def ole_legacy(self) -> tuple[str, bytes]:
        return self.rng.choice((".docx", ".pdf")), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + self.rng.randbytes(4000)


CLASSES: dict[str, Callable[[Maker], tuple[str, bytes]]] = {
    name: getattr(Maker, name) for name in vars(Maker) if not name.startswith("_") and name not in ("seed", "text")
}
HEAVY: dict[str, Callable[[], tuple[str, bytes]]] = {
    "heavy_tabs": lambda: (".txt", b"Action\tLead\n" + b"\t" * 1_000_000 + b"\n"),
    "heavy_blank_pages": lambda: (".pdf", raw_pdf([b""] * 10_000)),
    "heavy_text_50mb": lambda: (".txt", b"Action\tLead\tRAG\n" + b"Improve supervision\tHead of Service\tRed\n" * 1_250_000),
    "heavy_giant_page": lambda: (".pdf", raw_pdf([b"0 0 m 14400 14400 l S"], size=(14400, 14400))),
    "heavy_zip_bomb": lambda: (".docx", _zip_bomb(1 << 30)),
    "heavy_flate_bomb": lambda: (".pdf", _flate_pdf(200 << 20)),
    "heavy_cell": lambda: (".txt", b"Recommendation\tAction\tLead\n1\t" + b"supervision " * 200_000 + b"\tDirector\n"),
}


def _special(folder: Path, outside: Path, rng: random.Random, n: int) -> tuple[bytes, str]:
    """A path that is no regular file: a FIFO, a loop, a dangling link, a link out of the folder, a folder."""
    kind = rng.choice(("fifo", "loop", "dangling", "link_out", "dir_as_pdf"))
    name = f"{n:04d}-{kind}".encode()
    path = folder / os.fsdecode(name + (b".pdf" if kind == "dir_as_pdf" else b".txt"))
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        other = folder / f"{n:04d}-loop-other.lnk"
        os.symlink(other.name, path)
        os.symlink(path.name, other)
    elif kind == "dangling":
        os.symlink(f"{n:04d}-nothing-here", path)
    elif kind == "link_out":
        target = outside / f"{n:04d}-outside.txt"
        target.write_bytes(RAW.joinpath(sorted(p.name for p in RAW.glob("*.txt"))[0]).read_bytes())
        os.symlink(target, path)
    else:
        path.mkdir()
    return os.fsencode(path.name), kind


def generate(out: Path, seed: int, count: int, heavy: bool = False, scans: bool = True) -> dict[bytes, str]:
    """``count`` files (and FIFOs, links, folders) in ``out/inputs`` by class; the manifest is also written.

    ``scans``: damage scanned PDFs too (a repaired scan is OCR'd: slow, but it is a real case)."""
    rng = random.Random(seed)
    maker = Maker(rng, scans)
    folder, outside = out / "inputs", out / "outside"
    folder.mkdir(parents=True)
    outside.mkdir()
    manifest: dict[bytes, str] = {}
    classes = sorted(CLASSES)
    for n in range(count):
        if n % 25 == 24:
            name, kind = _special(folder, outside, rng, n)
        else:
            kind = classes[n % len(classes)]
            suffix, data = CLASSES[kind](maker)
            name = b"%04d-%s-" % (n, kind.encode()) + (rng.choice(NAMES) if n % 7 == 0 else b"file" + suffix.encode())
            if not name.endswith(suffix.encode()):
                name += suffix.encode()
            (folder / os.fsdecode(name)).parent.mkdir(exist_ok=True)  # "[/x]": a folder "...[" holding "x]..."
            (folder / os.fsdecode(name)).write_bytes(data)
        manifest[name] = kind
    if heavy:
        for kind, make in HEAVY.items():
            suffix, data = make()
            name = f"{kind}{suffix}".encode()
            (folder / os.fsdecode(name)).write_bytes(data)
            manifest[name] = kind
    (out / "manifest.json").write_text(json.dumps({name.hex(): kind for name, kind in manifest.items()}, indent=1))
    return manifest


def expected_lines(manifest: dict[bytes, str]) -> int:
    """Result lines an ingest of the folder prints: one per file, none for a link out of it or a folder's contents."""
    return sum(kind not in ("link_out", "dir_as_pdf") for kind in manifest.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--heavy", action="store_true")
    args = parser.parse_args()
    manifest = generate(args.out, args.seed, args.count, args.heavy)
    print(f"{len(manifest)} inputs in {args.out / 'inputs'}")


if __name__ == "__main__":
    main()
