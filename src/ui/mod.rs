//! Drawing: pure functions of `&App` that put widgets in a frame. Nothing here changes state,
//! reads files or wraps text the app has not already laid out.

mod article;
mod detail;
mod help;
mod legend;
mod replies;
mod status;
mod style;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Overlay};

/// Draws the whole screen for the app's current state.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if app.screen.too_small || area != app.screen.area {
        // A frame drawn before the app has heard of a resize draws nothing out of bounds.
        if app.screen.too_small {
            frame.render_widget(
                Paragraph::new("terminal too small")
                    .alignment(Alignment::Center)
                    .wrap(Wrap { trim: true }),
                area,
            );
        }
        return;
    }
    article::draw(frame, app);
    replies::draw(frame, app);
    detail::draw(frame, app);
    legend::draw(frame, app);
    status::draw(frame, app);
    if let Some(Overlay::Help { scroll }) = app.overlay {
        help::draw(frame, app, scroll);
    }
}
