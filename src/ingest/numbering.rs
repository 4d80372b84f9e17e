//! Word's automatic numbering: turns a paragraph's list reference into the label Word shows
//! ("5.2.1", "a)", "IV."), so auto-numbered articles keep their numbers in the text.

use std::collections::HashMap;

use super::xml::{XmlEvent, attr, walk};
use super::{ExtractError, Limits};

#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    levels: HashMap<(String, usize), Level>,
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    pub fn parse(xml: &[u8], limits: &Limits) -> Result<Numbering, ExtractError> {
        let mut n = Numbering::default();
        let (mut abs, mut lvl, mut num): (Option<String>, usize, Option<String>) = (None, 0, None);
        let mut current = Level {
            format: "decimal".into(),
            text: String::new(),
            start: 1,
        };
        walk(xml, "numbering", limits.max_xml_depth, |e| match e {
            XmlEvent::Start {
                name: "abstractNum",
                attrs,
            } => abs = attr(attrs, "abstractNumId").map(str::to_string),
            XmlEvent::Start { name: "lvl", attrs } => {
                lvl = attr(attrs, "ilvl")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
                    .min(8);
                current = Level {
                    format: "decimal".into(),
                    text: String::new(),
                    start: 1,
                };
            }
            XmlEvent::Start {
                name: "numFmt",
                attrs,
            } => current.format = attr(attrs, "val").unwrap_or("decimal").to_string(),
            XmlEvent::Start {
                name: "lvlText",
                attrs,
            } => current.text = attr(attrs, "val").unwrap_or("").to_string(),
            XmlEvent::Start {
                name: "start",
                attrs,
            } => current.start = attr(attrs, "val").and_then(|v| v.parse().ok()).unwrap_or(1),
            XmlEvent::End { name: "lvl" } => {
                if let Some(a) = &abs {
                    n.levels.insert((a.clone(), lvl), current.clone());
                }
            }
            XmlEvent::Start { name: "num", attrs } => {
                num = attr(attrs, "numId").map(str::to_string)
            }
            XmlEvent::Start {
                name: "abstractNumId",
                attrs,
            } => {
                if let (Some(id), Some(a)) = (&num, attr(attrs, "val")) {
                    n.nums.insert(id.clone(), a.to_string());
                }
            }
            XmlEvent::End {
                name: "abstractNum",
            } => abs = None,
            XmlEvent::End { name: "num" } => num = None,
            _ => {}
        })?;
        Ok(n)
    }

    /// Advances the counter of `num_id` at `level` and gives the label Word shows; None for a
    /// bullet, an unknown list, or a level shown without number.
    pub fn next_label(&mut self, num_id: &str, level: usize) -> Option<String> {
        let level = level.min(8);
        let abs = self.nums.get(num_id)?.clone();
        let def = self.levels.get(&(abs.clone(), level))?.clone();
        if matches!(def.format.as_str(), "bullet" | "none") {
            return None;
        }
        let starts: Vec<u32> = (0..9)
            .map(|l| self.levels.get(&(abs.clone(), l)).map_or(1, |d| d.start))
            .collect();
        let counters = self.counters.entry(abs.clone()).or_insert([0; 9]);
        let slot = counters.get_mut(level)?;
        *slot = if *slot == 0 {
            def.start
        } else {
            slot.saturating_add(1)
        };
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = 0;
        }
        let snapshot = *counters;
        let mut label = def.text.clone();
        for l in (0..=level).rev() {
            let value = snapshot
                .get(l)
                .copied()
                .filter(|v| *v > 0)
                .unwrap_or(starts.get(l).copied().unwrap_or(1));
            let format = self
                .levels
                .get(&(abs.clone(), l))
                .map_or("decimal", |d| d.format.as_str());
            label = label.replace(&format!("%{}", l + 1), &format_counter(value, format));
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

fn format_counter(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n),
        "lowerLetter" => letter(n).to_lowercase(),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, sym) in TABLE {
        while n >= value && out.len() < 40 {
            out.push_str(sym);
            n -= value;
        }
    }
    out
}

fn letter(n: u32) -> String {
    let n = n.max(1);
    let ch = char::from(b'A' + ((n - 1) % 26) as u8);
    ch.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="ARTICLE %1 -"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    #[test]
    fn labels_follow_word_counters() -> Result<(), ExtractError> {
        let mut n = Numbering::parse(XML.as_bytes(), &Limits::default())?;
        assert_eq!(n.next_label("5", 0).as_deref(), Some("ARTICLE 1 -"));
        assert_eq!(n.next_label("5", 1).as_deref(), Some("1.1"));
        assert_eq!(n.next_label("5", 1).as_deref(), Some("1.2"));
        assert_eq!(n.next_label("5", 2).as_deref(), Some("a)"));
        assert_eq!(n.next_label("5", 2).as_deref(), Some("b)"));
        assert_eq!(n.next_label("5", 0).as_deref(), Some("ARTICLE 2 -"));
        assert_eq!(
            n.next_label("5", 1).as_deref(),
            Some("2.1"),
            "deeper levels restart"
        );
        assert_eq!(n.next_label("6", 0), None, "bullets have no label");
        assert_eq!(n.next_label("99", 0), None);
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(28), "BB");
        Ok(())
    }
}
