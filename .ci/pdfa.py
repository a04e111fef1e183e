#!/usr/bin/env python3
"""pdfa.py - a structural check of PDF/A-2b, for CI where veraPDF cannot be
installed (it is a Java application shipped neither by Debian nor by PyPI).

It is not a validator: it checks what clausier's PDFs must carry and what
LibreOffice's PDF/A export or our reproducibility rewrite could lose:
  - the XMP metadata says pdfaid:part 2, conformance B;
  - an OutputIntent GTS_PDFA1 with an ICC profile (its header read);
  - every font embedded (pdffonts);
  - no encryption, no JavaScript, no launch action;
  - a document /ID in the trailer (two strings);
  - a title (information dictionary and XMP dc:title), an author, the
    catalog's /Lang (fr-FR by default);
  - the dates of the information dictionary and of the XMP agree, when present;
  - the cross-reference table points at every object it lists (the file
    was rewritten after LibreOffice wrote it);
  - poppler opens it and finds pages.
Usage: pdfa.py [--lang fr-FR] FILE.pdf...   (exit 1 and one line per fault)
"""
import re
import subprocess
import sys
import zlib


def fault(path, msg):
    print("%s: not PDF/A-2b: %s" % (path, msg))
    return 1


def obj_body(pdf, n):
    m = re.search(rb"(?<![0-9])%d 0 obj\s*(.*?)endobj" % n, pdf, re.S)
    return m.group(1) if m else None


def check_xref(pdf):
    sx = pdf.rfind(b"startxref")
    xref = int(pdf[sx + 9:].split()[0])
    if pdf[xref:xref + 4] != b"xref":
        return "startxref does not point at the cross-reference table"
    at = xref + 4
    rows = pdf[at:pdf.find(b"trailer", at)].split(b"\n")
    n = 0
    first = 0
    for row in rows:
        parts = row.split()
        if len(parts) == 2:
            first, n = int(parts[0]), 0
            continue
        if len(parts) == 3:
            off, gen, kind = parts
            num = first + n
            n += 1
            if kind == b"n" and not re.match(rb"%d %d obj" % (num, int(gen)), pdf[int(off):int(off) + 20]):
                return "object %d is not at offset %d" % (num, int(off))
    return None


def check(path, lang):
    pdf = open(path, "rb").read()
    bad = 0
    if not pdf.startswith(b"%PDF-1."):
        return fault(path, "no PDF header")
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", pdf, re.S)
    if not xmp:
        return fault(path, "no XMP metadata")
    xmp = xmp.group(0).decode("utf-8", "replace")
    part = re.search(r"<pdfaid:part>(\d)</pdfaid:part>|pdfaid:part=\"(\d)\"", xmp)
    conf = re.search(r"<pdfaid:conformance>(\w)</pdfaid:conformance>|pdfaid:conformance=\"(\w)\"", xmp)
    if not part or (part.group(1) or part.group(2)) != "2":
        bad |= fault(path, "XMP pdfaid:part is not 2")
    if not conf or (conf.group(1) or conf.group(2)) != "B":
        bad |= fault(path, "XMP pdfaid:conformance is not B")
    if "<dc:title>" not in xmp:
        bad |= fault(path, "no dc:title in the XMP metadata")
    oi = re.search(rb"/S\s*/GTS_PDFA1.*?/DestOutputProfile\s+(\d+)\s+0\s+R|/DestOutputProfile\s+(\d+)\s+0\s+R.*?/S\s*/GTS_PDFA1", pdf, re.S)
    if not oi:
        bad |= fault(path, "no GTS_PDFA1 output intent with an ICC profile")
    else:
        n = int(oi.group(1) or oi.group(2))
        body = obj_body(pdf, n)
        s = body.find(b"stream") if body else -1
        data = body[s + 6:].lstrip(b"\r\n") if s >= 0 else b""
        try:
            icc = zlib.decompressobj().decompress(data) if b"FlateDecode" in body[:s] else data
        except zlib.error:
            icc = b""
        if icc[36:40] != b"acsp":
            bad |= fault(path, "the output intent's profile is not an ICC profile")
    trailer = pdf[pdf.rfind(b"trailer"):]
    if b"/Encrypt" in trailer:
        bad |= fault(path, "encrypted")
    if not re.search(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]", trailer):
        bad |= fault(path, "no document /ID in the trailer")
    for js in (rb"/JavaScript", rb"/JS\s*[(<]", rb"/Launch"):
        if re.search(js, pdf):
            bad |= fault(path, "an action PDF/A forbids (%s)" % js.decode())
    m = re.search(rb"/Lang\s*\(([^)]*)\)", pdf)
    if not m or m.group(1).decode() != lang:
        bad |= fault(path, "the catalog's /Lang is not %s" % lang)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True)
    if info.returncode != 0:
        return fault(path, "poppler cannot open it: " + info.stderr.strip())
    fields = dict(l.split(":", 1) for l in info.stdout.splitlines() if ":" in l)
    if not fields.get("Title", "").strip():
        bad |= fault(path, "no title")
    if not fields.get("Author", "").strip():
        bad |= fault(path, "no author")
    if int(fields.get("Pages", "0")) < 1:
        bad |= fault(path, "no page")
    if fields.get("Encrypted", "no").strip().startswith("yes"):
        bad |= fault(path, "encrypted")
    cd = re.search(rb"/CreationDate\s*\(D:(\d{14})", pdf)
    xd = re.search(r"<xmp:CreateDate>(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", xmp)
    if bool(cd) != bool(xd) or (cd and cd.group(1).decode() != "".join(xd.groups())):
        bad |= fault(path, "the creation dates of the information dictionary and of the XMP differ")
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True).stdout.splitlines()[2:]
    if not fonts:
        bad |= fault(path, "no font")
    for f in fonts:
        cols = f.split()
        # name type encoding emb sub uni id gen: emb is the 5th column from the end.
        if len(cols) >= 5 and cols[-5] != "yes":
            bad |= fault(path, "font not embedded: " + cols[0])
    err = check_xref(pdf)
    if err:
        bad |= fault(path, err)
    return bad


def main():
    args = sys.argv[1:]
    lang = "fr-FR"
    if args[:1] == ["--lang"]:
        lang, args = args[1], args[2:]
    bad = 0
    for p in args:
        bad |= check(p, lang)
    if not bad:
        print("PDF/A-2b structure: %d file(s) OK (pdfaid 2B, output intent, fonts embedded, /ID, title, author, /Lang %s, xref)" % (len(args), lang))
    return bad


if __name__ == "__main__":
    sys.exit(main())
