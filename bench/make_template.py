#!/usr/bin/env python3
"""Makes the docxtpl template: a title and a loop over paragraphs."""
import sys
from docx import Document

d = Document()
d.add_heading("{{ titre }}", 0)
d.add_paragraph("{%p for p in paragraphs %}")
d.add_paragraph("{{ p }}")
d.add_paragraph("{%p endfor %}")
d.save(sys.argv[1])
