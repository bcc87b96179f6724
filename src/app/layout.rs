//! Where each pane sits for a given terminal size. Shared by `App` (scrolling, mouse hits) and
//! `ui` (drawing), so both always agree.

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

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Whether the replies pane is wide enough for the tone minimap beside the list.
fn has_minimap(r: Rect) -> bool {
    inner(r).width >= 12
}

/// The replies list inside its pane: the inside less the minimap column.
pub fn reply_list(r: Rect) -> Rect {
    let i = inner(r);
    if has_minimap(r) {
        Rect {
            width: i.width - 1,
            ..i
        }
    } else {
        i
    }
}

/// The one-column tone strip at the replies pane's right edge, inside the border.
pub fn minimap(r: Rect) -> Rect {
    let i = inner(r);
    if has_minimap(r) {
        Rect {
            x: i.right() - 1,
            width: 1,
            ..i
        }
    } else {
        Rect { width: 0, ..i }
    }
}

/// The text area of the article pane: inside the border, with a column of padding either side.
pub fn article_text(r: Rect) -> Rect {
    let i = inner(r);
    Rect {
        x: i.x.saturating_add(1),
        width: i.width.saturating_sub(2),
        ..i
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
