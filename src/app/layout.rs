//! Where each pane sits for a given terminal size. Each component lays its own pane out inside
//! the rect it is given here.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the panes cannot show anything useful; a short message is drawn instead.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 8;
/// At this width and above the article and the replies sit side by side; below it, stacked.
const SIDE_BY_SIDE_WIDTH: u16 = 70;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    pub area: Rect,
    pub too_small: bool,
    /// Outer rects, borders included.
    pub article: Rect,
    pub replies: Rect,
    /// The selected post in full; zero-sized when there is no room for it (or the overview
    /// has its place).
    pub detail: Rect,
    /// The overview, when open: the detail pane's place, made half the replies column; or the
    /// whole screen above the legend when there is no detail pane (`overview_full`).
    pub overview: Rect,
    pub overview_full: bool,
    pub legend: Rect,
    pub status: Rect,
}

impl ScreenLayout {
    pub fn new(area: Rect) -> Self {
        ScreenLayout::with_overview(area, false)
    }

    /// The layout with the overview open or not.
    pub fn with_overview(area: Rect, overview: bool) -> Self {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return ScreenLayout {
                area,
                too_small: true,
                ..Default::default()
            };
        }
        let [main, legend, status] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let (article, side) = if area.width >= SIDE_BY_SIDE_WIDTH {
            let [a, s] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(main);
            (a, s)
        } else {
            let [a, s] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(main);
            (a, s)
        };
        // The detail pane takes a third of the replies column when that leaves room for both.
        let detail_height = if side.height >= 16 {
            (side.height / 3).min(12)
        } else {
            0
        };
        let [replies, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(side);
        let mut layout = ScreenLayout {
            area,
            too_small: false,
            article,
            replies,
            detail,
            overview: Rect::default(),
            overview_full: false,
            legend,
            status,
        };
        if overview {
            if detail_height > 0 && area.width >= SIDE_BY_SIDE_WIDTH {
                let [r, o] =
                    Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(side);
                layout.replies = r;
                layout.overview = o;
            } else {
                layout.overview = main;
                layout.overview_full = true;
            }
            layout.detail = Rect::default();
        }
        layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_lays_out_inside_the_area() {
        for w in 0..130 {
            for h in 0..45 {
                let area = Rect::new(0, 0, w, h);
                for open in [false, true] {
                    let l = ScreenLayout::with_overview(area, open);
                    for r in [
                        l.article, l.replies, l.detail, l.overview, l.legend, l.status,
                    ] {
                        assert!(area.union(r) == area || r.area() == 0, "{w}x{h}: {r:?}");
                    }
                    assert_eq!(l.too_small, w < MIN_WIDTH || h < MIN_HEIGHT);
                    if open && !l.too_small {
                        assert!(l.overview.area() > 0, "{w}x{h}");
                        assert_eq!(l.detail.area(), 0);
                        if !l.overview_full {
                            assert!(!l.overview.intersects(l.replies), "{w}x{h}");
                        }
                    }
                }
            }
        }
    }
}
