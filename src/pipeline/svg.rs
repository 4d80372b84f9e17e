//! Chart geometry for SVG drawn by the templates (attributes only: the CSP forbids styles).

use serde::Serialize;

/// A dot of a scatter chart, in pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dot {
    pub cx: f64,
    pub cy: f64,
    pub label: String,
    pub href: String,
    pub class: String,
}

/// Plot area of the charts: a square with a margin for axis labels.
pub const SIZE: f64 = 400.0;
pub const MARGIN: f64 = 40.0;

/// Maps `x` and `y` (0 to `max`) into the plot area (y grows upwards).
pub fn dot(x: f64, y: f64, max: f64, label: String, href: String, class: String) -> Dot {
    let scale = |v: f64| (v.clamp(0.0, max) / max) * SIZE;
    Dot {
        cx: ((MARGIN + scale(x)) * 10.0).round() / 10.0,
        cy: ((MARGIN + SIZE - scale(y)) * 10.0).round() / 10.0,
        label,
        href,
        class,
    }
}

/// A horizontal bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub y: f64,
    pub width: f64,
    pub label: String,
    pub value: String,
}

/// Bar height and gap, in pixels; bars are at most `BAR_MAX` wide (100 %).
pub const BAR_STEP: f64 = 28.0;
pub const BAR_MAX: f64 = 300.0;

/// Bars for percentages (0-100).
pub fn bars(items: &[(String, f64, String)]) -> Vec<Bar> {
    items
        .iter()
        .enumerate()
        .map(|(i, (label, percent, value))| Bar {
            y: i as f64 * BAR_STEP,
            width: (percent.clamp(0.0, 100.0) / 100.0 * BAR_MAX * 10.0).round() / 10.0,
            label: label.clone(),
            value: value.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry() {
        let d = dot(50.0, 25.0, 100.0, "a".into(), "/".into(), String::new());
        assert_eq!((d.cx, d.cy), (240.0, 340.0));
        let d = dot(0.0, 100.0, 100.0, "a".into(), "/".into(), String::new());
        assert_eq!((d.cx, d.cy), (40.0, 40.0));
        let b = bars(&[
            ("x".into(), 50.0, "1/2".into()),
            ("y".into(), 150.0, String::new()),
        ]);
        assert_eq!((b[0].y, b[0].width), (0.0, 150.0));
        assert_eq!((b[1].y, b[1].width), (28.0, 300.0));
    }
}
