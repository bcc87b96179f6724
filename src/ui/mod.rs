//! Drawing: one widget per component, each borrowing that component's state and drawing it into
//! the area the component laid itself out for. Nothing here changes state, reads files or wraps
//! text the app has not already laid out.

mod article;
pub mod color;
mod detail;
mod help;
mod legend;
mod overview;
mod picker;
mod replies;
mod status;
mod style;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Paragraph, Wrap};

pub use article::ArticleWidget;
pub use color::ColorDepth;
pub use detail::DetailWidget;
pub use help::HelpWidget;
pub use legend::LegendWidget;
pub use overview::OverviewWidget;
pub use picker::PickerWidget;
pub use replies::ReplyListWidget;
pub use status::StatusWidget;
pub use style::Look;

use crate::app::{App, Overlay};

/// Draws the whole screen for the app's current state, in colours the terminal shows.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_panes(frame, app);
    // A theme's colour for dim text, where the terminal's dim is faint or missing.
    if let Some(c) = app.theme().ui.dim.filter(|_| app.theme().color) {
        for cell in &mut frame.buffer_mut().content {
            if cell.modifier.contains(ratatui::style::Modifier::DIM)
                && cell.fg == ratatui::style::Color::Reset
            {
                cell.modifier.remove(ratatui::style::Modifier::DIM);
                cell.fg = c;
            }
        }
    }
    color::adapt_buffer(frame.buffer_mut(), app.theme().depth);
}

fn draw_panes(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let screen = app.screen();
    if screen.too_small || area != screen.area {
        // A frame drawn before the app has heard of a resize draws nothing out of bounds.
        if screen.too_small {
            frame.render_widget(
                Paragraph::new("terminal too small")
                    .alignment(Alignment::Center)
                    .wrap(Wrap { trim: true }),
                area,
            );
        }
        return;
    }
    if screen.overview_full {
        frame.render_widget(OverviewWidget::new(app), screen.overview);
    } else {
        frame.render_widget(ArticleWidget::new(app), screen.article);
        frame.render_widget(ReplyListWidget::new(app), screen.replies);
        frame.render_widget(DetailWidget::new(app), screen.detail);
        frame.render_widget(OverviewWidget::new(app), screen.overview);
    }
    frame.render_widget(LegendWidget::new(app), screen.legend);
    let status = StatusWidget::new(app);
    if let Some(at) = status.cursor(screen.status) {
        frame.set_cursor_position(at);
    }
    frame.render_widget(status, screen.status);
    let look = Look::of(app);
    match app.overlay() {
        Some(Overlay::Help(help)) => frame.render_widget(HelpWidget { help, look }, area),
        Some(Overlay::TonePicker(picker)) => frame.render_widget(
            PickerWidget {
                picker,
                doc: app.doc(),
                look,
                keys: app.keys(),
            },
            area,
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests;
