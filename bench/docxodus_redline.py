#!/usr/bin/env python3
"""One comparison with Docxodus (WmlComparer) through python-redlines.
Usage: docxodus_redline.py OLD.docx NEW.docx OUT.docx"""
import sys
from python_redlines import DocxodusEngine

old, new, out = sys.argv[1:4]
result = DocxodusEngine().run_redline("bench", open(old, "rb").read(), open(new, "rb").read())
open(out, "wb").write(result[0])
