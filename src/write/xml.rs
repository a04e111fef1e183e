//! A small XML text builder over quick-xml's escaping. WordprocessingML is
//! order-sensitive (the SDK validator checks child order), so the writers
//! emit elements explicitly, in schema order, rather than through a DOM.

use quick_xml::escape::escape;

#[derive(Default)]
pub(crate) struct Xml {
    pub(crate) buf: String,
}

/// XML 1.0 forbids most control characters even escaped; they are dropped.
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !s.contains(['\u{FFFE}', '\u{FFFF}']) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(
            s.chars()
                .filter(|c| {
                    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
                })
                .collect(),
        )
    }
}

impl Xml {
    pub(crate) fn new() -> Xml {
        Xml { buf: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") }
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            self.buf.push_str(&escape(clean(v).as_ref()));
            self.buf.push('"');
        }
    }

    pub(crate) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.attrs(attrs);
        self.buf.push('>');
        self
    }

    pub(crate) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.attrs(attrs);
        self.buf.push_str("/>");
        self
    }

    pub(crate) fn close(&mut self, tag: &str) -> &mut Self {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push('>');
        self
    }

    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        self.buf.push_str(&escape(clean(s).as_ref()));
        self
    }

    /// `<tag>text</tag>`.
    pub(crate) fn elem(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// Appends already-built XML.
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.buf.push_str(s);
        self
    }
}
