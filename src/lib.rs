//! chorus: a terminal reader for an article and the conversation around it.
//!
//! Data flows one way: file (or link, through [`fetch`]) -> [`load`] -> [`model`] -> [`app`]
//! (view state) -> [`ui`] (drawing).
//! Input flows back: terminal event -> keymap -> [`app::Action`] -> [`app::App::update`].

pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod fetch;
pub mod filter;
pub mod load;
pub mod model;
pub mod mutes;
pub mod sidecar;
pub mod stats;
pub mod synth;
pub mod tone;
pub mod tui;
pub mod ui;
