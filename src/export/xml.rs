//! A small layer over quick-xml's writer for the SVG and GraphML exporters:
//! elements from name + attribute list, with quick-xml doing all escaping so
//! that no label can break out of its attribute or text node.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// Attribute list: (name, value) pairs, values escaped on write.
pub type Attrs<'a> = [(&'a str, String)];

pub struct Xml<'w> {
    w: Writer<&'w mut dyn Write>,
}

impl<'w> Xml<'w> {
    /// An indented writer that starts with the XML declaration.
    pub fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut w = Writer::new_with_indent(out, b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { w })
    }

    fn start<'a>(name: &'a str, attrs: &'a Attrs<'a>) -> BytesStart<'a> {
        let mut s = BytesStart::new(name);
        s.extend_attributes(attrs.iter().map(|(k, v)| (*k, v.as_str())));
        s
    }

    pub fn open(&mut self, name: &str, attrs: &Attrs) -> io::Result<()> {
        self.w.write_event(Event::Start(Self::start(name, attrs)))
    }

    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    pub fn empty(&mut self, name: &str, attrs: &Attrs) -> io::Result<()> {
        self.w.write_event(Event::Empty(Self::start(name, attrs)))
    }

    /// `<name attrs>text</name>`.
    pub fn text(&mut self, name: &str, attrs: &Attrs, text: &str) -> io::Result<()> {
        self.w.write_event(Event::Start(Self::start(name, attrs)))?;
        self.w.write_event(Event::Text(BytesText::new(text)))?;
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Ends the document with a newline.
    pub fn finish(mut self) -> io::Result<()> {
        self.w.get_mut().write_all(b"\n")
    }
}

/// Shorthand for building attribute lists: `attrs![("x", 1.0), ("fill", c)]`
/// with any `ToString` value.
macro_rules! attrs {
    ($(($k:expr, $v:expr)),* $(,)?) => {
        [$(($k, $v.to_string())),*]
    };
}
pub(crate) use attrs;
