#!/usr/bin/env python3
"""docxtpl rendering a template of the seed's size: one loop over the
seed's paragraphs. Usage: docxtpl_render.py TEMPLATE.docx SEED.md OUT.docx"""
import sys
from docxtpl import DocxTemplate

tpl, seed, out = sys.argv[1:4]
paras = [p.strip() for p in open(seed, encoding="utf-8").read().split("\n\n") if p.strip()]
doc = DocxTemplate(tpl)
doc.render({"paragraphs": paras, "titre": "CONVENTION DE COOPÉRATION"})
doc.save(out)
