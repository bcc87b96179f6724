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
    /// The selected post in full; zero-sized when there is no room for it.
    pub detail: Rect,
    pub legend: Rect,
    pub status: Rect,
}

impl ScreenLayout {
    pub fn new(area: Rect) -> Self {
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
        ScreenLayout {
            area,
            too_small: false,
            article,
            replies,
            detail,
            legend,
            status,
        }
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
                let l = ScreenLayout::new(area);
                for r in [l.article, l.replies, l.detail, l.legend, l.status] {
                    assert!(area.union(r) == area || r.area() == 0, "{w}x{h}: {r:?}");
                }
                assert_eq!(l.too_small, w < MIN_WIDTH || h < MIN_HEIGHT);
            }
        }
    }
}
