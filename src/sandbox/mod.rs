//! The embedded sandbox: a stateful fake of all five provider APIs on loopback.
//! (Being built; see the foundation issue.)
