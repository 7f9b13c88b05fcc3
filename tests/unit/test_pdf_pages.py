"""Cutting single pages out of a merged PDF (core/pdf_pages.py), on a PDF written the way Qt writes one."""

import re

import pytest

from lianwei.core.pdf_pages import UnsupportedPdf, split_pages


def qt_like_pdf(page_texts):
    """A classic PDF: catalogue, page tree, pages sharing one font, a content stream per page, an xref table."""
    objects = {
        1: b"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
        3: b"<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n>>",
    }
    kids = []
    number = 4
    for text in page_texts:
        content = b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET"
        objects[number] = b"<<\n/Length %d\n>>\nstream\n" % len(content) + content + b"\nendstream"
        objects[number + 1] = (
            b"<<\n/Type /Page\n/Parent 2 0 R\n/MediaBox [0 0 595 842]\n/Contents %d 0 R\n"
            b"/Resources << /Font << /F1 3 0 R >> >>\n>>" % number
        )
        kids.append(number + 1)
        number += 2
    objects[2] = b"<<\n/Type /Pages\n/Kids [%s]\n/Count %d\n>>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for n in sorted(objects):
        out += b"%010d 00000 n \n" % offsets[n]
    out += b"trailer\n<<\n/Size %d\n/Root 1 0 R\n>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_each_page_alone_with_its_font_and_nothing_of_the_others():
    pages = split_pages(qt_like_pdf(["overview", "village one", "village two"]))
    assert len(pages) == 3
    one = pages[1]
    assert b"(village one)" in one and b"(overview)" not in one and b"(village two)" not in one
    assert b"/BaseFont /Helvetica" in one  # the shared font comes along
    assert re.search(rb"/Count 1", one)
    # every object the xref names starts where it says
    xref_at = int(one[one.rfind(b"startxref") + 9 :].split()[0])
    entries = re.findall(rb"(\d+) 1\n(\d{10}) 00000 n", one[xref_at:])
    for number, offset in entries:
        assert one[int(offset) :].startswith(number + b" 0 obj")


def test_a_pdf_with_a_cross_reference_stream_is_refused():
    with pytest.raises(UnsupportedPdf):
        split_pages(b"%PDF-1.5\n1 0 obj\n<< /Type /XRef >>\nendobj\nstartxref\n9\n%%EOF\n")


def test_single_pages_merge_back_into_one_pdf_in_order():
    from lianwei.core.pdf_pages import merge_pages

    singles = [qt_like_pdf([text]) for text in ("overview", "village one", "village two")]
    merged = merge_pages(singles)
    assert re.search(rb"/Count 3", merged)
    again = split_pages(merged)  # the merged file is a well-formed classic PDF: it splits into the same pages
    assert [re.search(rb"\((.*?)\) Tj", page).group(1) for page in again] == [
        b"overview",
        b"village one",
        b"village two",
    ]
    xref_at = int(merged[merged.rfind(b"startxref") + 9 :].split()[0])
    entries = re.findall(rb"(\d+) 1\n(\d{10}) 00000 n", merged[xref_at:])
    assert len(entries) == len(set(entries)) and len(entries) == 3 * 3 + 2  # font, content, page each; tree, catalogue
    for number, offset in entries:
        assert merged[int(offset) :].startswith(number + b" 0 obj")
    for page in again:
        assert b"/BaseFont /Helvetica" in page  # each page keeps its own font
