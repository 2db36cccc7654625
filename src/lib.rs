//! clientele: a keyboard-driven terminal customer manager for five provider APIs.

pub mod domain;
pub mod sandbox;
