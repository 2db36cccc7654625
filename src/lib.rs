//! clientele: a keyboard-driven terminal customer manager for five provider APIs.
//!
//! Data flows one way: terminal events become [`app::Action`]s, [`app::App::update`] changes the state and
//! returns [`worker::Command`]s, the [`worker`] calls the [`providers`] and answers with
//! [`worker::WorkerEvent`]s, and [`ui::draw`] renders the state. The [`sandbox`] fakes all five APIs.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod drafts;
pub mod event_loop;
pub mod logging;
pub mod private_file;
pub mod providers;
pub mod sandbox;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;
pub mod vault;
pub mod worker;
