//! Inline SVG charts: horizontal bars (counts by severity, category, rule) and columns (findings
//! over time). Each chart is an image for assistive technology (`role="img"`, a `<title>` and a
//! `<desc>` listing every value), and every bar is labelled in text with its name and count, so
//! nothing is told by colour alone.

use std::fmt::Write as _;

use super::escape::html;

/// One bar: a label, a count, a CSS class for its fill, and where clicking it leads.
pub struct Bar {
    pub label: String,
    pub value: usize,
    pub class: String,
    pub href: Option<String>,
}

const WIDTH: usize = 600;
const LABEL_W: usize = 236;
const COUNT_W: usize = 56;
const ROW: usize = 26;
const MAX_LABEL: usize = 34;

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

fn desc(bars: &[Bar]) -> String {
    bars.iter()
        .map(|b| format!("{}: {}", b.label, b.value))
        .collect::<Vec<_>>()
        .join("; ")
}

fn open(out: &mut String, id: &str, title: &str, bars: &[Bar], w: usize, h: usize) {
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        html(title),
        html(&desc(bars)),
    );
}

/// Horizontal bars, one row per entry, in the order given.
pub fn bars(out: &mut String, id: &str, title: &str, bars: &[Bar]) {
    if bars.is_empty() {
        out.push_str("<p class=\"none\">None.</p>");
        return;
    }
    let h = bars.len() * ROW + 4;
    open(out, id, title, bars, WIDTH, h);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(1).max(1);
    let span = WIDTH - LABEL_W - COUNT_W;
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 2;
        let w = if b.value == 0 {
            0
        } else {
            (b.value * span / max).max(2)
        };
        let row = format!(
            "<g class=\"row\"><title>{}: {}</title>\
             <text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect class=\"track\" x=\"{LABEL_W}\" y=\"{}\" width=\"{span}\" height=\"{}\" rx=\"3\"/>\
             <rect class=\"bar {}\" x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"3\"/>\
             <text class=\"count\" x=\"{}\" y=\"{}\">{}</text></g>",
            html(&b.label),
            b.value,
            LABEL_W - 8,
            y + ROW / 2 + 2,
            html(&short(&b.label)),
            y + 4,
            ROW - 10,
            html(&b.class),
            y + 4,
            ROW - 10,
            LABEL_W + w + 6,
            y + ROW / 2 + 2,
            b.value,
        );
        match &b.href {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\">{row}</a>", html(href));
            }
            None => out.push_str(&row),
        }
    }
    out.push_str("</svg>");
}

/// Vertical columns in order (a time series): every column has a hover title with its label
/// and count; labels are written under the axis, thinned out when there are many.
pub fn columns(out: &mut String, id: &str, title: &str, bars: &[Bar]) {
    if bars.is_empty() {
        out.push_str("<p class=\"none\">None.</p>");
        return;
    }
    let (left, top, bottom) = (44usize, 16usize, 40usize);
    let plot_h = 150usize;
    let h = top + plot_h + bottom;
    let n = bars.len();
    let slot = ((WIDTH - left - 8) as f64 / n as f64).max(1.0);
    let bar_w = (slot * 0.72).max(1.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(1).max(1);
    open(out, id, title, bars, WIDTH, h);
    // Gridlines at 0, half and max, labelled.
    for frac in [0usize, 1, 2] {
        let v = max * frac / 2;
        let y = top + plot_h - plot_h * frac / 2;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{WIDTH}\" y1=\"{y}\" y2=\"{y}\"/>\
             <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{v}</text>",
            left - 6,
            y + 4
        );
    }
    let every = n.div_ceil(12).max(1);
    for (i, b) in bars.iter().enumerate() {
        let x = left as f64 + i as f64 * slot + (slot - bar_w) / 2.0;
        let bh = b.value * plot_h / max;
        let y = top + plot_h - bh;
        let _ = write!(
            out,
            "<g class=\"col\"><title>{}: {}</title>\
             <rect class=\"bar {}\" x=\"{x:.1}\" y=\"{y}\" width=\"{bar_w:.1}\" height=\"{bh}\" rx=\"2\"/>",
            html(&b.label),
            b.value,
            html(&b.class),
        );
        if n <= 24 && b.value > 0 {
            let _ = write!(
                out,
                "<text class=\"count\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + bar_w / 2.0,
                y.saturating_sub(3),
                b.value
            );
        }
        if i % every == 0 {
            let _ = write!(
                out,
                "<text class=\"axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + bar_w / 2.0,
                top + plot_h + 16,
                html(&b.label)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: usize) -> Bar {
        Bar {
            label: label.into(),
            value,
            class: "c".into(),
            href: None,
        }
    }

    #[test]
    fn bars_are_labelled_and_accessible() {
        let mut out = String::new();
        bars(&mut out, "x", "By <rule>", &[bar("a<b", 3), bar("c", 1)]);
        assert!(out.starts_with("<svg class=\"chart\" id=\"x\" role=\"img\""));
        assert!(out.contains("<title id=\"x-t\">By &lt;rule&gt;</title>"));
        assert!(out.contains("<desc id=\"x-d\">a&lt;b: 3; c: 1</desc>"));
        assert!(out.contains(">a&lt;b</text>"));
        assert_eq!(out.matches("class=\"count\"").count(), 2);
        assert!(!out.contains("<b"));
    }

    #[test]
    fn empty_charts_say_none() {
        let mut out = String::new();
        columns(&mut out, "t", "Over time", &[]);
        assert_eq!(out, "<p class=\"none\">None.</p>");
    }

    #[test]
    fn columns_label_every_period_when_few() {
        let mut out = String::new();
        let data: Vec<Bar> = (1..=3).map(|m| bar(&format!("2024-0{m}"), m)).collect();
        columns(&mut out, "t", "Over time", &data);
        for m in 1..=3 {
            assert!(out.contains(&format!(">2024-0{m}</text>")));
        }
    }
}
